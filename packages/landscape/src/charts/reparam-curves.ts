/**
 * The reparametrisation lab's 1-D curves, side by side: along a fixed raw direction (left) and along
 * a filter-normalised one (right), before (solid) and after (dashed) rescaling by α. The function is
 * the same; the raw curve changes, the filter-normalised one does not (Li et al. 2018's answer to
 * Dinh et al. 2017).
 */
import * as Plot from '@observablehq/plot';
import { type ChartOptions, type Figure, type Num, commonOption, num, palette, plot, resolveDocument, short, withDefaults } from './chart-options.js';

export interface ReparamCurvesData {
  x: readonly number[];
  curves_before: { raw: readonly Num[]; filter: readonly Num[] };
  alphas: readonly { alpha: number; curves: { raw: readonly Num[]; filter: readonly Num[] } }[];
}

export interface ReparamCurvesOptions extends ChartOptions {
  /** Which α of the result (its index). Default 0. */
  index?: number;
  /** Log loss axes. Default false. */
  log?: boolean;
}

export const reparamCurvesDefaults = { width: 640, height: 300, index: 0, log: false };

export function reparamCurves(result: ReparamCurvesData, options: ReparamCurvesOptions = {}): Figure {
  for (const [name, value] of Object.entries(options)) {
    if (commonOption(name, value)) continue;
    if (name === 'index') {
      if (value !== undefined && (!Number.isInteger(value) || (value as number) < 0)) throw new RangeError(`invalid index: ${short(value)} (an integer ≥ 0)`);
    } else if (name === 'log') {
      if (value !== undefined && typeof value !== 'boolean') throw new TypeError(`invalid log: ${short(value)} (true or false)`);
    } else throw new TypeError(`invalid option: ${name}`);
  }
  const o = withDefaults(reparamCurvesDefaults, options);
  const document = resolveDocument(o.document);
  const a = result.alphas?.[o.index];
  if (!a) throw new RangeError(`invalid index: ${o.index} (the result has ${result.alphas?.length ?? 0} α)`);
  const panel = (which: 'raw' | 'filter', title: string) => {
    const rows = [
      ...result.x.map((x, i) => ({ x, loss: num(result.curves_before[which][i]), when: 'before' })),
      ...result.x.map((x, i) => ({ x, loss: num(a.curves[which][i]), when: `after (α = ${a.alpha})` })),
    ].filter((r) => Number.isFinite(r.loss) && (!o.log || r.loss > 0));
    return plot(document, {
      width: Math.round(o.width / 2),
      height: o.height,
      marginLeft: 55,
      grid: true,
      caption: title,
      x: { label: 'a (direction)', labelArrow: 'none', labelAnchor: 'center' },
      y: { label: 'loss', labelArrow: 'none', type: o.log ? 'log' : 'linear', nice: true },
      marks: [
        Plot.ruleX([0], { stroke: '#999', strokeDasharray: '2,3' }),
        Plot.line(rows.filter((r) => r.when === 'before'), { x: 'x', y: 'loss', stroke: palette.train, strokeWidth: 2.5 }),
        Plot.line(rows.filter((r) => r.when !== 'before'), { x: 'x', y: 'loss', stroke: palette.accent, strokeWidth: 2, strokeDasharray: '5,3' }),
      ],
    });
  };
  const figure = document.createElement('figure');
  figure.setAttribute('class', 'nnll-chart');
  const h2 = document.createElement('h2');
  h2.textContent = o.title ?? `Loss along one direction, before (solid) and after (dashed) α = ${a.alpha}`;
  figure.appendChild(h2);
  const row = document.createElement('div');
  row.setAttribute('class', 'nnll-row');
  row.setAttribute('style', 'display:flex;flex-wrap:wrap;gap:8px');
  row.appendChild(panel('raw', 'raw direction (fixed)'));
  row.appendChild(panel('filter', 'filter-normalised direction'));
  figure.appendChild(row);
  return figure;
}
