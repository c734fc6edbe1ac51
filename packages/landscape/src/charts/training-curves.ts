/**
 * Training curves from `nnll train`'s history: train and test loss per epoch on top, train and
 * test accuracy below (when recorded). Extra `*_loss` / `*_accuracy` metrics of a history get their
 * own lines. Epoch ticks are whole numbers.
 */
import {
  type ChartOptions, type Figure, type Num, num, resolveDocument, short,
  stack, withDefaults,
} from './chart-options.js';
import { type SeriesRow, extent, integerTicks, linePanel, validateLineOptions } from './series.js';

/** One epoch: `train`'s EpochRecord fits; other numeric metrics are allowed. */
export interface TrainingEpoch {
  epoch: number;
  [metric: string]: Num | undefined;
}

export interface TrainingChartData {
  history: readonly TrainingEpoch[];
}

export interface TrainingCurvesOptions extends ChartOptions {
  /** Log-scale loss axis. Default false. */
  log?: boolean;
  /** Draw the accuracy panel when the history has accuracy. Default true. */
  accuracy?: boolean;
}

export const trainingCurvesDefaults = { width: 640, height: 260, log: false, accuracy: true };

/** `train_loss` → `train`; other names stay as they are. */
const seriesName = (metric: string, suffix: string) => metric.slice(0, -suffix.length).replace(/_$/, '') || metric;

export function trainingCurves(result: TrainingChartData, options: TrainingCurvesOptions = {}): Figure {
  validateLineOptions(options, false);
  const o = withDefaults(trainingCurvesDefaults, options);
  const document = resolveDocument(o.document);
  if (!Array.isArray(result.history) || result.history.length === 0) throw new TypeError(`invalid result: history must be a non-empty array of epochs, got ${short(result.history)}`);
  const metrics = new Set<string>();
  for (const e of result.history) for (const [key, v] of Object.entries(e)) if (key !== 'epoch' && Number.isFinite(num(v as Num))) metrics.add(key);
  const rows = (suffix: string): SeriesRow[] =>
    [...metrics].filter((m) => m.endsWith(suffix)).flatMap((m) =>
      result.history.map((e, k) => ({ x: Number.isFinite(e.epoch) ? e.epoch : k + 1, value: num(e[m] as Num), series: seriesName(m, suffix) })));
  const loss = rows('loss');
  const acc = rows('accuracy');
  const xDomain = extent(result.history.map((e, k) => (Number.isFinite(e.epoch) ? e.epoch : k + 1)));
  if (xDomain[0] === xDomain[1]) xDomain[1] = xDomain[0] + 1;
  const showAcc = o.accuracy && acc.some((r) => Number.isFinite(r.value));
  // About one tick per 80 pixels, as Plot's default.
  const xTicks = integerTicks(xDomain[0], xDomain[1], Math.max(2, Math.round(o.width / 80)));
  const panels: Figure[] = [];
  if (loss.length > 0) {
    panels.push(linePanel(loss, { document, width: o.width, height: o.height, xLabel: 'epoch', yLabel: 'loss', log: o.log, dots: true, xDomain, xTicks, xAxisLabel: !showAcc }));
  }
  if (showAcc) {
    panels.push(linePanel(acc, { document, width: o.width, height: Math.round(o.height * 0.8), xLabel: 'epoch', yLabel: 'accuracy', dots: true, xDomain, xTicks, yDomain: [0, 1] }));
  }
  if (panels.length === 0) throw new RangeError('invalid result: history has no *loss or *accuracy metric');
  return stack(document, panels, o.title);
}
