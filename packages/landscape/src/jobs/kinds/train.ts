/**
 * `train`: minibatch training from a built-in spec (seeded PyTorch-default initialisation) or a
 * model file, evaluated on the full training (and test) set after every epoch; the trained model
 * saved as ONNX, .npz or .safetensors (with the trajectory beside it when recorded). Cancelling
 * keeps the steps taken (and still saves).
 */
import { z } from 'zod';
import { train } from '../../training/train.js';
import { parseSchedule, schedule, SCHEDULE_FORMS } from '../../training/schedule.js';
import { defaultLr, optimizerByName, OPTIMIZERS } from '../../training/optimizers.js';
import { trajectoryPca } from '../../directions/pca.js';
import { exportOnnx } from '../../models/onnx-export.js';
import { encodeNpz } from '../../data/npz.js';
import { NnllInputError } from '../../errors.js';
import { defineKind } from '../kind.js';
import { header, nnum, provenanceOf, testField, testOf } from '../result.js';
import { lossOption, openModelData } from '../inputs.js';
import { withLeases } from '../backends.js';
import { choice, int, list, num, output, str } from '../options.js';
import { count, fmt } from '../format.js';
import { JobSpecError } from '../spec-error.js';
import { saveVector } from '../vectors.js';
import { sharpnessTracker, TRACKED_MEASURES, type TrackedMeasure } from '../../sharpness/tracker.js';

/** Most memory a recorded trajectory may take. */
export const MAX_TRAJECTORY_BYTES = 2 * 2 ** 30;

/** Training that blew up (a loss of NaN or far above the first): usually a learning rate too large. */
export class DivergedError extends NnllInputError {
  override name = 'DivergedError';
}

const trackedRecord = z.object({ step: z.number().int(), loss: nnum, lambda_max: nnum, lambda_max_residual: nnum, trace: nnum, trace_stderr: nnum, hvps: z.number().int() }).strict();

const epochRecord = z.object({ epoch: z.number().int(), step: z.number().int(), train_loss: nnum, train_accuracy: nnum, test_loss: nnum, test_accuracy: nnum }).strict();

