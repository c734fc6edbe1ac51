/** `info`: a model's parameters (name, shape, size, in flat order), ops, inputs and outputs. */
import { z } from 'zod';
import { resolveProgram } from '@nnll/core-wasm';
import { defineKind } from '../kind.js';
import { header, provenanceOf } from '../result.js';
import { lossKindOf, lossOption } from '../inputs.js';
import { count } from '../format.js';

const counts = (names: string[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const n of names) out[n] = (out[n] ?? 0) + 1;
  return out;
};

const shapeEntry = z.union([z.number().int(), z.literal('N')]);

export const infoKind = defineKind({
  kind: 'info',
  version: 1,
  summary: 'parameters (name, shape, size), ops, inputs and outputs of a model',
  examples: ['info --model model.onnx', 'info --model mlp:784-256-10:relu --json'],
  inputs: { model: { help: 'ONNX file, TF.js model.json or built-in spec such as mlp:784-256-10:relu' }, data: null },
  options: { loss: lossOption },
  result: {
    kind: z.string(),
    param_count: z.number().int(),
    params: z.array(z.object({ name: z.string(), shape: z.array(z.number().int()), size: z.number().int() }).strict()),
    ops: z.record(z.string(), z.number().int()),
    program_ops: z.record(z.string(), z.number().int()),
    inputs: z.array(z.object({ name: z.string(), shape: z.array(shapeEntry) }).strict()),
    outputs: z.array(z.object({ name: z.string(), shape: z.array(shapeEntry) }).strict()),
    loss: z.enum(['cross-entropy', 'mse']),
    const_count: z.number().int(),
  },
  async run(spec, ctx) {
    const model = await ctx.io.loadModel(spec.model!, { seed: spec.seed, loss: lossKindOf(spec.options.loss, undefined), flag: '--model' });
    const r = resolveProgram(model.program);
    const params = model.program.params.map((p) => ({ name: p.name, shape: [...p.shape], size: p.shape.reduce((a, b) => a * b, 1) }));
    return {
      ...header({ schema: 'nnll/info@1', command: 'info', seed: spec.seed, model, modelName: spec.model, data: null }),
      kind: model.source.kind,
      param_count: model.params.length,
      params,
      ops: counts(model.graphOps ?? model.program.ops.map((op) => op.op)),
      program_ops: counts(model.program.ops.map((op) => op.op)),
      inputs: [{ name: model.io?.input ?? 'input', shape: ['N', ...model.program.input] }],
      outputs: [{ name: model.io?.output ?? 'output', shape: ['N', ...r.shapes[model.program.output]] }],
      loss: model.program.loss,
      const_count: model.consts.length,
      provenance: provenanceOf(spec, model, null),
    };
  },
  summarize(r) {
    const width = Math.max(0, ...r.params.map((q) => q.name.length));
    return [
      `${r.model!.path} — ${r.kind}, ${count(r.param_count)} parameters in ${r.params.length} tensors, loss ${r.loss}`,
      `  input  ${r.inputs[0].name} [${r.inputs[0].shape.join(', ')}]`,
      `  output ${r.outputs[0].name} [${r.outputs[0].shape.join(', ')}]`,
      `  ops    ${Object.entries(r.ops).map(([k, v]) => (v > 1 ? `${k}×${v}` : k)).join(', ')}`,
      '  parameters:',
      ...r.params.map((p) => `    ${p.name.padEnd(width)}  [${p.shape.join(', ')}]  ${p.size}`),
    ].join('\n');
  },
});
