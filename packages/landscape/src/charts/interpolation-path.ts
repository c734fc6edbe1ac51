/**
 * Linear interpolation between models A and B, L(t) = loss((1−t)·A + t·B): loss along t with the
 * endpoints A (t = 0) and B (t = 1) marked, the chord (1−t)·L(A) + t·L(B) dashed, and the barrier —
 * max over t∈[0,1] of L(t) − chord(t) (nnll contract) — drawn as a vertical segment from the chord
 * up to the path at barrier_t — or, when the largest excess is at an endpoint (the path never rises
 * above the chord inside), "no barrier". Accuracy along t below, when the result has it.
 * see: Goodfellow, Vinyals & Saxe 2015; Frankle et al. 2020 (linear mode connectivity).
 */
import * as Plot from '@observablehq/plot';
import {
  type ChartOptions, type Figure, type Num, formatNumber,
  hasValues, num, palette, resolveDocument, short, stack, withDefaults,
} from './chart-options.js';
import { extent, linePanel, seriesRows, validateLineOptions } from './series.js';

/** An interpolation as `nnll interpolate` returns it; `interpolate`'s InterpolationResult fits. */
export interface InterpolationChartData {
  t: readonly number[];
  loss: readonly Num[];
  accuracy?: readonly Num[] | null;
  test_loss?: readonly Num[];
  test_accuracy?: readonly Num[] | null;
  loss_a?: Num;
  loss_b?: Num;
  barrier?: Num;
  barrier_t?: Num;
}

export interface InterpolationPathOptions extends ChartOptions {
  /** Log-scale loss axis. Default false. */
  log?: boolean;
  /** Draw the accuracy panel when the result has accuracy. Default true. */
  accuracy?: boolean;
  /** x axis label. Default 't (0 = A, 1 = B)'. */
  xLabel?: string;
}

export const interpolationPathDefaults = { width: 640, height: 280, log: false, accuracy: true, xLabel: 't (0 = A, 1 = B)' };

/** L at `t`, linear between samples; NaN outside their range. */
export function valueAt(ts: readonly number[], values: readonly number[], t: number): number {
  for (let k = 0; k < ts.length; k++) {
    if (Math.abs(ts[k] - t) < 1e-9) return values[k];
    if (k > 0 && ts[k - 1] < t && t < ts[k]) {
      const f = (t - ts[k - 1]) / (ts[k] - ts[k - 1]);
      return values[k - 1] + f * (values[k] - values[k - 1]);
    }
  }
  return Number.NaN;
}

export interface BarrierMark {
  /** t of the barrier, its loss on the path and on the chord, and the gap between them. */
  t: number;
  loss: number;
  chord: number;
  barrier: number;
  lossA: number;
  lossB: number;
  /**
   * The largest excess over the chord is at an endpoint (where it is 0 by construction) or not
   * positive: the path stays at or below the chord on (0, 1), and there is no barrier to draw.
   */
  noBarrier: boolean;
}

/** Where the barrier is drawn: `barrier_t` when the result has it, else the sample in [0, 1] with the largest gap. */
export function barrierMark(result: InterpolationChartData): BarrierMark | undefined {
  const ts = result.t as number[];
  const loss = result.loss.map(num);
  const lossA = Number.isFinite(num(result.loss_a)) ? num(result.loss_a) : valueAt(ts, loss, 0);
  const lossB = Number.isFinite(num(result.loss_b)) ? num(result.loss_b) : valueAt(ts, loss, 1);
  if (!Number.isFinite(lossA) || !Number.isFinite(lossB)) return undefined;
  const chordAt = (t: number) => (1 - t) * lossA + t * lossB;
  let t = num(result.barrier_t);
  if (!Number.isFinite(t)) {
    let gap = Number.NEGATIVE_INFINITY;
    ts.forEach((s, k) => {
      if (s < -1e-9 || s > 1 + 1e-9 || !Number.isFinite(loss[k])) return;
      if (loss[k] - chordAt(s) > gap) {
        gap = loss[k] - chordAt(s);
        t = s;
      }
    });
    if (!Number.isFinite(t)) return undefined;
  }
  const at = valueAt(ts, loss, t);
  const barrier = Number.isFinite(num(result.barrier)) ? num(result.barrier) : at - chordAt(t);
  const noBarrier = !(barrier > 0) || t <= 1e-9 || t >= 1 - 1e-9;
  return { t, loss: at, chord: chordAt(t), barrier, lossA, lossB, noBarrier };
}

