// TF.js Layers import. tfjs itself is not a dependency, so the models are hand-written model.json
// files with weight shards built here, and the expected outputs come from an independent float64
// implementation of the layers in TF.js's own NHWC layout (below). The imported models take NCHW
// inputs, so the test data is transposed NHWC → NCHW before it goes in.
//
// Tolerances: float64 reference network vs the NHWC float64 implementation, 1e-12 relative per
// logit (both exact up to float64 rounding; only summation order differs). Kernel (float32) vs
// NHWC float64: loss 1e-5 relative (float32 forward pass, see onnx-import.test.ts).
import { describe, expect, it } from 'vitest';
import { Kernel, ReferenceNetwork } from '@nnll/core-wasm';
import * as ort from 'onnxruntime-node';
import { importTfjs, tfjsShardPaths, type TfjsModelJson } from '../src/models/tfjs-import.js';
import { exportOnnx } from '../src/models/onnx-export.js';
import { ModelError, unitAxes } from '../src/models/model.js';
import { normal } from '../src/random.js';

// ---------------------------------------------------------------- model.json construction
interface W { name: string; shape: number[]; data: Float32Array }
type Layer = { class_name: string; config: Record<string, unknown>; name?: string; inbound_nodes?: unknown };

function build(layers: Layer[], weights: W[], functional?: { input: string; output: string }, shards = 2): { json: TfjsModelJson; bins: Uint8Array[] } {
  const all = new Float32Array(weights.reduce((s, w) => s + w.data.length, 0));
  weights.reduce((o, w) => (all.set(w.data, o), o + w.data.length), 0);
  const bytes = new Uint8Array(all.buffer);
  // split into shards at arbitrary byte positions, as tfjs does at 4 MB
  const cut = Math.floor(bytes.length / shards);
  const bins = Array.from({ length: shards }, (_, i) => bytes.slice(i * cut, i === shards - 1 ? bytes.length : (i + 1) * cut));
  const config = functional
    ? { name: 'model', layers, input_layers: [[functional.input, 0, 0]], output_layers: [[functional.output, 0, 0]] }
    : { name: 'sequential', layers };
  return {
    json: {
      format: 'layers-model',
      modelTopology: { class_name: functional ? 'Model' : 'Sequential', config, keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js' } as Record<string, unknown>,
      weightsManifest: [{ paths: bins.map((_, i) => `group1-shard${i + 1}of${shards}.bin`), weights: weights.map(({ name, shape }) => ({ name, shape, dtype: 'float32' })) }],
    },
    bins,
  };
}

const g = normal(42);
const rand = (shape: number[], scale = 0.5): Float32Array => Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => scale * g());
const positive = (n: number): Float32Array => Float32Array.from({ length: n }, () => 0.5 + Math.abs(g()));

// ---------------------------------------------------------------- NHWC float64 layers
type T = { shape: number[]; data: Float64Array }; // [N, H, W, C] or [N, F]

function samePads(n: number, k: number, s: number): [number, number, number] {
  const total = Math.max((Math.ceil(n / s) - 1) * s + k - n, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2), Math.floor((n + total - k) / s) + 1];
}

function conv(x: T, k: W, b: W | null, stride: number[], padding: string): T {
  const [N, H, Wd, C] = x.shape;
  const [kh, kw, , O] = k.shape;
  const [pt, , Ho] = padding === 'same' ? samePads(H, kh, stride[0]) : [0, 0, Math.floor((H - kh) / stride[0]) + 1];
  const [pl, , Wo] = padding === 'same' ? samePads(Wd, kw, stride[1]) : [0, 0, Math.floor((Wd - kw) / stride[1]) + 1];
  const out = new Float64Array(N * Ho * Wo * O);
  for (let n = 0; n < N; n++) for (let i = 0; i < Ho; i++) for (let j = 0; j < Wo; j++) for (let o = 0; o < O; o++) {
    let s = b ? b.data[o] : 0;
    for (let a = 0; a < kh; a++) for (let c = 0; c < kw; c++) {
      const h = i * stride[0] + a - pt, w = j * stride[1] + c - pl;
      if (h < 0 || h >= H || w < 0 || w >= Wd) continue;
      for (let ch = 0; ch < C; ch++) s += x.data[((n * H + h) * Wd + w) * C + ch] * k.data[((a * kw + c) * C + ch) * O + o];
    }
    out[((n * Ho + i) * Wo + j) * O + o] = s;
  }
  return { shape: [N, Ho, Wo, O], data: out };
}

