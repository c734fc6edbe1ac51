// ONNX export: every model the library holds (imported reference models, built-in specs, programs
// built op by op) is written as opset-13 ONNX that onnxruntime-node loads and runs to the same
// logits, and import(export(m)) gives back the same parameters, names, order and outputs.
//
// Tolerance against onnxruntime: |ort − ref| ≤ 1e-5·max(1, |ref|) per logit, ref = the float64
// TypeScript reference on the same float32 parameters. onnxruntime computes in float32, so its
// logits carry ~1e-7 relative rounding per op (measured ≤ 2e-6 over these models). The round trip
// is exact: the re-imported program runs the same ops on the same float32 values.
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { Kernel, ProgramBuilder, ReferenceNetwork, resolveProgram, type Program } from '@nnll/core-wasm';
import { importOnnx } from '../src/models/onnx-import.js';
import { exportOnnx } from '../src/models/onnx-export.js';
import { builtinModel, defaultInit } from '../src/models/builtin.js';
import type { Model } from '../src/models/model.js';
import { normal, uniform } from '../src/random.js';
import { decode, onnxCases, readOnnxCase } from './fixtures/onnx/fixtures.js';

async function ortLogits(bytes: Uint8Array, x: Float32Array, shape: number[], input = 'input', output = 'output'): Promise<Float32Array> {
  const s = await ort.InferenceSession.create(bytes);
  const res = await s.run({ [input]: new ort.Tensor('float32', x, [x.length / shape.reduce((a, b) => a * b, 1), ...shape]) });
  const out = res[output].data as Float32Array;
  await s.release();
  return out;
}

function referenceLogits(m: Model, x: Float32Array): Float64Array {
  const r = resolveProgram(m.program);
  const n = x.length / r.program.input.reduce((a, b) => a * b, 1);
  const K = r.shapes[m.program.output].reduce((a, b) => a * b, 1);
  const data = m.program.loss === 'cross-entropy' ? { x, labels: new Int32Array(n) } : { x, targets: new Float32Array(n * K) };
  return new ReferenceNetwork(m.program, m.consts).run(m.params, data, { trace: true }).values![m.program.output];
}

const maxScaledErr = (got: ArrayLike<number>, want: ArrayLike<number>): number => {
  let e = 0;
  for (let i = 0; i < want.length; i++) e = Math.max(e, Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i])));
  return got.length === want.length ? e : Infinity;
};

const measured: Record<string, number> = {};

async function checkExport(m: Model, x: Float32Array, label: string): Promise<number> {
  const bytes = exportOnnx(m);
  const want = referenceLogits(m, x);
  const got = await ortLogits(bytes, x, m.program.input, m.io?.input, m.io?.output);
  const err = maxScaledErr(got, want);
  measured[label] = err;
  expect(err).toBeLessThan(1e-5);

  const back = importOnnx(bytes, { loss: m.program.loss });
  expect(back.program.params).toEqual(m.program.params);
  expect(back.params).toEqual(m.params);
  expect(back.program.input).toEqual(m.program.input);
  expect(back.program.ops.map((o) => o.op)).toEqual(m.program.ops.map((o) => o.op));
  expect(back.consts).toEqual(m.consts);
  expect(referenceLogits(back, x)).toEqual(want);
  // and the kernel computes bit-identical losses for both
  if (m.program.loss === 'cross-entropy') {
    const n = x.length / m.program.input.reduce((a, b) => a * b, 1);
    const data = { x, labels: Int32Array.from({ length: n }, (_, i) => i % 2) };
    const losses = await Promise.all([m, back].map(async (mm) => {
      const k = await Kernel.create(mm.program, { simd: 'plain' });
      k.setParams(mm.params);
      k.setConsts(mm.consts);
      k.setData(data);
      return k.loss().loss;
    }));
    expect(losses[1]).toBe(losses[0]);
  }
  return err;
}

const randomInputs = (n: number, shape: number[], seed: number): Float32Array => {
  const g = normal(seed);
  return Float32Array.from({ length: n * shape.reduce((a, b) => a * b, 1) }, () => g());
};

