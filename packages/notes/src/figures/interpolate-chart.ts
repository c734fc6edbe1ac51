/**
 * Linear interpolation between two models, L(t) = loss((1−t)·A + t·B), with the barrier marked:
 * barrier = max over t∈[0,1] of L(t) − ((1−t)·L(A) + t·L(B)) (nnll contract). The straight line
 * between L(A) and L(B) is drawn dashed; the barrier is the vertical segment where the gap is largest.
 */
import * as Plot from '@observablehq/plot';
import type { InterpolateResult } from './figure-result.js';
import { type ChartOptions, formatNumber, renderPlot, validateChartOptions } from './plot-document.js';

export type InterpolateChartOptions = ChartOptions;

export const interpolateDefaults = { width: 640, height: 320 };

/** L at `t` by linear interpolation of the samples; NaN outside their range. */
function lossAt(result: InterpolateResult, t: number): number {
  const { t: ts, loss } = result;
  for (let k = 0; k < ts.length; k++) {
    if (Math.abs(ts[k] - t) < 1e-9) return loss[k];
    if (k > 0 && ts[k - 1] < t && t < ts[k]) {
      const f = (t - ts[k - 1]) / (ts[k] - ts[k - 1]);
      return loss[k - 1] + f * (loss[k] - loss[k - 1]);
    }
  }
  return Number.NaN;
}

/** Where the barrier is: the sample in [0, 1] with the largest gap above the straight line. */
export function barrierLocation(result: InterpolateResult): { t: number; loss: number; base: number; gap: number } | undefined {
  const l0 = lossAt(result, 0);
  const l1 = lossAt(result, 1);
  if (!Number.isFinite(l0) || !Number.isFinite(l1)) return undefined;
  let best: { t: number; loss: number; base: number; gap: number } | undefined;
  result.t.forEach((t, k) => {
    if (t < -1e-9 || t > 1 + 1e-9 || !Number.isFinite(result.loss[k])) return;
    const base = (1 - t) * l0 + t * l1;
    const gap = result.loss[k] - base;
    if (!best || gap > best.gap) best = { t, loss: result.loss[k], base, gap };
  });
  return best;
}

export function interpolationLine(result: InterpolateResult, options: InterpolateChartOptions = {}): string {
  validateChartOptions(options);
  const o = { ...interpolateDefaults, ...options };
  const points = result.t.map((t, k) => ({ t, loss: result.loss[k] })).filter((p) => Number.isFinite(p.loss));
  const at = barrierLocation(result);
  const barrier = result.barrier ?? at?.gap;
  const marks: Plot.Markish[] = [
    Plot.ruleX([0, 1], { stroke: '#999', strokeDasharray: '2,3' }),
    Plot.line(points, { x: 't', y: 'loss', stroke: '#2f6f9f', strokeWidth: 2 }),
    Plot.dot(points, { x: 't', y: 'loss', r: 2.5, fill: '#2f6f9f' }),
  ];
  if (at) {
    const l0 = lossAt(result, 0);
    const l1 = lossAt(result, 1);
    marks.push(
      Plot.line([{ t: 0, loss: l0 }, { t: 1, loss: l1 }], { x: 't', y: 'loss', stroke: '#888', strokeDasharray: '5,4' }),
      Plot.ruleX([at], { x: 't', y1: 'base', y2: 'loss', stroke: '#e4572e', strokeWidth: 2.5 }),
      Plot.text([at], {
        x: 't', y: 'loss', dy: -10, fill: '#e4572e',
        text: () => `barrier ${barrier === undefined ? '?' : formatNumber(barrier)}`,
      }),
    );
  }
  return renderPlot({
    width: o.width,
    height: o.height,
    title: o.title,
    x: { label: 't (0 = A, 1 = B)' },
    y: { label: 'loss', grid: true },
    marks,
  });
}
