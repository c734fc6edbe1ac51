/**
 * A 2-D loss surface L(a, b), `loss[i][j]` at a = x[i], b = y[j], as filled contour bands with
 * contour lines, the grid minimum starred (the maximum for accuracy), the model itself — θ, the
 * origin a = b = 0 — marked ⊙, an optional log scale for losses spanning decades, an optional clip
 * (loss-landscape's `vmax`/`zmax`) so exploding edges do not flatten the basin, and an optional
 * trajectory (PCA coordinates) drawn on top. The colour bar labels its minimum and maximum.
 * Panels meant to be compared (train and test, two models) must share their contour levels and
 * colours, or a finer level step makes one basin look sharper: `surfaceScale` computes one scale
 * for several surfaces, passed to each chart as `thresholds`, `domain` and `log`.
 * see: Li, Xu, Taylor, Studer & Goldstein 2018, "Visualizing the Loss Landscape of Neural Nets", fig. 5–9.
 */
import * as Plot from '@observablehq/plot';
import {
  type ChartOptions, type Figure, type Num, checkBoolean, checkString, commonOption, formatNumber,
  num, plot, resolveDocument, short, stack, withDefaults,
} from './chart-options.js';
import { niceLevels } from './levels.js';
import { bandColours, colourBar } from './colour-bar.js';
import { THETA_RADIUS, labelsMark, starRadius, thetaMark, type PointLabel } from './labels.js';

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
  /**
   * Contour levels (band boundaries), increasing, e.g. `surfaceScale(…).thresholds` shared by
   * panels that are compared. Default: about `levels` nice values over the colour domain.
   */
  thresholds?: readonly number[];
  /**
   * [min, max] of the colour scale, the colour bar's ends, e.g. `surfaceScale(…).domain`. Values
   * outside are drawn in the end bands. Default: the grid's own range (up to `max`).
   */
  domain?: readonly [number, number];
  /** Mark θ, the origin a = b = 0, when it lies inside the grid: true (label 'θ'), a label, or false. Default true. */
  theta?: boolean | string;
}

/** One colour scale for several panels: pass it to each `surfaceContour` (`{ ...scale, document }`). */
export interface SurfaceScale {
  thresholds: number[];
  domain: [number, number];
  log: boolean;
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
  theta: true as boolean | string,
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
      case 'thresholds':
        if (value !== undefined && (!Array.isArray(value) || !value.every((v, k) => typeof v === 'number' && Number.isFinite(v) && (k === 0 || v > value[k - 1])))) {
          throw new TypeError(`invalid thresholds: ${short(value)} (increasing numbers)`);
        }
        break;
      case 'domain':
        if (value !== undefined && (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === 'number' && Number.isFinite(v)) || !(value[0] <= value[1]))) {
          throw new TypeError(`invalid domain: ${short(value)} ([min, max] with min ≤ max)`);
        }
        break;
      case 'theta':
        if (value !== undefined && typeof value !== 'boolean' && typeof value !== 'string') throw new TypeError(`invalid theta: ${short(value)} (true, false or a label)`);
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

