// Operator coverage across opsets 9–21: torch.onnx.export of one module at opsets 9, 11, 13 and 17
// (constant normalisation, x.view(N, -1) shape chains, erf-form GELU, squeeze / unsqueeze,
// dropout, ReduceMean, a trailing LogSoftmax) and onnx.helper models at opsets 20 and 21 (Gelu,
// MatMul + Add, Identity, GlobalAveragePool, AveragePool count_include_pad=1, Softmax). Files:
// tools/reference/generate_onnx_ops.py. onnxruntime-node runs each original file; the importer's
// program runs in the float64 reference; a trailing (Log)Softmax, which the importer drops, is
// applied to its logits before comparing.
//
// Tolerance: 1e-5·max(1, |y|) per output — onnxruntime computes in float32 (measured ≤ 1e-6).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { ReferenceNetwork, resolveProgram } from '@nnll/core-wasm';
import { importOnnx } from '../src/models/onnx-import.js';
import { exportOnnx } from '../src/models/onnx-export.js';
import { decodeModel, encodeModel } from '../src/models/onnx-proto.js';
import { normal } from '../src/random.js';
import { ONNX_FIXTURES } from './fixtures/onnx/fixtures.js';

interface OpsModel { name: string; file: string; input: number[]; opset: number; ops: string[] }
const dir = join(ONNX_FIXTURES, 'ops');
const models = (JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { models: OpsModel[] }).models;

function softmaxRows(z: Float64Array, K: number, log: boolean): Float64Array {
  const out = new Float64Array(z.length);
  for (let r = 0; r < z.length; r += K) {
    const row = z.subarray(r, r + K);
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    for (let k = 0; k < K; k++) out[r + k] = log ? row[k] - lse : Math.exp(row[k] - lse);
  }
  return out;
}

describe('ONNX operator coverage across opsets (against onnxruntime-node)', () => {
  for (const spec of models) {
    it(`${spec.name} (opset ${spec.opset}: ${spec.ops.join(', ')})`, async () => {
      const bytes = new Uint8Array(readFileSync(join(dir, spec.file)));
      const m = importOnnx(bytes, { path: spec.file });
      expect(m.program.input).toEqual(spec.input);
      const n = 11;
      const g = normal(spec.opset);
      const x = Float32Array.from({ length: n * spec.input.reduce((a, b) => a * b, 1) }, () => g());
      const s = await ort.InferenceSession.create(bytes);
      const want = (await s.run({ input: new ort.Tensor('float32', x, [n, ...spec.input]) })).output.data as Float32Array;
      const K = resolveProgram(m.program).shapes[m.program.output].reduce((a, b) => a * b, 1);
      const z = new ReferenceNetwork(m.program, m.consts).run(m.params, { x, labels: new Int32Array(n) }, { trace: true }).values![m.program.output];
      const last = spec.ops.includes('LogSoftmax') ? 'log' : spec.ops.includes('Softmax') ? 'softmax' : null;
      const got = last ? softmaxRows(z, K, last === 'log') : z;
      let err = 0;
      for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i])));
      if (spec.name.startsWith('zoo')) {
        // module parameters, then torch's folded transpose of the bias-free head; the
        // normalisation buffers mu / sd only feed Sub / Div, so they are constants
        expect(m.program.params.map((p) => p.name).slice(0, 10)).toEqual(['conv.weight', 'conv.bias', 'bn.weight', 'bn.bias', 'conv2.weight', 'conv2.bias', 'fc.weight', 'fc.bias', 'aux.weight', 'aux.bias']);
        expect(m.program.params[10].name).toMatch(/^onnx::MatMul_/);
        expect(m.program.consts!.map((c) => c.name).slice(0, 4)).toEqual(['mu', 'sd', 'bn.running_mean', 'bn.running_var']);
        expect(m.program.ops.filter((o) => o.op === 'activation').map((o) => (o as { kind: string }).kind)).toEqual(['gelu', 'elu', 'leaky-relu', 'sigmoid']);
      }
      expect(got.length).toBe(want.length);
      expect(err).toBeLessThan(1e-5);
      // and nnll's own export of the imported model runs in onnxruntime too
      const s2 = await ort.InferenceSession.create(exportOnnx(m));
      const ours = (await s2.run({ input: new ort.Tensor('float32', x, [n, ...spec.input]) })).output.data as Float32Array;
      let err2 = 0;
      for (let i = 0; i < z.length; i++) err2 = Math.max(err2, Math.abs(ours[i] - z[i]) / Math.max(1, Math.abs(z[i])));
      expect(err2).toBeLessThan(1e-5);
    });
  }
});

describe('ONNX tensor encodings', () => {
  it('reads float_data as well as raw_data, and initializers listed as graph inputs', () => {
    const bytes = new Uint8Array(readFileSync(join(ONNX_FIXTURES, 'mlp_relu', 'model.onnx')));
    const m = decodeModel(bytes, 'fixture');
    for (const t of m.graph!.initializer!) {
      t.float_data = Array.from(new Float32Array(new Uint8Array(t.raw_data!).buffer));
      delete t.raw_data;
    }
    // as torch did with keep_initializers_as_inputs=True: initializers repeated as graph inputs
    m.graph!.input!.push(...m.graph!.initializer!.map((t) => ({ name: t.name, type: { tensor_type: { elem_type: 1, shape: { dim: t.dims!.map((d) => ({ dim_value: d })) } } } })));
    const a = importOnnx(bytes), b = importOnnx(encodeModel(m));
    expect(b.program).toEqual(a.program);
    expect(b.params).toEqual(a.params);
  });
});
