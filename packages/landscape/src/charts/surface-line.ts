/**
 * A 1-D loss surface L(a) = loss(θ + a·d): loss on top (train, and test when present) with the
 * train minimum starred, accuracy below when the result has it — loss-landscape's `plot_1d_loss_err`
 * as two panels sharing the a axis instead of twin y axes.
 */
import * as Plot from '@observablehq/plot';
import {
  type ChartOptions, type Figure, formatNumber, hasValues,
  num, palette, resolveDocument, short, stack, withDefaults,
} from './chart-options.js';
import { extent, linePanel, seriesRows, validateLineOptions } from './series.js';
import type { SurfaceChartData } from './surface-contour.js';

export interface SurfaceLineOptions extends ChartOptions {
  /** Log-scale loss axis. Default false. */
  log?: boolean;
  /** Draw the accuracy panel when the result has accuracy. Default true. */
  accuracy?: boolean;
  /** x axis label. Default 'a (direction)'. */
  xLabel?: string;
}

export const surfaceLineDefaults = { width: 640, height: 260, log: false, accuracy: true, xLabel: 'a (direction)' };

function line(result: SurfaceChartData, field: 'loss' | 'accuracy' | 'test_loss' | 'test_accuracy'): number[] | null {
  const values = result[field];
  if (values === undefined || values === null) return null;
  if (!Array.isArray(values) || values.length !== result.x.length || values.some((v) => Array.isArray(v))) {
    throw new TypeError(`invalid result: ${field} must be ${result.x.length} numbers (one per x), got ${short(values)}`);
  }
  return (values as (number | null)[]).map(num);
}

export function surfaceLine(result: SurfaceChartData, options: SurfaceLineOptions = {}): Figure {
  validateLineOptions(options, true);
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
  const panels: Figure[] = [
    linePanel([...seriesRows(x, loss, 'train'), ...seriesRows(x, testLoss, 'test')], {
      document, width: o.width, height: o.height, xLabel: o.xLabel, yLabel: 'loss', log: o.log, xDomain, xAxisLabel: !showAcc,
      extra: [
        Plot.dot(best, { x: 'x', y: 'value', symbol: 'star', r: 7, fill: palette.accent, stroke: 'white' }),
        Plot.text(best, { x: 'x', y: 'value', dy: -13, fill: 'black', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke', text: (d: { x: number; value: number }) => `min ${formatNumber(d.value)} at ${formatNumber(d.x)}` }),
      ],
    }),
  ];
  if (showAcc) {
    panels.push(linePanel([...seriesRows(x, acc, 'train'), ...seriesRows(x, testAcc, 'test')], {
      document, width: o.width, height: Math.round(o.height * 0.8), xLabel: o.xLabel, yLabel: 'accuracy', xDomain, yDomain: [0, 1],
    }));
  }
  return stack(document, panels, o.title);
}
