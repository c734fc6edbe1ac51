/** `nnll info --model M`: parameters (name, shape, size in flat order), ops, inputs and outputs. */
import { readFile } from 'node:fs/promises';
import { resolveProgram } from '@nnll/core-wasm';
import type { CommonOptions } from '../args.js';
import { emit, header, modelPath, openModel, provenanceOf, type LossFlag } from '../context.js';
import { onnxOpTypes } from '../onnx-ops.js';

export interface InfoOptions extends CommonOptions {
  model: string;
  loss?: LossFlag;
}

const counts = (names: string[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const n of names) out[n] = (out[n] ?? 0) + 1;
  return out;
};

export async function info(o: InfoOptions): Promise<void> {
  const model = await openModel(o.model, { seed: o.seed, loss: o.loss });
  const name = modelPath(model, o.model);
  const r = resolveProgram(model.program);
  const params = model.program.params.map((p) => ({ name: p.name, shape: [...p.shape], size: p.shape.reduce((a, b) => a * b, 1) }));
  const fileOps = model.source.kind === 'onnx' && model.source.path ? onnxOpTypes(new Uint8Array(await readFile(model.source.path))) : null;
  const result = {
    ...header('info', o, model, name),
    kind: model.source.kind,
    param_count: model.params.length,
    params,
    ops: counts(fileOps ?? model.program.ops.map((op) => op.op)),
    program_ops: counts(model.program.ops.map((op) => op.op)),
    inputs: [{ name: model.io?.input ?? 'input', shape: ['N', ...model.program.input] }],
    outputs: [{ name: model.io?.output ?? 'output', shape: ['N', ...r.shapes[model.program.output]] }],
    loss: model.program.loss,
    const_count: model.consts.length,
    provenance: provenanceOf(model, undefined, o, { loss: model.program.loss }, {}),
  };
  const text = [
    `${name} — ${model.source.kind}, ${result.param_count.toLocaleString('en-US')} parameters in ${params.length} tensors, loss ${result.loss}`,
    `  input  ${result.inputs[0].name} [${result.inputs[0].shape.join(', ')}]`,
    `  output ${result.outputs[0].name} [${result.outputs[0].shape.join(', ')}]`,
    `  ops    ${Object.entries(result.ops).map(([k, v]) => (v > 1 ? `${k}×${v}` : k)).join(', ')}`,
    '  parameters:',
    ...params.map((p) => `    ${p.name.padEnd(Math.max(...params.map((q) => q.name.length)))}  [${p.shape.join(', ')}]  ${p.size}`),
  ].join('\n');
  await emit(o, result, text);
}
