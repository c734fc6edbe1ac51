/** `nnll grad --model M --data D [--save g.npz]`: loss and gradient of the full-data loss; the gradient saved per parameter. */
import { arraysFromVector } from '@nnll/landscape';
import { saveArrays } from '@nnll/landscape/node';
import type { CommonOptions } from '../args.js';
import { backendFor, emit, fmt, header, openModelAndData, provenanceOf, type LossFlag } from '../context.js';

export interface GradOptions extends CommonOptions {
  model: string;
  data: string;
  /** .npz or .safetensors: one float32 array per parameter, keyed by name. */
  save?: string;
  loss?: LossFlag;
}

export const norm = (v: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
};

export async function grad(o: GradOptions): Promise<void> {
  const { model, modelName, data } = await openModelAndData({ loss: o.loss }, o, o);
  const backend = await backendFor(model, data, o);
  try {
    const g = await backend.gradient();
    if (o.save) await saveArrays(o.save, arraysFromVector(g.gradient, model) as never);
    const result = {
      ...header('grad', o, model, modelName, data),
      loss: g.loss,
      accuracy: g.accuracy,
      grad_norm: norm(g.gradient),
      saved: o.save ?? null,
      provenance: provenanceOf(model, data, o, { loss: model.program.loss }, { forwardPasses: 1 }),
    };
    await emit(o, result, `${modelName} on ${data.name}: loss ${fmt(g.loss)}, gradient norm ${fmt(result.grad_norm)}${o.save ? `; gradient saved to ${o.save}` : ''}`);
  } finally {
    await backend.close();
  }
}
