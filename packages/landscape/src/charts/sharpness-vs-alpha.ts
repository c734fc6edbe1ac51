/**
 * The reparametrisation lab over several α (Dinh et al. 2017): each measure's ratio after/before
 * against α on log–log axes, with the guides 1 (invariant) and max(α², 1/α²) (how the raw λmax
 * grows once the block of the layer scaled down dominates the Hessian), each line labelled at its
 * end (lines ending together share one label).
 */
import * as Plot from '@observablehq/plot';
import { type ChartOptions, type Figure, type Num, commonOption, num, palette, plot, resolveDocument, short, stack, withDefaults } from './chart-options.js';

export interface ReparamChartData {
  alphas: readonly { alpha: number; measures: readonly { name: string; ratio: Num; invariant: boolean }[] }[];
  x?: readonly number[];
  curves_before?: { raw: readonly Num[]; filter: readonly Num[] };
}

export interface SharpnessVsAlphaOptions extends ChartOptions {
  /** Measures drawn (default: every one the result has). */
  measures?: readonly string[];
}

export const sharpnessVsAlphaDefaults = { width: 640, height: 380 };

export function sharpnessVsAlpha(result: ReparamChartData, options: SharpnessVsAlphaOptions = {}): Figure {
  for (const [name, value] of Object.entries(options)) {
    if (commonOption(name, value)) continue;
    if (name === 'measures') {
      if (value !== undefined && (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))) throw new TypeError(`invalid measures: ${short(value)} (a list of measure names)`);
    } else throw new TypeError(`invalid option: ${name}`);
  }
  const o = withDefaults(sharpnessVsAlphaDefaults, options);
  const document = resolveDocument(o.document);
  if (!Array.isArray(result.alphas) || result.alphas.length === 0) throw new TypeError(`invalid result: alphas must be a non-empty array, got ${short(result.alphas)}`);
  const rows = result.alphas.flatMap((a) => a.measures.filter((m: { name: string }) => !o.measures || o.measures.includes(m.name)).map((m: { name: string; ratio: Num }) => ({ alpha: a.alpha, name: m.name, ratio: Math.abs(num(m.ratio)) })))
    .filter((r) => Number.isFinite(r.ratio) && r.ratio > 0 && r.alpha > 0);
  if (rows.length === 0) throw new RangeError('invalid result: no measure has a positive ratio');
  const alphas = [...new Set(rows.map((r) => r.alpha))].sort((a, b) => a - b);
  const guide = alphas.map((a) => ({ alpha: a, square: Math.max(a * a, 1 / (a * a)), one: 1 }));
  const ends = [...new Map(rows.map((r) => [r.name, r])).values()].map((r) => rows.filter((q) => q.name === r.name).reduce((m, q) => (q.alpha > m.alpha ? q : m)));
  // lines ending at the same height (within 2 %) share one label
  const last: typeof ends = [];
  for (const e of ends.sort((p, q) => p.ratio - q.ratio)) {
    const near = last.find((l) => Math.abs(Math.log(l.ratio / e.ratio)) < 0.02);
    if (near) near.name = `${near.name}\n${e.name}`;
    else last.push({ ...e });
  }
  const panel = plot(document, {
    width: o.width,
    height: o.height,
    marginLeft: 60,
    marginRight: 200,
    grid: true,
    x: { type: 'log', label: 'α', labelArrow: 'none', labelAnchor: 'center' },
    y: { type: 'log', label: 'after / before', labelArrow: 'none' },
    color: { legend: false },
    marks: [
      Plot.line(guide, { x: 'alpha', y: 'square', stroke: palette.muted, strokeDasharray: '6,4' }),
      Plot.line(guide, { x: 'alpha', y: 'one', stroke: palette.muted, strokeDasharray: '2,3' }),
      Plot.text(guide.slice(-1), { x: 'alpha', y: 'square', text: () => (alphas[alphas.length - 1] >= 1 ? 'α²' : '1/α²'), dx: -10, dy: -10, textAnchor: 'end', fill: palette.muted, fontWeight: 'bold' }),
      Plot.line(rows, { x: 'alpha', y: 'ratio', z: 'name', stroke: 'name', strokeWidth: 2, marker: 'circle' }),
      Plot.text(last.filter((l) => !l.name.includes('\n')), { x: 'alpha', y: 'ratio', text: 'name', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke', fill: 'name', dx: 8, textAnchor: 'start' }),
      Plot.text(last.filter((l) => l.name.includes('\n')), { x: 'alpha', y: 'ratio', text: 'name', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke', fill: '#333', dx: 8, textAnchor: 'start', lineAnchor: 'middle' }),
    ],
  });
  return stack(document, [panel], o.title ?? 'Sharpness after rescaling a layer by α and the next by 1/α');
}
