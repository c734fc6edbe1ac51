/**
 * `nnll train --model M|SPEC --data D [--test T] --optimizer sgd|momentum|nesterov|adam|adamw --lr X
 * --batch-size B --epochs E [--weight-decay W] [--momentum M] [--schedule S] [--save out.onnx]
 * [--record-every k]`: minibatch training from a built-in spec (seeded PyTorch-default init) or a
 * model file, evaluated on the full training (and test) set after every epoch.
 */
import { adam, adamw, arraysFromVector, exportOnnx, schedule as makeSchedule, sgd, train as trainModel, trajectoryPca, localBackend, type Optimizer, type ScheduleSpec } from '@nnll/landscape';
import { saveArrays } from '@nnll/landscape/node';
import { extname } from 'node:path';
import type { CommonOptions } from '../args.js';
import { backendsFor, yielding, emit, fmt, header, interruptedError, interruptible, openModelAndData, provenanceOf, type LossFlag } from '../context.js';
import { UsageError } from '../errors.js';
import { progressBar, writeAtomic } from '../output.js';
import { renderOutputs } from '../render.js';

export const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adam', 'adamw'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export interface TrainCommandOptions extends CommonOptions {
  model: string;
  data: string;
  test?: string;
  optimizer: OptimizerName;
  /** Default 0.001 for adam/adamw, 0.01 for the SGD family. */
  lr?: number;
  batchSize: number;
  epochs: number;
  /** Default 0 (adamw: 0.01). */
  weightDecay?: number;
  /** Momentum of momentum/nesterov. Default 0.9. */
  momentum?: number;
  /** constant (default), cosine[:MIN], step:EVERY:GAMMA, warmup:STEPS[,then]. */
  schedule: string;
  save?: string;
  recordEvery: number;
  plot?: string;
  csv?: string;
  loss?: LossFlag;
}

const SAVE_EXTS = ['.onnx', '.npz', '.safetensors'];

/** `--schedule` text → ScheduleSpec; `total` is the run's step count. */
export function parseSchedule(text: string, total: number): ScheduleSpec {
  const bad = (): never => {
    throw new UsageError(`invalid --schedule: ${text} (expected constant, cosine[:MIN], step:EVERY:GAMMA or warmup:STEPS[,SCHEDULE])`);
  };
  const [head, ...rest] = text.split(',');
  const parts = head.split(':');
  const num = (s: string | undefined): number => {
    const v = Number(s);
    if (s === undefined || s.trim() === '' || !Number.isFinite(v)) bad();
    return v;
  };
  switch (parts[0]) {
    case 'constant':
      if (parts.length !== 1 || rest.length) bad();
      return { kind: 'constant' };
    case 'cosine':
      if (parts.length > 2 || rest.length) bad();
      return { kind: 'cosine', total, ...(parts[1] !== undefined ? { min: num(parts[1]) } : {}) };
    case 'step':
      if (parts.length !== 3 || rest.length) bad();
      return { kind: 'step', every: num(parts[1]), gamma: num(parts[2]) };
    case 'warmup': {
      if (parts.length !== 2) bad();
      const steps = num(parts[1]);
      return { kind: 'warmup', steps, then: rest.length ? parseSchedule(rest.join(','), Math.max(1, total - steps)) : { kind: 'constant' } };
    }
    default:
      return bad();
  }
}

function optimizerOf(o: TrainCommandOptions): Optimizer {
  const weightDecay = o.weightDecay;
  switch (o.optimizer) {
    case 'sgd':
      return sgd({ weightDecay });
    case 'momentum':
      return sgd({ momentum: o.momentum ?? 0.9, weightDecay });
    case 'nesterov':
      return sgd({ momentum: o.momentum ?? 0.9, nesterov: true, weightDecay });
    case 'adam':
      return adam({ weightDecay });
    case 'adamw':
      return adamw({ weightDecay });
  }
}

