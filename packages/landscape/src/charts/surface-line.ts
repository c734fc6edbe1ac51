/**
 * A 1-D loss surface L(a) = loss(θ + a·d): loss on top (train, and test when present) with the
 * train minimum starred and θ itself (a = 0) marked ⊙ on the curve and dotted across the panels,
 * accuracy below when the result has it — loss-landscape's `plot_1d_loss_err` as two panels
 * sharing the a axis instead of twin y axes. Labels are placed so that they do not collide.
 */
import * as Plot from '@observablehq/plot';
import {
  type ChartOptions, type Figure, formatNumber, hasValues,
  num, palette, resolveDocument, short, stack, withDefaults,
} from './chart-options.js';
import { extent, linePanel, seriesRows, validateLineOptions } from './series.js';
import type { SurfaceChartData } from './surface-contour.js';
import { valueAt } from './interpolation-path.js';
import { THETA_RADIUS, labelsMark, starRadius, thetaMark, type PointLabel } from './labels.js';

export interface SurfaceLineOptions extends ChartOptions {
  /** Log-scale loss axis. Default false. */
  log?: boolean;
  /** Draw the accuracy panel when the result has accuracy. Default true. */
  accuracy?: boolean;
  /** x axis label. Default 'a (direction)'. */
  xLabel?: string;
  /** Mark θ (a = 0) when it lies inside the range: true (label 'θ'), a label, or false. Default true. */
  theta?: boolean | string;
}

export const surfaceLineDefaults = { width: 640, height: 260, log: false, accuracy: true, xLabel: 'a (direction)', theta: true as boolean | string };

function line(result: SurfaceChartData, field: 'loss' | 'accuracy' | 'test_loss' | 'test_accuracy'): number[] | null {
  const values = result[field];
  if (values === undefined || values === null) return null;
  if (!Array.isArray(values) || values.length !== result.x.length || values.some((v) => Array.isArray(v))) {
    throw new TypeError(`invalid result: ${field} must be ${result.x.length} numbers (one per x), got ${short(values)}`);
  }
  return (values as (number | null)[]).map(num);
}

export function surfaceLine(result: SurfaceChartData, options: SurfaceLineOptions = {}): Figure {
  validateLineOptions(options, true, true);
  const o = withDefaults(surfaceLineDefaults, options);
  const document = resolveDocument(o.document);
  if (Array.isArray(result.y)) throw new TypeError('invalid result: a 1-D surface has no y (use surfaceContour for 2-D)');
  const x = result.x as number[];
  const loss = line(result, 'loss')!;
  const testLoss = line(result, 'test_loss');
  const acc = line(result, 'accuracy');
  const testAcc = line(result, 'test_accuracy');
  let k = -1;
  loss.forEach((v, i) => {
    if (Number.isFinite(v) && (!o.log || v > 0) && (k < 0 || v < loss[k])) k = i;
  });
  const best = k >= 0 ? [{ x: x[k], value: loss[k] }] : [];
  const xDomain = extent(x);
  const showAcc = o.accuracy && (hasValues(acc) || hasValues(testAcc));
  const labels: PointLabel[] = best.map((b) => ({ x: b.x, y: b.value, text: `min ${formatNumber(b.value)} at ${formatNumber(b.x)}`, gap: 1.45 * starRadius(7, 1) }));
  const obstacles = best.map((b) => ({ x: b.x, y: b.value, r: starRadius(7, 1) }));
  // Labels keep off the curves: every sample and the middle of every segment.
  for (const curve of [loss, testLoss ?? []]) {
    curve.forEach((v, i) => {
      if (!Number.isFinite(v) || (o.log && !(v > 0))) return;
      obstacles.push({ x: x[i], y: v, r: 2 });
      const next = curve[i + 1];
      if (i + 1 < x.length && Number.isFinite(next) && (!o.log || next > 0)) obstacles.push({ x: (x[i] + x[i + 1]) / 2, y: (v + next) / 2, r: 2 });
    });
  }
  const thetaAt = xDomain[0] <= 0 && 0 <= xDomain[1] && o.theta !== false ? valueAt(x, loss, 0) : Number.NaN;
  const theta = Number.isFinite(thetaAt) && (!o.log || thetaAt > 0);
  const thetaRule = o.theta !== false && xDomain[0] <= 0 && 0 <= xDomain[1] ? [Plot.ruleX([0], { stroke: '#999', strokeDasharray: '2,3' })] : [];
  if (theta) {
    labels.push({ x: 0, y: thetaAt, text: o.theta === true ? 'θ' : String(o.theta), bold: true, fontSize: 12, gap: 9 });
    obstacles.push({ x: 0, y: thetaAt, r: THETA_RADIUS });
  }
  const panels: Figure[] = [
    linePanel([...seriesRows(x, loss, 'train'), ...seriesRows(x, testLoss, 'test')], {
      document, width: o.width, height: o.height, xLabel: o.xLabel, yLabel: 'loss', log: o.log, xDomain, xAxisLabel: !showAcc,
      extra: [
        ...thetaRule,
        Plot.dot(best, { x: 'x', y: 'value', symbol: 'star', r: 7, fill: palette.accent, stroke: 'white' }),
        theta ? thetaMark(0, thetaAt) : null,
        labelsMark(labels, obstacles),
      ],
    }),
  ];
  if (showAcc) {
    panels.push(linePanel([...seriesRows(x, acc, 'train'), ...seriesRows(x, testAcc, 'test')], {
      document, width: o.width, height: Math.round(o.height * 0.8), xLabel: o.xLabel, yLabel: 'accuracy', xDomain, yDomain: [0, 1], extra: thetaRule,
    }));
  }
  return stack(document, panels, o.title);
}
