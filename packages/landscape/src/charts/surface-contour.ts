/**
 * A 2-D loss surface L(a, b), `loss[i][j]` at a = x[i], b = y[j], as filled contour bands with
 * contour lines, the grid minimum starred (the maximum for accuracy), an optional log scale for
 * losses spanning decades, an optional clip (loss-landscape's `vmax`/`zmax`) so exploding edges
 * do not flatten the basin, and an optional trajectory (PCA coordinates) drawn on top.
 * see: Li, Xu, Taylor, Studer & Goldstein 2018, "Visualizing the Loss Landscape of Neural Nets", fig. 5–9.
 */
import * as Plot from '@observablehq/plot';
import {
  type ChartOptions, type Figure, type Num, checkBoolean, checkString, commonOption, formatNumber,
  num, plot, resolveDocument, short, stack, withDefaults,
} from './chart-options.js';
import { niceLevels } from './levels.js';

export type SurfaceMetric = 'loss' | 'accuracy' | 'test_loss' | 'test_accuracy';

/** A surface as `nnll surface` returns it; `computeSurface`'s SurfaceResult fits. */
export interface SurfaceChartData {
  x: readonly number[];
  y?: readonly number[];
  loss: readonly (readonly Num[])[] | readonly Num[];
  accuracy?: readonly (readonly Num[])[] | readonly Num[] | null;
  test_loss?: readonly (readonly Num[])[] | readonly Num[];
  test_accuracy?: readonly (readonly Num[])[] | readonly Num[] | null;
}

export interface SurfaceContourOptions extends ChartOptions {
  /** Which grid to draw. Default 'loss'. */
  metric?: SurfaceMetric;
  /** Log-spaced levels: true, false, or 'auto' (default): when all values are positive and span more than 100×. */
  log?: boolean | 'auto';
  /** About how many contour levels. Default 10. */
  levels?: number;
  /** Values above this are drawn in the top band (loss-landscape's vmax). Default: none. */
  max?: number;
  /** White contour lines between the bands. Default true. */
  lines?: boolean;
  /** Observable Plot colour scheme of the bands. Default 'viridis'. */
  scheme?: string;
  /** A path on the plane, e.g. training checkpoints projected on PCA directions. Default: none. */
  trajectory?: { a: readonly number[]; b: readonly number[] };
  /** Axis labels. Defaults 'a (direction 1)' and 'b (direction 2)'. */
  xLabel?: string;
  yLabel?: string;
}

export const surfaceContourDefaults = {
  width: 640,
  height: 480,
  metric: 'loss' as SurfaceMetric,
  log: 'auto' as boolean | 'auto',
  levels: 10,
  lines: true,
  scheme: 'viridis',
  xLabel: 'a (direction 1)',
  yLabel: 'b (direction 2)',
};

const METRICS: readonly SurfaceMetric[] = ['loss', 'accuracy', 'test_loss', 'test_accuracy'];

function validate(options: SurfaceContourOptions): void {
  for (const [name, value] of Object.entries(options)) {
    if (commonOption(name, value)) continue;
    switch (name) {
      case 'metric':
        if (value !== undefined && !METRICS.includes(value as SurfaceMetric)) throw new RangeError(`invalid metric: ${short(value)} (${METRICS.join(', ')})`);
        break;
      case 'log':
        if (value !== undefined && value !== 'auto' && typeof value !== 'boolean') throw new TypeError(`invalid log: ${short(value)} (true, false or "auto")`);
        break;
      case 'levels':
        if (value !== undefined && (!Number.isInteger(value) || (value as number) < 2 || (value as number) > 50)) throw new RangeError(`invalid levels: ${short(value)} (an integer in 2..50)`);
        break;
      case 'max':
        if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) throw new TypeError(`invalid max: ${short(value)} (a number)`);
        break;
      case 'lines':
        checkBoolean(name, value);
        break;
      case 'scheme':
      case 'xLabel':
      case 'yLabel':
        checkString(name, value);
        break;
      case 'trajectory': {
        const t = value as SurfaceContourOptions['trajectory'];
        if (t !== undefined && (typeof t !== 'object' || t === null || !Array.isArray(t.a) || !Array.isArray(t.b) || t.a.length !== t.b.length)) {
          throw new TypeError(`invalid trajectory: ${short(value)} ({a: number[], b: number[]} of equal length)`);
        }
        break;
      }
      default:
        throw new TypeError(`invalid option: ${name}`);
    }
  }
}

