/** `hvp`: the exact Hessian-vector product H·v of the full-data loss (Pearlmutter's R-operator). */
import { z } from 'zod';
import { defineKind } from '../kind.js';
import { header, nnum, provenanceOf, sha } from '../result.js';
import { lossOption, openModelData } from '../inputs.js';
import { withLeases } from '../backends.js';
import { file, output } from '../options.js';
import { fmt } from '../format.js';
import { norm, readVector, saveVector } from '../vectors.js';
import { ARRAY_EXTS } from './grad.js';

export const hvpKind = defineKind({
  kind: 'hvp',
  version: 1,
  summary: 'exact Hessian-vector product H·v of the full-data loss',
  examples: ['hvp --model model.onnx --data data.npz --vector v.npz', 'hvp --model model.onnx --data data.npz --vector v.npz --save hv.npz --json'],
  inputs: { model: {}, data: {} },
  options: {
    loss: lossOption,
    vector: file({ required: true, exts: ['.npz', '.safetensors', '.npy'], help: 'v: .npz or .safetensors, one array per parameter (same names and shapes)' }),
    save: output({ exts: ARRAY_EXTS, help: 'write H·v (.npz or .safetensors)' }),
  },
  result: {
    vector: z.object({ path: z.string(), sha256: sha, norm: z.number() }).strict(),
    loss: nnum,
    hv_norm: nnum,
    vhv: nnum,
    saved: z.string().nullable(),
  },
  async run(spec, ctx) {
    const { model, modelName, data } = await openModelData(spec, ctx);
    const v = await readVector(ctx.io, spec.options.vector, model, '--vector');
    if (spec.options.save) await ctx.io.checkWritable(spec.options.save, '--save');
    const r = await withLeases(ctx.backends, [[model, data]], (b) => b.hvp(v.vector));
    if (spec.options.save) await saveVector(ctx.io, spec.options.save, r.hv, model, '--save');
    return {
      ...header({ schema: 'nnll/hvp@1', command: 'hvp', seed: spec.seed, model, modelName, data }),
      vector: { path: spec.options.vector, sha256: v.sha256, norm: norm(v.vector) },
      loss: r.loss,
      hv_norm: norm(r.hv),
      vhv: v.vector.reduce((s, x, i) => s + x * r.hv[i], 0),
      saved: spec.options.save ?? null,
      provenance: provenanceOf(spec, model, data, { hvps: 1 }),
    };
  },
  summarize: (r) => `${r.model!.path} on ${r.data!.path}: ‖H·v‖ ${fmt(r.hv_norm)}, vᵀHv ${fmt(r.vhv)}${r.saved ? `; H·v saved to ${r.saved}` : ''}`,
});
