/**
 * Line panels shared by the 1-D surface, interpolation and training charts: one panel per quantity
 * (loss, accuracy), one line per split (train, test), labelled at the line's end instead of an HTML
 * legend so that the label survives conversion to PNG.
 */
import * as Plot from '@observablehq/plot';
import { type Figure, type Num, checkBoolean, checkString, commonOption, num, palette, plot, short } from './chart-options.js';

export interface SeriesRow {
  x: number;
  value: number;
  series: string;
}

/** Rows of one split: x against values, NaN where the value is `null`. */
export function seriesRows(xs: readonly number[], values: readonly Num[] | null | undefined, series: string): SeriesRow[] {
  if (!Array.isArray(values)) return [];
  return xs.map((x, k) => ({ x, value: num(values[k]), series }));
}

export interface PanelOptions {
  document: Document;
  width: number;
  height: number;
  xLabel: string;
  yLabel: string;
  log?: boolean;
  /** Show the x axis label (the bottom panel only). */
  xAxisLabel?: boolean;
  dots?: boolean;
  extra?: Plot.Markish[];
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** x tick values, e.g. whole epochs. Default: Plot's. */
  xTicks?: number[];
}

/** The last finite row of each series: where its direct label goes. */
function endLabels(rows: SeriesRow[]): (SeriesRow & { dy: number })[] {
  const last = new Map<string, SeriesRow>();
  for (const row of rows) last.set(row.series, row);
  // Two labels: the higher one nudged up, the lower one down, so close lines keep readable labels.
  const ends = [...last.values()].sort((p, q) => q.value - p.value);
  return ends.map((row, k) => ({ ...row, dy: ends.length === 2 ? (k === 0 ? -6 : 6) : 0 }));
}

const colorOf = (series: string) => (series.startsWith('test') ? palette.test : palette.train);

export function linePanel(rows: SeriesRow[], o: PanelOptions): Figure {
  const finite = rows.filter((r) => Number.isFinite(r.value) && (!o.log || r.value > 0));
  const names = [...new Set(finite.map((r) => r.series))];
  const marks: Plot.Markish[] = [
    Plot.line(finite.filter((r) => !r.series.startsWith('test')), { x: 'x', y: 'value', z: 'series', stroke: palette.train, strokeWidth: 2, clip: true }),
    Plot.line(finite.filter((r) => r.series.startsWith('test')), { x: 'x', y: 'value', z: 'series', stroke: palette.test, strokeWidth: 2, strokeDasharray: '5,3', clip: true }),
  ];
  if (o.dots) marks.push(Plot.dot(finite, { x: 'x', y: 'value', r: 2.2, fill: (d: SeriesRow) => colorOf(d.series), clip: true }));
  marks.push(...(o.extra ?? []));
  if (names.length > 1) {
    for (const end of endLabels(finite)) {
      marks.push(Plot.text([end], {
        x: 'x', y: 'value', text: 'series', textAnchor: 'start', dx: 6, dy: end.dy, fill: colorOf(end.series),
        fontWeight: 'bold', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke',
      }));
    }
  }
  return plot(o.document, {
    width: o.width,
    height: o.height,
    marginLeft: 55,
    marginRight: names.length > 1 ? 45 : 20,
    marginBottom: o.xAxisLabel === false ? 25 : 40,
    x: { label: o.xAxisLabel === false ? null : o.xLabel, labelAnchor: 'center', labelArrow: 'none', domain: o.xDomain, inset: 6, ...(o.xTicks ? { ticks: o.xTicks, tickFormat: (v: number) => String(v) } : {}) },
    y: { label: o.yLabel, type: o.log ? 'log' : 'linear', grid: true, labelArrow: 'none', domain: o.yDomain, insetTop: o.yDomain ? 4 : 22, insetBottom: o.yDomain ? 0 : 16, nice: !o.yDomain },
    marks,
  });
}

/**
 * Whole-number ticks over [lo, hi] at a 1, 2, 5 × 10ᵏ step (at least 1), about `count` of them:
 * epochs are counted, so 1.5 is not a tick.
 */
export function integerTicks(lo: number, hi: number, count: number): number[] {
  if (!(hi >= lo)) return [];
  const raw = Math.max(1, (hi - lo) / Math.max(1, count));
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  const step = Math.max(1, Math.round((f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power));
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(v);
  return out;
}

/** Shared x extent of several row sets. */
export function extent(values: readonly number[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) if (Number.isFinite(v)) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return [lo, hi];
}

/**
 * Validates the options of a line-panel chart: the common ones, `log` and `accuracy`, and
 * `xLabel` and `theta` where the chart offers them; anything else is `invalid option: NAME`.
 */
export function validateLineOptions(options: object, withXLabel: boolean, withTheta = false): void {
  for (const [name, value] of Object.entries(options)) {
    if (commonOption(name, value)) continue;
    switch (name) {
      case 'theta':
        if (!withTheta) throw new TypeError(`invalid option: ${name}`);
        if (value !== undefined && typeof value !== 'boolean' && typeof value !== 'string') throw new TypeError(`invalid theta: ${short(value)} (true, false or a label)`);
        break;
      case 'log':
      case 'accuracy':
        checkBoolean(name, value);
        break;
      case 'xLabel':
        if (!withXLabel) throw new TypeError(`invalid option: ${name}`);
        checkString(name, value);
        break;
      default:
        throw new TypeError(`invalid option: ${name}`);
    }
  }
}