/** Finite range of several grids (or one); throws when a grid has no finite value. */
function rangeOf(grids: readonly { z: number[][]; metric: SurfaceMetric }[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const { z, metric } of grids) {
    let any = false;
    for (const row of z) for (const v of row) if (Number.isFinite(v)) {
      any = true;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (!any) throw new RangeError(`invalid result: ${metric} has no finite values`);
  }
  return [lo, hi];
}

const useLog = (log: boolean | 'auto', lo: number, top: number) => (log === 'auto' ? lo > 0 && top / lo > 100 : log && lo > 0);

/**
 * One colour scale for surfaces that are compared: the range of all their finite values (up to
 * `max`), nice contour levels over it, and one log choice. Pass it to every panel:
 * `surfaceContour(train, { ...scale, document })`, `surfaceContour(test, { ...scale, metric: 'test_loss', document })`.
 */
export function surfaceScale(panels: readonly { result: SurfaceChartData; metric?: SurfaceMetric }[], options: Pick<SurfaceContourOptions, 'levels' | 'log' | 'max'> = {}): SurfaceScale {
  validate(options);
  if (!Array.isArray(panels) || panels.length === 0) throw new TypeError(`invalid panels: ${short(panels)} (one or more {result, metric})`);
  for (const p of panels) validate({ metric: p?.metric });
  const o = withDefaults({ levels: surfaceContourDefaults.levels, log: surfaceContourDefaults.log }, options);
  const [lo, hi] = rangeOf(panels.map((p) => ({ z: surfaceGrid(p.result, p.metric ?? 'loss'), metric: p.metric ?? 'loss' })));
  const top = o.max !== undefined ? Math.max(lo, Math.min(hi, o.max)) : hi;
  const log = useLog(o.log, lo, top);
  return { thresholds: niceLevels(lo, top, o.levels, log), domain: [lo, top], log };
}

export function surfaceContour(result: SurfaceChartData, options: SurfaceContourOptions = {}): Figure {
  validate(options);
  const o = withDefaults(surfaceContourDefaults, options);
  const document = resolveDocument(o.document);
  const { x, y } = result as unknown as { x: number[]; y: number[] };
  const z = surfaceGrid(result, o.metric);
  const higherIsBetter = o.metric.endsWith('accuracy');
  let best = { a: Number.NaN, b: Number.NaN, value: Number.NaN };
  let holes = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = 0; j < y.length; j++) {
      const v = z[i][j];
      if (!Number.isFinite(v)) {
        holes++;
        continue;
      }
      if (Number.isNaN(best.value) || (higherIsBetter ? v > best.value : v < best.value)) best = { a: x[i], b: y[j], value: v };
    }
  }
  const [dataLo, dataHi] = rangeOf([{ z, metric: o.metric }]);
  // The colour scale: the given domain (shared with other panels) or the grid's range, up to `max`.
  const lo = o.domain ? o.domain[0] : dataLo;
  let top = o.domain ? o.domain[1] : dataHi;
  if (o.max !== undefined) top = Math.min(top, o.max);
  top = Math.max(lo, top);
  const log = useLog(o.log, lo, top);
  const levels = o.thresholds ? o.thresholds.filter((v) => v > lo && v < top) : niceLevels(lo, top, o.levels, log);
  // Given thresholds fix the colours by themselves: a band has the same colour in every panel
  // drawn with them, whichever of the bands a panel's range reaches.
  const scale = o.thresholds && o.thresholds.length > 0 ? [...o.thresholds] : levels;
  const thresholds = [lo, ...levels];
  // Values outside the scale are drawn in its end bands.
  const clipped = (v: number) => Math.min(Math.max(v, lo), top);

  const name = o.metric.replace('_', ' ');
  const label = `${name}${log ? ' (log levels)' : ''}${dataHi > top ? `, clipped at ${formatNumber(top)}` : ''}${dataLo < lo ? `, below ${formatNumber(lo)} in the lowest band` : ''}${holes > 0 ? '; grey: not computed' : ''}`;
  const bar = colourBar(document, { thresholds: levels, scale, domain: [lo, top], scheme: o.scheme, label, width: Math.min(o.width, 420) });
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
  // Labels are placed together (labels.ts) so that none covers another or a marker.
  const labels: PointLabel[] = [{
    x: best.a, y: best.b, text: `${higherIsBetter ? 'max' : 'min'} ${formatNumber(best.value)} at (${formatNumber(best.a)}, ${formatNumber(best.b)})`,
    fill: 'white', halo: 'black', gap: 1.45 * starRadius(8, 1.5),
  }];
  const obstacles = [{ x: best.a, y: best.b, r: starRadius(8, 1.5) }];
  const thetaInside = o.theta !== false && xDomain[0] <= 0 && 0 <= xDomain[1] && yDomain[0] <= 0 && 0 <= yDomain[1];
  if (thetaInside) {
    labels.push({ x: 0, y: 0, text: o.theta === true ? 'θ' : String(o.theta), fill: 'white', halo: 'black', bold: true, fontSize: 12, gap: 9 });
    obstacles.push({ x: 0, y: 0, r: THETA_RADIUS });
  }
  if (o.trajectory && o.trajectory.a.length > 0) {
    const path = o.trajectory.a.map((a, k) => ({ a, b: o.trajectory!.b[k], k })).filter((p) => Number.isFinite(p.a) && Number.isFinite(p.b));
    marks.push(
      Plot.line(path, { x: 'a', y: 'b', stroke: 'white', strokeWidth: 3.5, strokeOpacity: 0.8, clip: true }),
      Plot.line(path, { x: 'a', y: 'b', stroke: '#d62728', strokeWidth: 1.5, clip: true }),
      Plot.dot(path, { x: 'a', y: 'b', r: 2, fill: '#d62728', stroke: 'white', strokeWidth: 0.5, clip: true }),
    );
    if (path.length > 0) {
      for (const e of [{ ...path[path.length - 1], text: 'end' }, { ...path[0], text: 'start' }]) labels.push({ x: e.a, y: e.b, text: e.text, fill: 'white', halo: 'black', gap: 6 });
      // Labels keep off the path: its checkpoints and the middle of each segment.
      path.forEach((p, k) => {
        obstacles.push({ x: p.a, y: p.b, r: 3 });
        if (k > 0) obstacles.push({ x: (p.a + path[k - 1].a) / 2, y: (p.b + path[k - 1].b) / 2, r: 2 });
      });
    }
  }
  marks.push(Plot.dot([best], { x: 'a', y: 'b', symbol: 'star', r: 8, fill: '#e4572e', stroke: 'white', strokeWidth: 1.5 }));
  if (thetaInside) marks.push(thetaMark(0, 0));
  marks.push(labelsMark(labels, obstacles));
  const chart = plot(document, {
    width: o.width,
    height: o.height,
    marginTop: 20,
    marginRight: 20,
    marginLeft: 50,
    marginBottom: 40,
    x: { domain: xDomain, label: o.xLabel, labelAnchor: 'center', labelArrow: 'none' },
    y: { domain: yDomain, label: o.yLabel, labelAnchor: 'center', labelArrow: 'none' },
    color: bandColours(scale, [lo, top], o.scheme),
    marks,
  });
  const figure = stack(document, [bar, chart], o.title);
  return figure;
}