describe('ONNX export → onnxruntime-node', () => {
  for (const name of onnxCases()) {
    it(`reference model ${name}: same logits as the float64 reference and as the PyTorch export`, async () => {
      const { meta, bytes } = readOnnxCase(name);
      const m = importOnnx(bytes, { loss: meta.loss_kind });
      const x = decode(meta.x) as Float32Array;
      await checkExport(m, x, name);
      // the file torch wrote and the file nnll wrote, both through onnxruntime
      const torchLogits = await ortLogits(bytes, x, m.program.input);
      const ours = await ortLogits(exportOnnx(m), x, m.program.input);
      expect(maxScaledErr(ours, torchLogits)).toBeLessThan(1e-5);
    });
  }

  it('a built-in spec (mlp:12-32-16-4:gelu, GELU written in erf form)', async () => {
    const { program } = builtinModel('mlp:12-32-16-4:gelu');
    const m: Model = { program, params: defaultInit(program, 5), consts: new Float32Array(0), source: { kind: 'builtin', spec: 'mlp:12-32-16-4:gelu', sha256: '' } };
    await checkExport(m, randomInputs(37, [12], 1), 'mlp:12-32-16-4:gelu');
  });

  it('a ProgramBuilder model with conv, pools, batch norm, add, scale and every activation', async () => {
    const b = new ProgramBuilder([3, 9, 8]);
    let h = b.scale(b.input, { scale: 3, shift: 3 }); // per-channel input normalisation
    h = b.conv2d(h, { out: 4, kernel: 3, pad: [1, 0, 2, 1], stride: [1, 2] });
    h = b.batchnorm(h);
    h = b.activation(h, 'leaky-relu', 0.2);
    const skip = h;
    let r = b.conv2d(h, { out: 4, kernel: [3, 1], pad: [1, 0, 1, 0], bias: false });
    r = b.activation(r, 'elu', 0.7);
    r = b.scale(r, { scale: 1 }); // scalar
    h = b.add(r, skip);
    h = b.avgpool(h, { kernel: 3, stride: 1, pad: 1, countIncludePad: false });
    h = b.activation(h, 'gelu');
    const pooled = b.globalAvgPool(b.maxpool(h, { kernel: 2, stride: 1 }));
    let f = b.reshape(b.avgpool(h, { kernel: 2, stride: 2, pad: [1, 1, 0, 0] }));
    f = b.batchnorm(f);
    f = b.dense(f, 8, { layout: 'in-out' });
    f = b.activation(f, 'softplus');
    f = b.scale(f, { shift: 8 }); // element-wise over [8]
    f = b.dense(f, 4, { bias: false });
    f = b.activation(f, 'sigmoid');
    const g = b.dense(b.activation(pooled, 'tanh'), 4);
    const out = b.dense(b.activation(b.add(f, g), 'relu'), 3);
    const program: Program = b.build(out, 'cross-entropy');
    const r0 = resolveProgram(program);
    const u = uniform(11);
    const params = Float32Array.from({ length: r0.paramCount }, () => 2 * u() - 1);
    const consts = new Float32Array(r0.constCount);
    for (const c of r0.consts) for (let i = 0; i < c.size; i++) consts[c.offset + i] = c.name.endsWith('var') ? 0.5 + u() : c.name.endsWith('scale') ? 0.5 + u() : u() - 0.5;
    const m: Model = { program, params, consts, source: { kind: 'derived', sha256: '' } };
    await checkExport(m, randomInputs(23, [3, 9, 8], 2), 'builder');
  });

  it('keeps custom graph input / output names', async () => {
    const { program } = builtinModel('mlp:5-7-3:elu');
    const m: Model = { program, params: defaultInit(program, 1), consts: new Float32Array(0), source: { kind: 'builtin', sha256: '' }, io: { input: 'pixels', output: 'scores' } };
    const bytes = exportOnnx(m);
    expect(importOnnx(bytes).io).toEqual({ input: 'pixels', output: 'scores' });
    await checkExport(m, randomInputs(9, [5], 3), 'io-names');
  });

  it('measured errors are reported', () => {
    console.log(JSON.stringify(Object.fromEntries(Object.entries(measured).map(([k, v]) => [k, Number(v.toExponential(1))]))));
  });
});
