/**
 * Hessian spectrum: the estimated eigenvalue density on a log y axis, with the computed top
 * eigenvalues as vertical rules. Density values ≤ 0 cannot sit on a log axis and are dropped.
 */
import * as Plot from '@observablehq/plot';
import type { HessianResult } from './figure-result.js';
import { type ChartOptions, formatNumber, renderPlot, validateChartOptions } from './plot-document.js';

export type HessianChartOptions = ChartOptions;

export const hessianDefaults = { width: 640, height: 320 };

export function hessianDensity(result: HessianResult, options: HessianChartOptions = {}): string {
  validateChartOptions(options);
  const o = { ...hessianDefaults, ...options };
  const density = result.density
    ? result.density.x.map((x, k) => ({ x, y: result.density!.y[k] })).filter((p) => p.y > 0 && Number.isFinite(p.x))
    : [];
  const eigen = result.eigenvalues.filter(Number.isFinite).map((value, k) => ({ value, k }));
  const marks: Plot.Markish[] = [];
  if (density.length > 0) marks.push(Plot.line(density, { x: 'x', y: 'y', stroke: '#2f6f9f', strokeWidth: 1.5 }));
  marks.push(
    Plot.ruleX(eigen, { x: 'value', stroke: '#e4572e', strokeWidth: 1.5, strokeOpacity: 0.8 }),
    Plot.text(eigen.slice(0, 1), {
      x: 'value', frameAnchor: 'top', dy: 6, textAnchor: 'end', dx: -4, fill: '#e4572e',
      text: (d: { value: number }) => `λmax ${formatNumber(d.value)}`,
    }),
  );
  return renderPlot({
    width: o.width,
    height: o.height,
    title: o.title,
    x: { label: 'eigenvalue' },
    y: density.length > 0 ? { type: 'log', label: 'density', grid: true } : { axis: null },
    marks,
  });
}
