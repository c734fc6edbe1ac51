/** `eval`: full-data loss and accuracy of a model on a data set. */
import { z } from 'zod';
import { defineKind } from '../kind.js';
import { header, nnum, provenanceOf } from '../result.js';
import { lossOption, openModelData } from '../inputs.js';
import { withLeases } from '../backends.js';
import { fmt } from '../format.js';

export const evalKind = defineKind({
  kind: 'eval',
  version: 1,
  summary: 'loss and accuracy of a model on a data set',
  examples: ['eval --model model.onnx --data data.npz', 'eval --model model.onnx --data /usr/share/datasets/fashion-mnist --json'],
  inputs: { model: {}, data: {} },
  options: { loss: lossOption },
  result: { loss: nnum, accuracy: nnum },
  async run(spec, ctx) {
    const { model, modelName, data } = await openModelData(spec, ctx);
    const r = await withLeases(ctx.backends, [[model, data]], (b) => b.loss());
    return {
      ...header({ schema: 'nnll/eval@1', command: 'eval', seed: spec.seed, model, modelName, data }),
      loss: r.loss,
      accuracy: r.accuracy,
      provenance: provenanceOf(spec, model, data, { forwardPasses: 1 }),
    };
  },
  summarize: (r) => `${r.model!.path} on ${r.data!.path} (${r.n} samples): loss ${fmt(r.loss)}${r.accuracy === null ? '' : `, accuracy ${fmt(r.accuracy, 4)}`}`,
});

export type EvalResult = z.output<typeof evalKind.resultSchema>;