export function interpolationPath(result: InterpolationChartData, options: InterpolationPathOptions = {}): Figure {
  validateLineOptions(options, true);
  const o = withDefaults(interpolationPathDefaults, options);
  const document = resolveDocument(o.document);
  if (!Array.isArray(result.t) || !Array.isArray(result.loss) || result.loss.length !== result.t.length) {
    throw new TypeError(`invalid result: loss must have one number per t (${Array.isArray(result.t) ? result.t.length : short(result.t)})`);
  }
  const t = result.t as number[];
  const xDomain = extent(t);
  const mark = barrierMark(result);
  const extra: Plot.Markish[] = [Plot.ruleX([0, 1], { stroke: '#999', strokeDasharray: '2,3' })];
  if (mark) {
    const ends = [{ t: 0, loss: mark.lossA, name: 'A' }, { t: 1, loss: mark.lossB, name: 'B' }];
    extra.push(
      Plot.line(ends, { x: 't', y: 'loss', stroke: palette.muted, strokeDasharray: '5,4' }),
      ...(mark.noBarrier
        // At the top of the frame over t = 0.5: on (0, 1) the path stays under the chord, which stays
        // under max(L(A), L(B)), and the panel keeps an inset above the highest point.
        ? [Plot.text([{ t: 0.5 }], {
          x: 't', frameAnchor: 'top', lineAnchor: 'top', dy: 4, fill: palette.muted, fontWeight: 'bold', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke',
          text: () => 'no barrier (the path stays below the chord)',
        })]
        : [
          Plot.ruleX([mark], { x: 't', y1: 'chord', y2: 'loss', stroke: palette.accent, strokeWidth: 3 }),
          Plot.text([mark], {
            x: 't', y: 'loss', dy: -12, fill: palette.accent, fontWeight: 'bold', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke',
            text: (d: BarrierMark) => `barrier ${formatNumber(d.barrier)} at t = ${formatNumber(d.t)}`,
          }),
        ]),
      Plot.dot(ends, { x: 't', y: 'loss', r: 5, fill: 'black', stroke: 'white', strokeWidth: 1.5 }),
      Plot.text(ends, { x: 't', y: 'loss', text: 'name', dx: -9, dy: 9, fontWeight: 'bold', fontSize: 12, fill: 'black', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke' }),
    );
  }
  const showAcc = o.accuracy && (hasValues(result.accuracy) || hasValues(result.test_accuracy));
  const panels: Figure[] = [
    linePanel([...seriesRows(t, result.loss, 'train'), ...seriesRows(t, result.test_loss, 'test')], {
      document, width: o.width, height: o.height, xLabel: o.xLabel, yLabel: 'loss', log: o.log, xDomain, dots: true, xAxisLabel: !showAcc, extra,
    }),
  ];
  if (showAcc) {
    panels.push(linePanel([...seriesRows(t, result.accuracy, 'train'), ...seriesRows(t, result.test_accuracy, 'test')], {
      document, width: o.width, height: Math.round(o.height * 0.75), xLabel: o.xLabel, yLabel: 'accuracy', xDomain, yDomain: [0, 1], dots: true,
      extra: [Plot.ruleX([0, 1], { stroke: '#999', strokeDasharray: '2,3' })],
    }));
  }
  return stack(document, panels, o.title);
}