export async function train(o: TrainCommandOptions): Promise<void> {
  if (o.save && !SAVE_EXTS.includes(extname(o.save).toLowerCase())) throw new UsageError(`invalid --save: ${o.save} (expected .onnx, .npz or .safetensors)`);
  if (o.momentum !== undefined && o.optimizer !== 'momentum' && o.optimizer !== 'nesterov') throw new UsageError(`--momentum applies to --optimizer momentum or nesterov, not ${o.optimizer}`);
  const { model, modelName, data, test } = await openModelAndData({ loss: o.loss }, o, o);
  const lr = o.lr ?? (o.optimizer.startsWith('adam') ? 0.001 : 0.01);
  const total = o.epochs * Math.ceil(data.n / o.batchSize);
  const sched = makeSchedule(parseSchedule(o.schedule, total));
  const optimizer = optimizerOf(o);
  const step = yielding(await localBackend(model));
  const { backend: trainBackend, testBackend } = await backendsFor(model, data, test, o);
  const stop = interruptible();
  const t0 = performance.now();
  try {
    const bar = progressBar('train', total, 'steps', o.quiet);
    bar.update(0);
    let lastEpoch = '';
    const r = await trainModel(model, data, { step, train: trainBackend, test: testBackend }, {
      optimizer,
      lr,
      schedule: sched,
      batchSize: o.batchSize,
      epochs: o.epochs,
      seed: o.seed,
      test,
      recordEvery: o.recordEvery,
      signal: stop.signal,
      onStep: (s) => bar.update(s.step, `epoch ${s.epoch}/${o.epochs}  loss ${s.loss.toFixed(4)}${lastEpoch}`),
      onEpoch: (e) => {
        lastEpoch = `  (epoch ${e.epoch}: train ${fmt(e.train_loss, 4)}${e.test_loss !== null ? `, test ${fmt(e.test_loss, 4)}` : ''}${e.test_accuracy !== null ? ` acc ${fmt(e.test_accuracy, 4)}` : ''})`;
      },
    });
    bar.end();
    if (r.stopped === 'diverged') throw new UsageError(r.message ?? 'training diverged');
    const trained = { ...model, params: r.params };
    let saved: string | null = null, trajectoryFile: string | null = null;
    if (o.save) {
      saved = o.save;
      if (extname(o.save).toLowerCase() === '.onnx') await writeAtomic(o.save, exportOnnx(trained));
      else await saveArrays(o.save, arraysFromVector(r.params, model) as never);
      if (r.trajectory.length) {
        trajectoryFile = o.save.slice(0, -extname(o.save).length) + '.trajectory.npz';
        const P = r.params.length, T = r.trajectory.length;
        const flat = new Float32Array(T * P);
        r.trajectory.forEach((c, k) => flat.set(c.params, k * P));
        await saveArrays(trajectoryFile, {
          steps: { shape: [T], data: Int32Array.from(r.trajectory, (c) => c.step), dtype: 'int32' },
          params: { shape: [T, P], data: flat, dtype: 'float32' },
        });
      }
    }
    let trajectory = null;
    if (r.trajectory.length) {
      const pca = r.trajectory.length >= 2 ? trajectoryPca(r.trajectory.map((c) => c.params), r.params) : null;
      trajectory = {
        steps: r.trajectory.map((c) => c.step),
        file: trajectoryFile,
        pca: pca ? { explained_variance: pca.explained_variance, points: pca.points } : null,
      };
    }
    const f = r.final;
    const result = {
      ...header('train', o, model, modelName, data),
      test: test ? { path: test.name, sha256: test.sha256 ?? null, n: test.n } : null,
      optimizer: o.optimizer,
      lr,
      batch_size: o.batchSize,
      epochs: o.epochs,
      weight_decay: o.weightDecay ?? (o.optimizer === 'adamw' ? 0.01 : 0),
      momentum: o.optimizer === 'momentum' || o.optimizer === 'nesterov' ? (o.momentum ?? 0.9) : null,
      schedule: o.schedule,
      steps: r.steps,
      history: r.history,
      final: { train_loss: f.train_loss, train_accuracy: f.train_accuracy, test_loss: f.test_loss, test_accuracy: f.test_accuracy },
      stopped: r.stopped === 'aborted' ? 'interrupted' : null,
      saved,
      trajectory,
      seconds: (performance.now() - t0) / 1000,
      provenance: provenanceOf(model, data, o, { optimizer: o.optimizer, lr, batch_size: o.batchSize, epochs: o.epochs, weight_decay: o.weightDecay ?? null, momentum: o.momentum ?? null, schedule: o.schedule, record_every: o.recordEvery, loss: model.program.loss }, { forwardPasses: r.steps + 2 * r.history.length }),
    };
    if (r.stopped === 'aborted') {
      await emit(o, result, `train: interrupted after ${r.steps}/${total} steps`);
      throw interruptedError(`training stopped after ${r.steps}/${total} steps${saved ? `, model saved to ${saved}` : ''}`, o.out);
    }
    await renderOutputs('train', result, { plot: o.plot, csv: o.csv });
    await emit(o, result, [
      `${modelName} on ${data.name}: ${o.optimizer} lr ${lr}, batch ${o.batchSize}, ${o.epochs} epoch${o.epochs > 1 ? 's' : ''} (${r.steps} steps, ${result.seconds.toFixed(1)} s)`,
      ...r.history.map((e) => `  epoch ${e.epoch}: train loss ${fmt(e.train_loss, 4)}${e.train_accuracy !== null ? `, accuracy ${fmt(e.train_accuracy, 4)}` : ''}${e.test_loss !== null ? `; test loss ${fmt(e.test_loss, 4)}` : ''}${e.test_accuracy !== null ? `, accuracy ${fmt(e.test_accuracy, 4)}` : ''}`),
      ...(saved ? [`  saved to ${saved}${trajectoryFile ? ` (trajectory: ${trajectoryFile})` : ''}`] : []),
    ].join('\n'));
  } finally {
    stop.release();
    await step.close();
    await testBackend?.close();
    await trainBackend.close();
  }
}