export const trainKind = defineKind({
  kind: 'train',
  version: 1,
  summary: 'minibatch training from a built-in spec or a model file; per-epoch history; --save out.onnx',
  examples: [
    'train --model mlp:784-128-10:relu --data /usr/share/datasets/fashion-mnist --test /usr/share/datasets/fashion-mnist --optimizer adam --lr 0.001 --batch-size 128 --epochs 2 --save fashion.onnx',
    'train --model mlp:2-32-32-3:tanh --data spirals --optimizer momentum --lr 0.05 --batch-size 32 --epochs 20 --schedule cosine --record-every 10 --save spirals.onnx',
    'train --model model.onnx --data data.npz --optimizer sgd --lr 0.01 --batch-size 64 --epochs 5 --save finetuned.npz --json',
  ],
  inputs: { model: { help: 'built-in spec (mlp:784-128-10:relu, seeded by --seed) or a model file to start from' }, data: {}, test: { help: 'evaluated after every epoch (an IDX folder reads its t10k-* pair)' } },
  options: {
    loss: lossOption,
    optimizer: choice(OPTIMIZERS, { default: 'adam', placeholder: 'O', help: 'sgd, momentum, nesterov, adam (default) or adamw (PyTorch semantics)' }),
    lr: num({ gt: 0, max: 1e6, help: 'learning rate (default 0.001 for adam/adamw, 0.01 otherwise)' }),
    batch_size: int({ default: 128, min: 1, max: 1_000_000, placeholder: 'B', help: 'minibatch size (default 128)' }),
    epochs: int({ default: 1, min: 1, max: 100_000, placeholder: 'E', help: 'passes over the data (default 1)' }),
    weight_decay: num({ min: 0, max: 1e3, placeholder: 'W', help: 'L2 (sgd, adam) or decoupled (adamw; default 0.01) weight decay' }),
    momentum: num({ min: 0, lt: 1, placeholder: 'M', help: 'momentum of momentum/nesterov (default 0.9)' }),
    schedule: str({ default: 'constant', help: `learning-rate schedule: ${SCHEDULE_FORMS}` }),
    record_every: int({ default: 0, min: 0, max: 1_000_000, placeholder: 'K', help: 'keep θ every K steps (the trajectory, saved beside --save; 0: never)' }),
    save: output({ exts: ['.onnx', '.npz', '.safetensors'], help: 'write the trained model: .onnx, or its parameters as .npz / .safetensors' }),
    track: list('string', { choices: TRACKED_MEASURES, maxItems: 2, placeholder: 'M,…', help: 'track lambda_max and/or trace of the full-data Hessian along training (result field tracked)' }),
    track_every: int({ default: 10, min: 1, max: 1_000_000, placeholder: 'K', help: 'steps between tracked measurements (default 10; also at step 0)' }),
    track_iter: int({ default: 20, min: 1, max: 10_000, help: 'most Lanczos steps per tracked λmax, warm-started from the last (default 20)' }),
    track_probes: int({ default: 10, min: 2, max: 100_000, help: 'Hutchinson probes per tracked trace (default 10)' }),
  },
  fill: (o) => ({
    ...o,
    lr: o.lr ?? defaultLr(o.optimizer),
    weight_decay: o.weight_decay ?? (o.optimizer === 'adamw' ? 0.01 : 0),
    momentum: o.momentum ?? (o.optimizer === 'momentum' || o.optimizer === 'nesterov' ? 0.9 : undefined),
  }),
  check(spec) {
    const o = spec.options;
    if (o.momentum !== undefined && o.optimizer !== 'momentum' && o.optimizer !== 'nesterov') return { key: 'momentum', value: o.momentum, reason: `applies to the optimizers momentum and nesterov, not ${o.optimizer}` };
    try {
      parseSchedule(o.schedule, 1);
    } catch {
      return { key: 'schedule', value: o.schedule, reason: SCHEDULE_FORMS };
    }
    return undefined;
  },
  result: {
    test: testField.nullable(),
    optimizer: z.enum(OPTIMIZERS),
    lr: z.number(),
    batch_size: z.number().int(),
    epochs: z.number().int(),
    weight_decay: z.number(),
    momentum: z.number().nullable(),
    schedule: z.string(),
    steps: z.number().int(),
    history: z.array(epochRecord),
    final: z.object({ train_loss: nnum, train_accuracy: nnum, test_loss: nnum, test_accuracy: nnum }).strict(),
    stopped: z.enum(['interrupted']).nullable(),
    saved: z.string().nullable(),
    trajectory: z.object({
      steps: z.array(z.number().int()),
      file: z.string().nullable(),
      pca: z.object({ explained_variance: z.tuple([z.number(), z.number()]), points: z.array(z.object({ a: z.number(), b: z.number(), distance: z.number() }).strict()) }).strict().nullable(),
    }).strict().nullable(),
    tracked: z.array(trackedRecord).nullable(),
    seconds: z.number(),
  },
  async run(spec, ctx) {
    const o = spec.options;
    const { model, modelName, data, test } = await openModelData(spec, ctx);
    if (o.save) await ctx.io.checkWritable(o.save, '--save');
    const total = o.epochs * Math.ceil(data.n / o.batch_size);
    if (o.record_every > 0) {
      // the trajectory is held in memory: refuse one that cannot be, before training
      const bytes = (Math.floor(total / o.record_every) + 2) * model.params.length * 4;
      if (bytes > MAX_TRAJECTORY_BYTES) throw new JobSpecError(`invalid --record-every: ${o.record_every} (${count(Math.floor(total / o.record_every) + 2)} checkpoints of ${count(model.params.length)} parameters take ${(bytes / 2 ** 30).toFixed(1)} GiB, at most ${MAX_TRAJECTORY_BYTES / 2 ** 30} GiB; record less often)`);
    }
    const t0 = performance.now();
    ctx.progress({ phase: 'train', done: 0, total, unit: 'steps' });
    const wanted: [typeof model, typeof data | null][] = [[model, null], [model, data], ...(test ? [[model, test] as [typeof model, typeof data]] : [])];
    let tracker = null as ReturnType<typeof sharpnessTracker> | null;
    const r = await withLeases(ctx.backends, wanted, (step, trainB, testB) =>
      train(model, data, { step, train: trainB, test: testB }, {
        track: o.track ? { every: o.track_every, at: (k, theta) => (tracker ??= sharpnessTracker(trainB, { measures: o.track as TrackedMeasure[], maxIter: o.track_iter, probes: o.track_probes, seed: spec.seed })).at(k, theta).then(() => {}) } : undefined,
        optimizer: optimizerByName(o.optimizer, { weightDecay: o.weight_decay, momentum: o.momentum }),
        lr: o.lr!,
        schedule: schedule(parseSchedule(o.schedule, total)),
        batchSize: o.batch_size,
        epochs: o.epochs,
        seed: spec.seed,
        test,
        recordEvery: o.record_every,
        signal: ctx.signal,
        onStep: (s) => ctx.progress({ phase: 'train', done: s.step, total, unit: 'steps', note: `epoch ${s.epoch}/${o.epochs}  loss ${s.loss.toFixed(4)}` }),
        onEpoch: (e) => ctx.progress({ phase: 'train', done: e.step, total, unit: 'steps', partial: e }),
      }),
    );
    if (r.stopped === 'diverged') throw new DivergedError(r.message ?? 'training diverged');
    let trajectoryFile: string | null = null;
    if (o.save) {
      const trained = { ...model, params: r.params };
      if (o.save.toLowerCase().endsWith('.onnx')) await ctx.io.write(o.save, exportOnnx(trained), '--save');
      else await saveVector(ctx.io, o.save, r.params, model, '--save');
      if (r.trajectory.length) {
        trajectoryFile = o.save.replace(/\.[^./\\]+$/, '') + '.trajectory.npz';
        const P = r.params.length, T = r.trajectory.length;
        const flat = new Float32Array(T * P);
        r.trajectory.forEach((c, k) => flat.set(c.params, k * P));
        await ctx.io.write(trajectoryFile, encodeNpz({
          steps: { shape: [T], data: Int32Array.from(r.trajectory, (c) => c.step), dtype: 'int32' },
          params: { shape: [T, P], data: flat, dtype: 'float32' },
        } as never), '--save');
      }
    }
    const pca = r.trajectory.length >= 2 ? trajectoryPca(r.trajectory.map((c) => c.params), r.params) : null;
    const f = r.final;
    return {
      ...header({ schema: 'nnll/train@1', command: 'train', seed: spec.seed, model, modelName, data }),
      test: testOf(test),
      optimizer: o.optimizer,
      lr: o.lr!,
      batch_size: o.batch_size,
      epochs: o.epochs,
      weight_decay: o.weight_decay!,
      momentum: o.momentum ?? null,
      schedule: o.schedule,
      steps: r.steps,
      history: r.history,
      final: { train_loss: f.train_loss, train_accuracy: f.train_accuracy, test_loss: f.test_loss, test_accuracy: f.test_accuracy },
      stopped: r.stopped === 'aborted' ? 'interrupted' : null,
      complete: r.stopped === null,
      saved: o.save ?? null,
      trajectory: r.trajectory.length ? { steps: r.trajectory.map((c) => c.step), file: trajectoryFile, pca: pca ? { explained_variance: pca.explained_variance, points: pca.points } : null } : null,
      tracked: tracker ? tracker.records : null,
      seconds: (performance.now() - t0) / 1000,
      provenance: provenanceOf(spec, model, data, { forwardPasses: r.steps + 2 * r.history.length, hvps: tracker ? tracker.records.reduce((s, t) => s + t.hvps, 0) : 0 }),
    };
  },
  summarize: (r) =>
    [
      `${r.model!.path} on ${r.data!.path}: ${r.optimizer} lr ${r.lr}, batch ${r.batch_size}, ${r.epochs} epoch${r.epochs > 1 ? 's' : ''} (${r.steps} steps, ${r.seconds.toFixed(1)} s)${r.stopped ? ', interrupted' : ''}`,
      ...r.history.map((e) => `  epoch ${e.epoch}: train loss ${fmt(e.train_loss, 4)}${e.train_accuracy !== null ? `, accuracy ${fmt(e.train_accuracy, 4)}` : ''}${e.test_loss !== null ? `; test loss ${fmt(e.test_loss, 4)}` : ''}${e.test_accuracy !== null ? `, accuracy ${fmt(e.test_accuracy, 4)}` : ''}`),
      ...(r.tracked?.length ? [`  tracked ${r.tracked.length} times: λmax ${fmt(r.tracked[0].lambda_max, 4)} → ${fmt(r.tracked[r.tracked.length - 1].lambda_max, 4)}${r.lr ? ` (2/lr = ${fmt(2 / r.lr, 4)})` : ''}${r.tracked[0].trace !== null ? `, trace ${fmt(r.tracked[0].trace, 4)} → ${fmt(r.tracked[r.tracked.length - 1].trace, 4)}` : ''}`] : []),
      ...(r.saved ? [`  saved to ${r.saved}${r.trajectory?.file ? ` (trajectory: ${r.trajectory.file})` : ''}`] : []),
    ].join('\n'),
});