function isUniform(values: readonly number[]): boolean {
  if (values.length < 2) return false;
  const step = (values[values.length - 1] - values[0]) / (values.length - 1);
  if (!(step > 0)) return false;
  return values.every((v, i) => Math.abs(v - (values[0] + i * step)) <= 1e-6 * Math.abs(step) * values.length);
}

/** The grid of one metric, checked against x and y; throws naming the field. */
export function surfaceGrid(result: SurfaceChartData, metric: SurfaceMetric): number[][] {
  const { x, y } = result;
  if (!Array.isArray(y)) throw new TypeError('invalid result: a 2-D surface needs y (use surfaceLine for 1-D)');
  const grid = result[metric];
  if (!Array.isArray(grid) || grid.length !== x.length) {
    throw new TypeError(`invalid result: ${metric} must be ${x.length} rows (one per x) of ${y.length} numbers, got ${short(grid)}`);
  }
  return grid.map((row, i) => {
    if (!Array.isArray(row) || row.length !== y.length) throw new TypeError(`invalid result: ${metric}[${i}] must have ${y.length} numbers, got ${short(row)}`);
    return row.map((v) => num(v as Num));
  });
}

export function surfaceContour(result: SurfaceChartData, options: SurfaceContourOptions = {}): Figure {
  validate(options);
  const o = withDefaults(surfaceContourDefaults, options);
  const document = resolveDocument(o.document);
  const { x, y } = result as unknown as { x: number[]; y: number[] };
  const z = surfaceGrid(result, o.metric);
  const higherIsBetter = o.metric.endsWith('accuracy');
  let best = { a: Number.NaN, b: Number.NaN, value: Number.NaN };
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let holes = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = 0; j < y.length; j++) {
      const v = z[i][j];
      if (!Number.isFinite(v)) {
        holes++;
        continue;
      }
      if (Number.isNaN(best.value) || (higherIsBetter ? v > best.value : v < best.value)) best = { a: x[i], b: y[j], value: v };
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (!Number.isFinite(lo)) throw new RangeError(`invalid result: ${o.metric} has no finite values`);
  const top = o.max !== undefined ? Math.min(hi, o.max) : hi;
  const log = o.log === 'auto' ? lo > 0 && top / lo > 100 : o.log && lo > 0;
  const levels = niceLevels(lo, top, o.levels, log);
  const thresholds = [lo, ...levels];
  const clipped = (v: number) => (o.max !== undefined && v > o.max ? o.max : v);

  const name = o.metric.replace('_', ' ');
  const color = {
    type: 'threshold',
    domain: levels.length > 0 ? levels : [lo],
    scheme: o.scheme as Plot.ColorScheme,
    legend: true,
    label: `${name}${log ? ' (log levels)' : ''}${o.max !== undefined && hi > o.max ? `, clipped at ${formatNumber(o.max)}` : ''}${holes > 0 ? '; grey: not computed' : ''}`,
    width: Math.min(o.width, 420),
    tickFormat: (v: number) => formatNumber(v),
  } as Plot.ScaleOptions;
  const lines = o.lines ? { stroke: 'white', strokeOpacity: 0.5, strokeWidth: 0.6 } : {};
  let contour: Plot.Markish;
  let xDomain: [number, number];
  let yDomain: [number, number];
  if (isUniform(x) && isUniform(y)) {
    // Grid mode samples cell centres, and d3-contour cuts the corners of the outermost cells. So the
    // grid is padded with a copy of its edge values (one cell on each side), laid out so that sample
    // (i, j) sits exactly at (x[i], y[j]), and the frame clips the view to the sampled square.
    const dx = (x[x.length - 1] - x[0]) / (x.length - 1);
    const dy = (y[y.length - 1] - y[0]) / (y.length - 1);
    const w = x.length + 2;
    const h = y.length + 2;
    const values = new Float64Array(w * h);
    const at = (i: number, j: number) => clipped(z[Math.min(x.length - 1, Math.max(0, i - 1))][Math.min(y.length - 1, Math.max(0, j - 1))]);
    for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) values[j * w + i] = at(i, j);
    xDomain = [x[0], x[x.length - 1]];
    yDomain = [y[0], y[y.length - 1]];
    contour = Plot.contour(values, {
      x1: x[0] - 1.5 * dx, x2: x[x.length - 1] + 1.5 * dx, y1: y[0] - 1.5 * dy, y2: y[y.length - 1] + 1.5 * dy,
      width: w, height: h, fill: Plot.identity, thresholds, clip: true, ...lines,
    });
  } else {
    const points: { a: number; b: number; v: number }[] = [];
    x.forEach((a, i) => y.forEach((b, j) => {
      if (Number.isFinite(z[i][j])) points.push({ a, b, v: clipped(z[i][j]) });
    }));
    xDomain = [Math.min(...x), Math.max(...x)];
    yDomain = [Math.min(...y), Math.max(...y)];
    contour = Plot.contour(points, { x: 'a', y: 'b', fill: 'v', interpolate: 'barycentric', thresholds, ...lines });
  }

  const marks: Plot.Markish[] = [contour];
  // Points not computed (an interrupted run) are grey cells, not a guess from their neighbours.
  const edges = (v: readonly number[], k: number): [number, number] => [
    k === 0 ? v[0] : (v[k - 1] + v[k]) / 2,
    k === v.length - 1 ? v[k] : (v[k] + v[k + 1]) / 2,
  ];
  const missing: { x1: number; x2: number; y1: number; y2: number }[] = [];
  x.forEach((_, i) => y.forEach((_, j) => {
    if (Number.isFinite(z[i][j])) return;
    const [x1, x2] = edges(x, i);
    const [y1, y2] = edges(y, j);
    missing.push({ x1, x2, y1, y2 });
  }));
  if (missing.length > 0) marks.push(Plot.rect(missing, { x1: 'x1', x2: 'x2', y1: 'y1', y2: 'y2', fill: '#e6e6e6', inset: -0.5 }));
  if (o.trajectory && o.trajectory.a.length > 0) {
    const path = o.trajectory.a.map((a, k) => ({ a, b: o.trajectory!.b[k], k })).filter((p) => Number.isFinite(p.a) && Number.isFinite(p.b));
    const ends = [{ ...path[0], label: 'start' }, { ...path[path.length - 1], label: 'end' }];
    marks.push(
      Plot.line(path, { x: 'a', y: 'b', stroke: 'white', strokeWidth: 3.5, strokeOpacity: 0.8, clip: true }),
      Plot.line(path, { x: 'a', y: 'b', stroke: '#d62728', strokeWidth: 1.5, clip: true }),
      Plot.dot(path, { x: 'a', y: 'b', r: 2, fill: '#d62728', stroke: 'white', strokeWidth: 0.5, clip: true }),
      Plot.text(ends, {
        x: 'a', y: 'b', text: 'label', dy: -9, fill: 'white', stroke: 'black', strokeWidth: 3, paintOrder: 'stroke', clip: true,
      }),
    );
  }
  const right = best.a > (xDomain[0] + xDomain[1]) / 2;
  const low = best.b < (yDomain[0] + yDomain[1]) / 2;
  marks.push(
    Plot.dot([best], { x: 'a', y: 'b', symbol: 'star', r: 8, fill: '#e4572e', stroke: 'white', strokeWidth: 1.5 }),
    Plot.text([best], {
      x: 'a', y: 'b', dx: right ? -10 : 10, dy: low ? -12 : 14, textAnchor: right ? 'end' : 'start',
      fill: 'white', stroke: 'black', strokeWidth: 3, paintOrder: 'stroke', fontSize: 11,
      text: (d: typeof best) => `${higherIsBetter ? 'max' : 'min'} ${formatNumber(d.value)} at (${formatNumber(d.a)}, ${formatNumber(d.b)})`,
    }),
  );
  const chart = plot(document, {
    width: o.width,
    height: o.height,
    marginLeft: 50,
    marginBottom: 40,
    x: { domain: xDomain, label: o.xLabel, labelAnchor: 'center', labelArrow: 'none' },
    y: { domain: yDomain, label: o.yLabel, labelAnchor: 'center', labelArrow: 'none' },
    color,
    marks,
  });
  return stack(document, [chart], o.title);
}