function pool(x: T, kind: 'max' | 'avg', k: number[], stride: number[], padding: string): T {
  const [N, H, Wd, C] = x.shape;
  const [pt, , Ho] = padding === 'same' ? samePads(H, k[0], stride[0]) : [0, 0, Math.floor((H - k[0]) / stride[0]) + 1];
  const [pl, , Wo] = padding === 'same' ? samePads(Wd, k[1], stride[1]) : [0, 0, Math.floor((Wd - k[1]) / stride[1]) + 1];
  const out = new Float64Array(N * Ho * Wo * C);
  for (let n = 0; n < N; n++) for (let i = 0; i < Ho; i++) for (let j = 0; j < Wo; j++) for (let ch = 0; ch < C; ch++) {
    let m = -Infinity, s = 0, cnt = 0;
    for (let a = 0; a < k[0]; a++) for (let c = 0; c < k[1]; c++) {
      const h = i * stride[0] + a - pt, w = j * stride[1] + c - pl;
      if (h < 0 || h >= H || w < 0 || w >= Wd) continue; // TF: padding is not counted
      const v = x.data[((n * H + h) * Wd + w) * C + ch];
      m = Math.max(m, v);
      s += v;
      cnt++;
    }
    out[((n * Ho + i) * Wo + j) * C + ch] = kind === 'max' ? m : s / cnt;
  }
  return { shape: [N, Ho, Wo, C], data: out };
}

const lastAxis = (x: T): number => x.shape[x.shape.length - 1];
function bn(x: T, gamma: W, beta: W, mean: W, variance: W, eps: number): T {
  const C = lastAxis(x);
  const e = Math.fround(eps);
  return { shape: x.shape, data: x.data.map((v, i) => { const c = i % C; return gamma.data[c] * (v - mean.data[c]) / Math.sqrt(variance.data[c] + e) + beta.data[c]; }) };
}
function dense(x: T, k: W, b: W | null): T {
  const [N, I] = x.shape;
  const O = k.shape[1];
  const out = new Float64Array(N * O);
  for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) {
    let s = b ? b.data[o] : 0;
    for (let i = 0; i < I; i++) s += x.data[n * I + i] * k.data[i * O + o];
    out[n * O + o] = s;
  }
  return { shape: [N, O], data: out };
}
const act = (x: T, f: (v: number) => number): T => ({ shape: x.shape, data: x.data.map(f) });
const relu = (v: number): number => Math.max(v, 0);
const elu = (v: number): number => (v > 0 ? v : Math.expm1(v));
const softplus = (v: number): number => Math.log1p(Math.exp(-Math.abs(v))) + Math.max(v, 0);
const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));
const flatten = (x: T): T => ({ shape: [x.shape[0], x.data.length / x.shape[0]], data: x.data });
const gap = (x: T): T => {
  const [N, H, Wd, C] = x.shape;
  const out = new Float64Array(N * C);
  for (let n = 0; n < N; n++) for (let p = 0; p < H * Wd; p++) for (let c = 0; c < C; c++) out[n * C + c] += x.data[(n * H * Wd + p) * C + c] / (H * Wd);
  return { shape: [N, C], data: out };
};

/** NHWC [N,H,W,C] → NCHW [N,C,H,W]. */
function toNCHW(x: Float32Array, N: number, H: number, Wd: number, C: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let n = 0; n < N; n++) for (let h = 0; h < H; h++) for (let w = 0; w < Wd; w++) for (let c = 0; c < C; c++) out[((n * C + c) * H + h) * Wd + w] = x[((n * H + h) * Wd + w) * C + c];
  return out;
}

