/** `nnll hvp --model M --data D --vector v.npz [--save hv.npz]`: the exact Hessian-vector product H·v. */
import { arraysFromVector, directionFromArrays } from '@nnll/landscape';
import { loadArrays, saveArrays } from '@nnll/landscape/node';
import type { CommonOptions } from '../args.js';
import { backendFor, emit, fmt, header, openModelAndData, provenanceOf, type LossFlag } from '../context.js';
import { fileSha256 } from '../files.js';
import { norm } from './grad.js';

export interface HvpOptions extends CommonOptions {
  model: string;
  data: string;
  /** .npz / .safetensors: one array per parameter, keyed by name, same shapes. */
  vector: string;
  save?: string;
  loss?: LossFlag;
}

export async function hvp(o: HvpOptions): Promise<void> {
  const { model, modelName, data } = await openModelAndData({ loss: o.loss }, o, o);
  const v = directionFromArrays(await loadArrays(o.vector), model, `--vector ${o.vector}`);
  const backend = await backendFor(model, data, o);
  try {
    const r = await backend.hvp(v);
    if (o.save) await saveArrays(o.save, arraysFromVector(r.hv, model) as never);
    const result = {
      ...header('hvp', o, model, modelName, data),
      vector: { path: o.vector, sha256: await fileSha256(o.vector), norm: norm(v) },
      loss: r.loss,
      hv_norm: norm(r.hv),
      vhv: v.reduce((s, x, i) => s + x * r.hv[i], 0),
      saved: o.save ?? null,
      provenance: provenanceOf(model, data, o, { loss: model.program.loss, vector: o.vector }, { hvps: 1 }),
    };
    await emit(o, result, `${modelName} on ${data.name}: ‖H·v‖ ${fmt(result.hv_norm)}, vᵀHv ${fmt(result.vhv)}${o.save ? `; H·v saved to ${o.save}` : ''}`);
  } finally {
    await backend.close();
  }
}
