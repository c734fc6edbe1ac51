/** `grad`: loss and gradient of the full-data loss; `save` writes the gradient per parameter (.npz or .safetensors). */
import { defineKind } from '../kind.js';
import { header, nnum, provenanceOf } from '../result.js';
import { lossOption, openModelData } from '../inputs.js';
import { withLeases } from '../backends.js';
import { output } from '../options.js';
import { fmt } from '../format.js';
import { norm, saveVector } from '../vectors.js';
import { z } from 'zod';

export const ARRAY_EXTS = ['.npz', '.safetensors'] as const;

export const gradKind = defineKind({
  kind: 'grad',
  version: 1,
  summary: 'loss and gradient of the full-data loss; --save writes the gradient per parameter',
  examples: ['grad --model model.onnx --data data.npz', 'grad --model model.onnx --data data.npz --save grad.npz --json'],
  inputs: { model: {}, data: {} },
  options: {
    loss: lossOption,
    save: output({ exts: ARRAY_EXTS, help: 'write the gradient (.npz or .safetensors, one array per parameter)' }),
  },
  result: { loss: nnum, accuracy: nnum, grad_norm: nnum, saved: z.string().nullable() },
  async run(spec, ctx) {
    const { model, modelName, data } = await openModelData(spec, ctx);
    if (spec.options.save) await ctx.io.checkWritable(spec.options.save, '--save');
    const g = await withLeases(ctx.backends, [[model, data]], (b) => b.gradient());
    if (spec.options.save) await saveVector(ctx.io, spec.options.save, g.gradient, model, '--save');
    return {
      ...header({ schema: 'nnll/grad@1', command: 'grad', seed: spec.seed, model, modelName, data }),
      loss: g.loss,
      accuracy: g.accuracy,
      grad_norm: norm(g.gradient),
      saved: spec.options.save ?? null,
      provenance: provenanceOf(spec, model, data, { forwardPasses: 1 }),
    };
  },
  summarize: (r) => `${r.model!.path} on ${r.data!.path}: loss ${fmt(r.loss)}, gradient norm ${fmt(r.grad_norm)}${r.saved ? `; gradient saved to ${r.saved}` : ''}`,
});