function crossEntropy(logits: T, labels: Int32Array): number {
  const [N, K] = logits.shape;
  let s = 0;
  for (let n = 0; n < N; n++) {
    const row = logits.data.subarray(n * K, n * K + K);
    const m = Math.max(...row);
    s += m + Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0)) - row[labels[n]];
  }
  return s / N;
}

async function compare(json: TfjsModelJson, bins: Uint8Array[], xNCHW: Float32Array, expected: T, labels?: Int32Array): Promise<void> {
  const m = importTfjs(json, bins, { path: 'tfjs/model.json' });
  const n = expected.shape[0];
  const K = expected.data.length / n;
  const ref = new ReferenceNetwork(m.program, m.consts).run(m.params, { x: xNCHW, labels: new Int32Array(n) }, { trace: true });
  const got = ref.values![m.program.output];
  let err = 0;
  for (let i = 0; i < got.length; i++) err = Math.max(err, Math.abs(got[i] - expected.data[i]) / Math.max(1, Math.abs(expected.data[i])));
  expect(got.length).toBe(n * K);
  expect(err).toBeLessThan(1e-12);
  if (labels) {
    const k = await Kernel.create(m.program, { simd: 'plain' });
    k.setParams(m.params);
    k.setConsts(m.consts);
    k.setData({ x: xNCHW, labels });
    const want = crossEntropy(expected, labels);
    expect(Math.abs(k.loss().loss - want) / want).toBeLessThan(1e-5);
  }
}

