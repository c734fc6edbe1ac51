/**
 * `nnll interpolate --model A --to B --data D [--t -0.5:1.5:21] [--test T]`: L(t) = loss((1−t)·A + t·B)
 * along the straight line between two models of the same architecture, and the barrier
 * max over t∈[0,1] of L(t) − ((1−t)·L(A) + t·L(B)).
 */
import { interpolate as interpolateModels, linspace, type Range } from '@nnll/landscape';
import type { CommonOptions } from '../args.js';
import { backendsFor, emit, fmt, header, interruptedError, interruptible, modelPath, openModel, openModelAndData, provenanceOf, type LossFlag } from '../context.js';
import { UsageError } from '../errors.js';
import { progressBar } from '../output.js';
import { renderOutputs } from '../render.js';

export interface InterpolateOptions extends CommonOptions {
  model: string;
  to: string;
  data: string;
  test?: string;
  t: Range;
  plot?: string;
  csv?: string;
  loss?: LossFlag;
}

export async function interpolate(o: InterpolateOptions): Promise<void> {
  const { model, modelName, data, test } = await openModelAndData({ loss: o.loss }, o, o);
  const b = await openModel(o.to, { seed: o.seed, loss: model.program.loss === 'mse' ? 'mse' : 'ce' });
  const bName = modelPath(b, o.to);
  const pa = model.program.params, pb = b.program.params;
  const mismatch = pa.length !== pb.length ? -1 : pa.findIndex((p, i) => p.name !== pb[i].name || p.shape.join() !== pb[i].shape.join());
  if (mismatch !== -1 || JSON.stringify(model.program.ops) !== JSON.stringify(b.program.ops)) {
    const what = mismatch >= 0 ? `parameter ${pa[mismatch].name} [${pa[mismatch].shape}] vs ${pb[mismatch].name} [${pb[mismatch].shape}]` : mismatch === -1 && pa.length !== pb.length ? `${pa.length} vs ${pb.length} parameter tensors` : 'different layers';
    throw new UsageError(`--to ${bName}: not the same architecture as ${modelName} (${what})`);
  }
  const { backend, testBackend } = await backendsFor(model, data, test, o);
  const stop = interruptible();
  try {
    const ts = linspace(o.t);
    const bar = progressBar('interpolate', ts.length, 'points', o.quiet);
    bar.update(0);
    const r = await interpolateModels(backend, model.params, b.params, {
      t: ts,
      test: testBackend,
      chunk: Math.max(4, Math.min(64, Math.ceil(ts.length / 20))),
      signal: stop.signal,
      onPoints: (done) => bar.update(done),
    });
    bar.end();
    const result = {
      ...header('interpolate', o, model, modelName, data),
      to: { path: bName, sha256: b.source.sha256 },
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
      test: test ? { path: test.name, sha256: test.sha256 ?? null, n: test.n } : null,
      provenance: provenanceOf(model, data, o, { to: bName, to_sha256: b.source.sha256, t: `${o.t.min}:${o.t.max}:${o.t.num}`, loss: model.program.loss }, { forwardPasses: r.forward_passes }),
    };
    if (!r.complete) {
      await emit(o, result, 'interpolate: interrupted');
      throw interruptedError('the interpolation is not complete', o.out);
    }
    await renderOutputs('interpolate', result, { plot: o.plot, csv: o.csv });
    await emit(o, result, [
      `${modelName} → ${bName} on ${data.name}, ${ts.length} points t ∈ [${o.t.min}, ${o.t.max}]`,
      `  L(A) ${fmt(r.loss_a)}, L(B) ${fmt(r.loss_b)}, barrier ${fmt(r.barrier)}${r.barrier_t !== null ? ` at t = ${fmt(r.barrier_t, 3)}` : ''}`,
    ].join('\n'));
  } finally {
    stop.release();
    await testBackend?.close();
    await backend.close();
  }
}
