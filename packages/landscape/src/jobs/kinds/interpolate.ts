/**
 * `interpolate`: L(t) = loss((1−t)·A + t·B) along the straight line between two models of the same
 * architecture, and the barrier max over t ∈ [0, 1] of L(t) − ((1−t)·L(A) + t·L(B)).
 * see: Goodfellow, Vinyals & Saxe 2015; Frankle et al. 2020 (linear mode connectivity).
 */
import { z } from 'zod';
import { interpolate } from '../../surface/interpolate.js';
import { linspace, parseRange } from '../../surface/range.js';
import { defineKind } from '../kind.js';
import { header, nnum, provenanceOf, sha, testField, testOf } from '../result.js';
import { lossOption, openModelData, openSecondModel } from '../inputs.js';
import { withLeases } from '../backends.js';
import { model, range } from '../options.js';
import { fmt } from '../format.js';

/** How a barrier reads: its size and where, or that the path never rises above the chord. */
export function barrierText(barrier: number | null, t: number | null): string {
  if (barrier === null) return 'barrier — (no t in [0, 1])';
  if (barrier <= 0 || t === 0 || t === 1) return 'no barrier (the path stays below the chord)';
  return `barrier ${fmt(barrier)} at t = ${fmt(t, 3)}`;
}

export const interpolateKind = defineKind({
  kind: 'interpolate',
  version: 1,
  summary: 'loss along the line (1−t)·A + t·B between two models, and the barrier',
  examples: ['interpolate --model a.onnx --to b.onnx --data data.npz', 'interpolate --model a.onnx --to b.onnx --data data.npz --t -0.5:1.5:41 --json'],
  inputs: { model: { help: 'model A: ONNX file, TF.js model.json or built-in spec' }, data: {}, test: { help: 'also the loss and accuracy on this data set' } },
  options: {
    loss: lossOption,
    to: model({ required: true, placeholder: 'B', help: 'model B, same architecture and parameter names' }),
    t: range({ default: '-0.5:1.5:21', maxNum: 100_001, help: 'values of t (default -0.5:1.5:21)' }),
  },
  result: {
    to: z.object({ path: z.string(), sha256: sha }).strict(),
    t: z.array(z.number()),
    loss: z.array(nnum),
    accuracy: z.array(nnum).nullable(),
    test_loss: z.array(nnum).optional(),
    test_accuracy: z.array(nnum).nullable().optional(),
    loss_a: nnum,
    loss_b: nnum,
    barrier: nnum,
    barrier_t: nnum,
    barrier_above_max: nnum,
    test: testField.nullable(),
  },
  async run(spec, ctx) {
    const opened = await openModelData(spec, ctx);
    const { model: a, modelName, data, test } = opened;
    const b = await openSecondModel(spec.options.to, opened, spec, ctx);
    const ts = linspace(parseRange(spec.options.t));
    ctx.progress({ phase: 'interpolate', done: 0, total: ts.length, unit: 'points' });
    const wanted: [typeof a, typeof data][] = test ? [[a, data], [a, test]] : [[a, data]];
    const r = await withLeases(ctx.backends, wanted, (train, held) =>
      interpolate(train, a.params, b.params, {
        t: ts,
        test: held,
        chunk: Math.max(4, Math.min(64, Math.ceil(ts.length / 20))),
        signal: ctx.signal,
        onPoints: (done) => ctx.progress({ phase: 'interpolate', done, total: ts.length, unit: 'points' }),
      }),
    );
    return {
      ...header({ schema: 'nnll/interpolate@1', command: 'interpolate', seed: spec.seed, model: a, modelName, data }),
      to: { path: spec.options.to, sha256: b.source.sha256 },
      t: r.t,
      loss: r.loss,
      accuracy: r.accuracy,
      ...(r.test_loss ? { test_loss: r.test_loss, test_accuracy: r.test_accuracy } : {}),
      loss_a: r.loss_a,
      loss_b: r.loss_b,
      barrier: r.barrier,
      barrier_t: r.barrier_t,
      barrier_above_max: r.barrier_above_max,
      complete: r.complete,
      test: testOf(test),
      provenance: provenanceOf({ ...spec, options: { ...spec.options, to_sha256: b.source.sha256 } }, a, data, { forwardPasses: r.forward_passes }),
    };
  },
  summarize: (r) =>
    [
      `${r.model!.path} → ${r.to.path} on ${r.data!.path}, ${r.t.length} points t ∈ [${r.t[0]}, ${r.t[r.t.length - 1]}]${r.complete ? '' : ' (interrupted)'}`,
      `  L(A) ${fmt(r.loss_a)}, L(B) ${fmt(r.loss_b)}, ${barrierText(r.barrier, r.barrier_t)}`,
    ].join('\n'),
});