describe('TF.js Layers import', () => {
  it('a channels-last CNN (Conv2D same/valid, BatchNormalization, MaxPooling2D, AveragePooling2D, Flatten, Dense, BN on features, softmax)', async () => {
    const [N, H, Wd, C] = [7, 7, 6, 2];
    const w = {
      k1: { name: 'conv2d_1/kernel', shape: [3, 3, 2, 3], data: rand([3, 3, 2, 3]) },
      b1: { name: 'conv2d_1/bias', shape: [3], data: rand([3]) },
      g1: { name: 'batch_normalization_1/gamma', shape: [3], data: positive(3) },
      be1: { name: 'batch_normalization_1/beta', shape: [3], data: rand([3]) },
      m1: { name: 'batch_normalization_1/moving_mean', shape: [3], data: rand([3]) },
      v1: { name: 'batch_normalization_1/moving_variance', shape: [3], data: positive(3) },
      k2: { name: 'conv2d_2/kernel', shape: [2, 2, 3, 4], data: rand([2, 2, 3, 4]) },
      b2: { name: 'conv2d_2/bias', shape: [4], data: rand([4]) },
      k3: { name: 'dense_1/kernel', shape: [24, 5], data: rand([24, 5]) },
      b3: { name: 'dense_1/bias', shape: [5], data: rand([5]) },
      g2: { name: 'batch_normalization_2/gamma', shape: [5], data: positive(5) },
      be2: { name: 'batch_normalization_2/beta', shape: [5], data: rand([5]) },
      m2: { name: 'batch_normalization_2/moving_mean', shape: [5], data: rand([5]) },
      v2: { name: 'batch_normalization_2/moving_variance', shape: [5], data: positive(5) },
      k4: { name: 'dense_2/kernel', shape: [5, 3], data: rand([5, 3]) },
      b4: { name: 'dense_2/bias', shape: [3], data: rand([3]) },
    };
    const layers: Layer[] = [
      { class_name: 'Conv2D', config: { name: 'conv2d_1', batch_input_shape: [null, H, Wd, C], filters: 3, kernel_size: [3, 3], strides: [1, 1], padding: 'same', data_format: 'channels_last', activation: 'relu', use_bias: true, dilation_rate: [1, 1] } },
      { class_name: 'BatchNormalization', config: { name: 'batch_normalization_1', axis: -1, epsilon: 0.001, center: true, scale: true } },
      { class_name: 'MaxPooling2D', config: { name: 'max_pooling2d_1', pool_size: [2, 2], strides: [2, 2], padding: 'same' } },
      { class_name: 'AveragePooling2D', config: { name: 'average_pooling2d_1', pool_size: [2, 2], strides: [1, 1], padding: 'same' } },
      { class_name: 'Conv2D', config: { name: 'conv2d_2', filters: 4, kernel_size: [2, 2], strides: [1, 1], padding: 'valid', activation: 'tanh', use_bias: true } },
      { class_name: 'Flatten', config: { name: 'flatten_1' } },
      { class_name: 'Dropout', config: { name: 'dropout_1', rate: 0.5 } },
      { class_name: 'Dense', config: { name: 'dense_1', units: 5, activation: 'elu', use_bias: true } },
      { class_name: 'BatchNormalization', config: { name: 'batch_normalization_2', axis: -1, epsilon: 0.01 } },
      { class_name: 'Dense', config: { name: 'dense_2', units: 3, activation: 'softmax', use_bias: true } },
    ];
    const { json, bins } = build(layers, Object.values(w), undefined, 3);
    const x = rand([N, H, Wd, C], 1);
    let t: T = { shape: [N, H, Wd, C], data: Float64Array.from(x) };
    t = act(conv(t, w.k1, w.b1, [1, 1], 'same'), relu);
    t = bn(t, w.g1, w.be1, w.m1, w.v1, 0.001);
    t = pool(t, 'max', [2, 2], [2, 2], 'same'); // 7×6 → 4×3
    t = pool(t, 'avg', [2, 2], [1, 1], 'same');
    t = act(conv(t, w.k2, w.b2, [1, 1], 'valid'), Math.tanh); // → 3×2×4 = 24
    t = act(dense(flatten(t), w.k3, w.b3), elu);
    t = bn(t, w.g2, w.be2, w.m2, w.v2, 0.01);
    t = dense(t, w.k4, w.b4); // logits (softmax dropped)
    const labels = Int32Array.from({ length: N }, (_, i) => i % 3);
    await compare(json, bins, toNCHW(x, N, H, Wd, C), t, labels);

    const m = importTfjs(json, bins);
    expect(m.program.input).toEqual([C, H, Wd]);
    // parameters in manifest order without the moving statistics; conv kernels stored [out, in, kh, kw]
    expect(m.program.params.map((p) => [p.name, p.shape])).toEqual([
      ['conv2d_1/kernel', [3, 2, 3, 3]], ['conv2d_1/bias', [3]], ['batch_normalization_1/gamma', [3]], ['batch_normalization_1/beta', [3]],
      ['conv2d_2/kernel', [4, 3, 2, 2]], ['conv2d_2/bias', [4]], ['dense_1/kernel', [24, 5]], ['dense_1/bias', [5]],
      ['batch_normalization_2/gamma', [5]], ['batch_normalization_2/beta', [5]], ['dense_2/kernel', [5, 3]], ['dense_2/bias', [3]],
    ]);
    expect(m.program.consts!.map((c) => c.name)).toEqual(['batch_normalization_1/moving_mean', 'batch_normalization_1/moving_variance', 'batch_normalization_2/moving_mean', 'batch_normalization_2/moving_variance']);
    expect(unitAxes(m.program).get('dense_1/kernel')).toBe(1);
    expect(unitAxes(m.program).get('conv2d_1/kernel')).toBe(0);
    expect(m.source).toMatchObject({ kind: 'tfjs' });

    // exported to ONNX, onnxruntime computes the TF.js function on NCHW data (float32: 1e-5)
    const s = await ort.InferenceSession.create(exportOnnx(m));
    const out = (await s.run({ input: new ort.Tensor('float32', toNCHW(x, N, H, Wd, C), [N, C, H, Wd]) })).output.data as Float32Array;
    expect(Math.max(...Array.from(out, (v, i) => Math.abs(v - t.data[i]) / Math.max(1, Math.abs(t.data[i]))))).toBeLessThan(1e-5);
  });

  it('a functional model with a residual Add, GlobalAveragePooling2D and a LeakyReLU layer', async () => {
    const [N, H, Wd, C] = [5, 5, 4, 3];
    const w = {
      ka: { name: 'model/conv_a/kernel', shape: [3, 3, 3, 4], data: rand([3, 3, 3, 4]) },
      ba: { name: 'model/conv_a/bias', shape: [4], data: rand([4]) },
      kb: { name: 'model/conv_b/kernel', shape: [3, 3, 4, 4], data: rand([3, 3, 4, 4]) },
      kd: { name: 'model/out/kernel', shape: [4, 2], data: rand([4, 2]) },
      bd: { name: 'model/out/bias', shape: [2], data: rand([2]) },
    };
    const inbound = (...names: string[]) => [names.map((n) => [n, 0, 0, {}])];
    const layers: Layer[] = [
      { class_name: 'InputLayer', name: 'in', config: { name: 'in', batch_input_shape: [null, H, Wd, C], dtype: 'float32' }, inbound_nodes: [] },
      { class_name: 'Conv2D', name: 'conv_a', config: { name: 'conv_a', filters: 4, kernel_size: 3, strides: 1, padding: 'same', activation: 'relu' }, inbound_nodes: inbound('in') },
      { class_name: 'Conv2D', name: 'conv_b', config: { name: 'conv_b', filters: 4, kernel_size: 3, strides: 1, padding: 'same', activation: 'linear', use_bias: false }, inbound_nodes: inbound('conv_a') },
      { class_name: 'Add', name: 'add', config: { name: 'add' }, inbound_nodes: inbound('conv_b', 'conv_a') },
      { class_name: 'LeakyReLU', name: 'leaky', config: { name: 'leaky', alpha: 0.2 }, inbound_nodes: inbound('add') },
      { class_name: 'GlobalAveragePooling2D', name: 'gap', config: { name: 'gap' }, inbound_nodes: inbound('leaky') },
      { class_name: 'Dense', name: 'out', config: { name: 'out', units: 2, activation: 'linear' }, inbound_nodes: inbound('gap') },
    ];
    const { json, bins } = build(layers, Object.values(w), { input: 'in', output: 'out' }, 1);
    const x = rand([N, H, Wd, C], 1);
    const t0: T = { shape: [N, H, Wd, C], data: Float64Array.from(x) };
    const a = act(conv(t0, w.ka, w.ba, [1, 1], 'same'), relu);
    const b = conv(a, w.kb, null, [1, 1], 'same');
    let t: T = { shape: a.shape, data: a.data.map((v, i) => v + b.data[i]) };
    t = act(t, (v) => (v > 0 ? v : Math.fround(0.2) * v));
    t = dense(gap(t), w.kd, w.bd);
    await compare(json, bins, toNCHW(x, N, H, Wd, C), t, Int32Array.from({ length: N }, (_, i) => i % 2));
  });

  it('a Dense regression model (sigmoid, softplus) in Keras 2 model_config form', async () => {
    const w = [
      { name: 'd1/kernel', shape: [4, 6], data: rand([4, 6]) }, { name: 'd1/bias', shape: [6], data: rand([6]) },
      { name: 'd2/kernel', shape: [6, 3], data: rand([6, 3]) }, { name: 'd2/bias', shape: [3], data: rand([3]) },
      { name: 'd3/kernel', shape: [3, 2], data: rand([3, 2]) },
    ];
    const layers: Layer[] = [
      { class_name: 'Dense', config: { name: 'd1', units: 6, activation: 'sigmoid', batch_input_shape: [null, 4] } },
      { class_name: 'Dense', config: { name: 'd2', units: 3, activation: 'softplus' } },
      { class_name: 'Activation', config: { name: 'act', activation: 'relu' } },
      { class_name: 'Dense', config: { name: 'd3', units: 2, use_bias: false } },
    ];
    const built = build(layers, w);
    const json = { ...built.json, modelTopology: { model_config: built.json.modelTopology } };
    const x = rand([9, 4], 1);
    let t: T = { shape: [9, 4], data: Float64Array.from(x) };
    t = act(dense(t, w[0], w[1]), sigmoid);
    t = act(act(dense(t, w[2], w[3]), softplus), relu);
    t = dense(t, w[4], null);
    await compare(json, built.bins, x, t);
    const m = importTfjs(JSON.stringify(json), built.bins, { loss: 'mse' });
    expect(m.program.loss).toBe('mse');
    expect(tfjsShardPaths(json)).toEqual(['group1-shard1of2.bin', 'group1-shard2of2.bin']);
  });

  it('a Keras 3 functional config (keras_history inbound nodes, batch_shape)', async () => {
    const w = [{ name: 'fc/kernel', shape: [3, 2], data: rand([3, 2]) }, { name: 'fc/bias', shape: [2], data: rand([2]) }];
    const tensor = (name: string) => ({ class_name: '__keras_tensor__', config: { shape: [null, 3], dtype: 'float32', keras_history: [name, 0, 0] } });
    const layers: Layer[] = [
      { class_name: 'InputLayer', name: 'x', config: { name: 'x', batch_shape: [null, 3], dtype: 'float32' }, inbound_nodes: [] },
      { class_name: 'Dense', name: 'fc', config: { name: 'fc', units: 2, activation: 'tanh' }, inbound_nodes: [{ args: [tensor('x')], kwargs: {} }] },
    ];
    const { json, bins } = build(layers, w, { input: 'x', output: 'fc' });
    const x = rand([4, 3], 1);
    await compare(json, bins, x, act(dense({ shape: [4, 3], data: Float64Array.from(x) }, w[0], w[1]), Math.tanh));
  });

  it('errors name the layer and what is wrong, in one line', () => {
    const base = (layers: Layer[], weights: W[]) => build(layers, weights);
    const dense = { class_name: 'Dense', config: { name: 'd1', units: 2, batch_input_shape: [null, 3] } };
    const w = [{ name: 'd1/kernel', shape: [3, 2], data: rand([3, 2]) }, { name: 'd1/bias', shape: [2], data: rand([2]) }];
    const err = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(ModelError);
        expect((e as Error).message).not.toContain('\n');
        return (e as Error).message;
      }
      throw new Error('expected a ModelError');
    };
    const ok = base([dense], w);
    expect(err(() => importTfjs(ok.json, [ok.bins[0]], { path: 'm/model.json' }))).toBe('m/model.json: weight shards hold 16 bytes, the manifest needs at least 24 (truncated?)');
    const lstm = base([dense, { class_name: 'LSTM', config: { name: 'lstm_1', units: 4 } }], w);
    expect(err(() => importTfjs(lstm.json, lstm.bins))).toBe('TF.js model: layer lstm_1: unsupported layer LSTM');
    const soft = base([{ ...dense, config: { ...dense.config, activation: 'softmax' } }, { class_name: 'Activation', config: { name: 'a', activation: 'relu' } }], w);
    expect(err(() => importTfjs(soft.json, soft.bins))).toBe('TF.js model: layer d1: softmax is only supported on the output (the loss is taken on the logits)');
    const selu = base([{ ...dense, config: { ...dense.config, activation: 'selu' } }], w);
    expect(err(() => importTfjs(selu.json, selu.bins))).toBe('TF.js model: layer d1: activation selu is not supported');
    const missing = base([dense], [w[0]]);
    expect(err(() => importTfjs(missing.json, missing.bins))).toBe('TF.js model: layer d1: weight d1/bias is missing from the manifest');
    const ints = base([dense], w);
    ints.json.weightsManifest[0].weights[0].dtype = 'int32';
    expect(err(() => importTfjs(ints.json, ints.bins))).toBe('TF.js model: weight d1/kernel is int32; weights must be float32');
    expect(err(() => importTfjs('{"modelTopology": ', []))).toMatch(/^TF\.js model: not valid JSON/);
    expect(err(() => importTfjs({ format: 'graph-model', modelTopology: {}, weightsManifest: [] }, []))).toBe('TF.js model: format "graph-model" is not supported (only layers-model)');
  });
});
