/**
 * Loss surfaces: `L(a, b)` on a grid (`loss[i][j]` at `a = x[i]`, `b = y[j]`) as filled contours
 * with the grid minimum marked, and 1-D surfaces `L(a)` as a line with the minimum marked.
 */
import * as Plot from '@observablehq/plot';
import type { SurfaceResult1D, SurfaceResult2D } from './figure-result.js';
import { type ChartOptions, formatNumber, renderPlot, validateChartOptions } from './plot-document.js';

export interface SurfaceChartOptions extends ChartOptions {
  /** Number of contour levels (default 8). */
  levels?: number;
  /** Log-spaced levels: `true`, `false`, or `'auto'` (default): when all losses are positive and span more than 100×. */
  logLevels?: boolean | 'auto';
}

export const surfaceDefaults = { width: 640, height: 400, levels: 8, logLevels: 'auto' as const };

function validate(options: SurfaceChartOptions): Required<Omit<SurfaceChartOptions, 'title'>> & { title?: string } {
  const { levels, logLevels, ...chart } = options;
  validateChartOptions(chart);
  if (levels !== undefined && (!Number.isInteger(levels) || levels < 2 || levels > 50)) {
    throw new TypeError(`invalid levels: ${JSON.stringify(levels)} (an integer in 2..50)`);
  }
  if (logLevels !== undefined && logLevels !== 'auto' && typeof logLevels !== 'boolean') {
    throw new TypeError(`invalid logLevels: ${JSON.stringify(logLevels)} (true, false or "auto")`);
  }
  return { ...surfaceDefaults, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
}

function isUniform(values: number[]): boolean {
  if (values.length < 2) return false;
  const step = (values[values.length - 1] - values[0]) / (values.length - 1);
  if (!(step > 0)) return false;
  return values.every((v, i) => Math.abs(v - (values[0] + i * step)) <= 1e-6 * Math.abs(step) * values.length);
}

/** `levels` thresholds spanning [lo, hi], linear or log-spaced. */
export function contourLevels(lo: number, hi: number, levels: number, log: boolean): number[] {
  if (!(hi > lo)) return [lo];
  const out: number[] = [];
  for (let k = 0; k < levels; k++) {
    const f = k / levels;
    out.push(log ? lo * Math.pow(hi / lo, f) : lo + (hi - lo) * f);
  }
  return out;
}

export function surfaceContour(result: SurfaceResult2D, options: SurfaceChartOptions = {}): string {
  const o = validate(options);
  const { x, y, loss } = result;
  const points: { a: number; b: number; loss: number }[] = [];
  let best = { a: x[0], b: y[0], loss: Number.POSITIVE_INFINITY };
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < x.length; i++) {
    for (let j = 0; j < y.length; j++) {
      const value = loss[i][j];
      if (!Number.isFinite(value)) continue;
      points.push({ a: x[i], b: y[j], loss: value });
      if (value < best.loss) best = { a: x[i], b: y[j], loss: value };
      if (value > hi) hi = value;
    }
  }
  const lo = best.loss;
  const log = o.logLevels === 'auto' ? lo > 0 && hi / lo > 100 : o.logLevels && lo > 0;
  const thresholds = contourLevels(lo, hi, o.levels, log);
  const color = {
    type: 'threshold' as const,
    domain: thresholds.slice(1),
    scheme: 'viridis' as const,
    legend: true,
    label: 'loss',
    width: Math.min(o.width, 420),
    tickFormat: (v: number) => String(Number(v.toPrecision(2))),
  };
  let contour: Plot.Markish;
  if (isUniform(x) && isUniform(y)) {
    // Grid mode: Plot samples cell centers, so extend the extent by half a step on each side.
    const dx = (x[x.length - 1] - x[0]) / (x.length - 1);
    const dy = (y[y.length - 1] - y[0]) / (y.length - 1);
    const values = new Float64Array(x.length * y.length);
    for (let j = 0; j < y.length; j++) for (let i = 0; i < x.length; i++) values[j * x.length + i] = loss[i][j];
    contour = Plot.contour(values, {
      x1: x[0] - dx / 2, x2: x[x.length - 1] + dx / 2,
      y1: y[0] - dy / 2, y2: y[y.length - 1] + dy / 2,
      width: x.length, height: y.length,
      fill: Plot.identity, stroke: 'white', strokeOpacity: 0.35, strokeWidth: 0.5,
      thresholds,
    });
  } else {
    contour = Plot.contour(points, {
      x: 'a', y: 'b', fill: 'loss', interpolate: 'barycentric',
      stroke: 'white', strokeOpacity: 0.35, strokeWidth: 0.5, thresholds,
    });
  }
  return renderPlot({
    width: o.width,
    height: o.height,
    title: o.title,
    x: { label: 'a (direction 1)' },
    y: { label: 'b (direction 2)' },
    color,
    marks: [
      contour,
      Plot.dot([best], { x: 'a', y: 'b', symbol: 'star', r: 7, fill: '#e4572e', stroke: 'white', strokeWidth: 1.5 }),
      Plot.text([best], {
        x: 'a', y: 'b', dy: -12, fill: 'white', stroke: 'black', strokeWidth: 3, paintOrder: 'stroke',
        text: (d: typeof best) => `min ${formatNumber(d.loss)} at (${formatNumber(d.a)}, ${formatNumber(d.b)})`,
      }),
    ],
  });
}

export function surfaceLine(result: SurfaceResult1D, options: SurfaceChartOptions = {}): string {
  const o = validate(options);
  const points = result.x.map((a, i) => ({ a, loss: result.loss[i] })).filter((p) => Number.isFinite(p.loss));
  const best = points.reduce((m, p) => (p.loss < m.loss ? p : m), points[0] ?? { a: 0, loss: Number.NaN });
  return renderPlot({
    width: o.width,
    height: options.height ?? 320,
    title: o.title,
    x: { label: 'a (direction)' },
    y: { label: 'loss', grid: true },
    marks: [
      Plot.line(points, { x: 'a', y: 'loss', stroke: '#2f6f9f', strokeWidth: 2 }),
      Plot.dot([best], { x: 'a', y: 'loss', symbol: 'star', r: 7, fill: '#e4572e' }),
      Plot.text([best], { x: 'a', y: 'loss', dy: -12, text: (d: typeof best) => `min ${formatNumber(d.loss)} at ${formatNumber(d.a)}` }),
    ],
  });
}
