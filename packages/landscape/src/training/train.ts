/**
 * Minibatch training over the kernel: seeded shuffling, any Optimizer and Schedule, evaluation
 * on the full training and test sets after every epoch, optional trajectory recording every k
 * steps (for PCA planes), a tracking hook every k steps (sharpness along training), progress
 * callbacks, an AbortSignal, and a clear stop on divergence.
 */
import type { Backend } from '../backend/backend.js';
import type { Dataset } from '../data/dataset.js';
import type { Model } from '../models/model.js';
import { permutation } from '../data/split.js';
import type { Optimizer } from './optimizer.js';
import type { Schedule } from './schedule.js';

export interface TrainOptions {
  optimizer: Optimizer;
  /** Base learning rate. */
  lr: number;
  /** Default constant. */
  schedule?: Schedule;
  batchSize: number;
  /** Epochs (full passes); or give `steps`. */
  epochs?: number;
  /** Total optimizer steps; evaluation still happens at each epoch boundary and at the end. */
  steps?: number;
  seed: number;
  test?: Pick<Dataset, 'x' | 'labels' | 'targets'>;
  /** Keep a copy of θ every k steps (0: never). The initial and final θ are always kept when k > 0. */
  recordEvery?: number;
  /** Stop as diverged when the minibatch loss exceeds this multiple of the first one. Default 1e4. */
  divergeFactor?: number;
  /** Called with θ before the first step and after every `every` steps (e.g. to track sharpness), awaited. */
  track?: { every: number; at(step: number, theta: Float32Array): Promise<void> };
  signal?: AbortSignal;
  onStep?: (s: { step: number; epoch: number; loss: number; lr: number }) => void;
  onEpoch?: (e: EpochRecord) => void;
}

export interface EpochRecord {
  epoch: number;
  step: number;
  train_loss: number;
  train_accuracy: number | null;
  test_loss: number | null;
  test_accuracy: number | null;
}

export interface TrainResult {
  params: Float32Array;
  history: EpochRecord[];
  final: EpochRecord;
  steps: number;
  /** θ copies with their step, when recordEvery > 0. */
  trajectory: { step: number; params: Float32Array }[];
  /** null when it ran to the end. */
  stopped: null | 'diverged' | 'aborted';
  message?: string;
}

export interface TrainBackends {
  /** Minibatch gradients (data replaced every step). */
  step: Backend;
  /** Full training set resident (evaluation). */
  train: Backend;
  /** Test set resident, when there is one. */
  test?: Backend;
}

/** Rows `idx` of a data set, copied row by row. */
export function gather(d: Pick<Dataset, 'x' | 'labels' | 'targets'>, idx: ArrayLike<number>, inSize: number, outSize: number): Pick<Dataset, 'x' | 'labels' | 'targets'> {
  const x = new Float32Array(idx.length * inSize);
  const labels = d.labels ? new Int32Array(idx.length) : undefined;
  const targets = d.targets ? new Float32Array(idx.length * outSize) : undefined;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    x.set(d.x.subarray(i * inSize, (i + 1) * inSize), k * inSize);
    if (labels) labels[k] = d.labels![i];
    if (targets) targets.set(d.targets!.subarray(i * outSize, (i + 1) * outSize), k * outSize);
  }
  return { x, labels, targets };
}

export async function train(model: Model, data: Pick<Dataset, 'x' | 'labels' | 'targets' | 'n'>, backends: TrainBackends, o: TrainOptions): Promise<TrainResult> {
  const n = data.n;
  const inSize = data.x.length / n;
  const outSize = data.targets ? data.targets.length / n : 1;
  if (!(o.batchSize >= 1) || !Number.isInteger(o.batchSize)) throw new RangeError(`invalid batch size: ${o.batchSize}`);
  if (!(o.lr > 0)) throw new RangeError(`invalid learning rate: ${o.lr}`);
  const perEpoch = Math.ceil(n / o.batchSize);
  const total = o.steps ?? (o.epochs ?? 1) * perEpoch;
  if (!(total >= 1) || !Number.isInteger(total)) throw new RangeError(`invalid number of steps: ${total}`);
  const theta = Float32Array.from(model.params);
  const lrAt = o.schedule ?? (() => 1);
  const history: EpochRecord[] = [];
  const trajectory: { step: number; params: Float32Array }[] = [];
  const k = o.recordEvery ?? 0;
  if (k > 0) trajectory.push({ step: 0, params: theta.slice() });
  let first = NaN;
  let stopped: TrainResult['stopped'] = null;
  let message: string | undefined;

  const evaluate = async (epoch: number, step: number): Promise<EpochRecord> => {
    await backends.train.setParams(theta);
    const tr = await backends.train.loss();
    let te = null;
    if (backends.test) {
      await backends.test.setParams(theta);
      te = await backends.test.loss();
    }
    const rec = { epoch, step, train_loss: tr.loss, train_accuracy: tr.accuracy, test_loss: te ? te.loss : null, test_accuracy: te ? te.accuracy : null };
    history.push(rec);
    o.onEpoch?.(rec);
    return rec;
  };

  let step = 0;
  const every = o.track?.every ?? 0;
  if (every > 0) await o.track!.at(0, theta);
  for (let epoch = 0; step < total; epoch++) {
    const order = permutation(n, o.seed * 1000003 + epoch);
    for (let b = 0; b < perEpoch && step < total; b++) {
      if (o.signal?.aborted) {
        stopped = 'aborted';
        message = `stopped at step ${step}`;
        break;
      }
      const batch = gather(data, order.subarray(b * o.batchSize, Math.min(n, (b + 1) * o.batchSize)), inSize, outSize);
      await backends.step.setParams(theta);
      await backends.step.setData(batch);
      const g = await backends.step.gradient();
      if (Number.isNaN(first)) first = g.loss;
      const finite = Number.isFinite(g.loss) && g.gradient.every(Number.isFinite);
      if (!finite || g.loss > (o.divergeFactor ?? 1e4) * Math.max(first, 1e-12)) {
        stopped = 'diverged';
        message = `training diverged at step ${step} (epoch ${epoch + 1}): minibatch loss ${g.loss}${finite ? `, over ${o.divergeFactor ?? 1e4}× the first` : ''}; try a smaller learning rate`;
        break;
      }
      const lr = o.lr * lrAt(step);
      o.optimizer.step(theta, g.gradient, lr);
      step++;
      o.onStep?.({ step, epoch: epoch + 1, loss: g.loss, lr });
      if (k > 0 && step % k === 0) trajectory.push({ step, params: theta.slice() });
      if (every > 0 && step % every === 0) await o.track!.at(step, theta);
    }
    if (stopped) break;
    await evaluate(epoch + 1, step);
  }
  if (k > 0 && trajectory[trajectory.length - 1].step !== step) trajectory.push({ step, params: theta.slice() });
  const final = stopped === 'diverged' ? (history[history.length - 1] ?? (await evaluate(0, step))) : history[history.length - 1] ?? (await evaluate(0, step));
  return { params: theta, history, final, steps: step, trajectory, stopped, message };
}
