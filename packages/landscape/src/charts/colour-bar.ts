/**
 * The colour bar of a contour chart: one equal-width swatch per band between its thresholds, the
 * thresholds as ticks, and the bar's two ends labelled (bold) with the scale's minimum and maximum —
 * which Plot's threshold legend leaves unlabelled, so a reader cannot tell what the darkest and
 * brightest bands stand for. Interior labels that would collide are dropped (their ticks stay).
 */
import * as Plot from '@observablehq/plot';
import { type Figure, formatNumber, plot } from './chart-options.js';
import { textWidth } from './labels.js';

export interface ColourBarOptions {
  /** Band boundaries strictly inside `domain`, ascending. */
  thresholds: readonly number[];
  /** The colour scale's thresholds (bands keep their colours when a panel shows only some). Default `thresholds`. */
  scale?: readonly number[];
  /** [min, max] of the scale: the bar's ends. */
  domain: readonly [number, number];
  scheme: string;
  label: string;
  width: number;
}

const FONT = 10;

/** The threshold colour scale shared by the bar and the chart: band i (from `domain[0]`) gets colour i. */
export function bandColours(thresholds: readonly number[], domain: readonly [number, number], scheme: string): Plot.ScaleOptions {
  return { type: 'threshold', domain: thresholds.length > 0 ? [...thresholds] : [domain[0]], scheme: scheme as Plot.ColorScheme };
}

export function colourBar(document: Document, o: ColourBarOptions): Figure {
  const [lo, hi] = o.domain;
  const edges = [lo, ...o.thresholds, hi];
  const k = edges.length - 1;
  const bands = edges.slice(0, -1).map((v, i) => ({ x1: i, x2: i + 1, v }));
  const labelOf = (j: number) => formatNumber(edges[j]);
  const half = (j: number) => textWidth(labelOf(j), FONT, j === 0 || j === k) / 2;
  const marginLeft = Math.max(10, Math.ceil(half(0)) + 2);
  const marginRight = Math.max(10, Math.ceil(half(k)) + 2);
  const step = (o.width - marginLeft - marginRight) / k;
  // Ends always; an interior label only where it clears the last one kept and the right end.
  const kept = [0];
  for (let j = 1; j < k; j++) {
    const last = kept[kept.length - 1];
    if ((j - last) * step >= half(last) + half(j) + 6 && (k - j) * step >= half(j) + half(k) + 6) kept.push(j);
  }
  kept.push(k);
  const ticks = edges.map((_, j) => ({ x: j, label: kept.includes(j) ? labelOf(j) : '', end: j === 0 || j === k }));
  return plot(document, {
    width: o.width,
    height: 52,
    marginTop: 20,
    marginBottom: 18,
    marginLeft,
    marginRight,
    x: { domain: [0, k], axis: null },
    y: { domain: [0, 1], axis: null },
    color: bandColours(o.scale ?? o.thresholds, o.domain, o.scheme),
    marks: [
      Plot.barX(bands, { x1: 'x1', x2: 'x2', fill: 'v' }),
      Plot.ruleX(ticks, { x: 'x', y1: -0.35, y2: 1, stroke: 'black', strokeWidth: 1 }),
      Plot.text(ticks.filter((t) => t.label !== '' && !t.end), { x: 'x', y: 0, dy: 13, text: 'label', fontSize: FONT, fill: 'black' }),
      Plot.text(ticks.filter((t) => t.end), { x: 'x', y: 0, dy: 13, text: 'label', fontSize: FONT, fontWeight: 'bold', fill: 'black' }),
      Plot.text([o.label], { text: (d: string) => d, frameAnchor: 'top-left', dy: -11, dx: -marginLeft + 2, textAnchor: 'start', fontWeight: 'bold', fontSize: FONT + 1, fill: 'black' }),
    ],
  });
}
