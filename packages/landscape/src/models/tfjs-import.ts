/**
 * TF.js Layers model (`model.json`, format "layers-model", plus its float32 weight shards) → Model.
 *
 * Layout: TF.js image layers are channels-last (NHWC); models here take NCHW inputs like every
 * other model, so an imported `[H, W, C]` input becomes `[C, H, W]` and data must be given NCHW.
 * Conv2D kernels `[kh, kw, in, out]` are stored as parameters `[out, in, kh, kw]`. Flatten of a
 * feature map yields C·H·W order where TF.js yields H·W·C, so the first layer after it that mixes
 * features (Dense rows, BatchNormalization vectors) gets its parameters permuted to match: the
 * network computes exactly the TF.js function, with those parameters stored in NCHW order.
 *
 * Parameters are the weights of the manifest that the layers use, except BatchNormalization moving
 * mean / variance (constants), named by their manifest names, in manifest order.
 */
import { resolveProgram, ProgramError, type ActivationKind, type LossKind, type Op, type TensorSpec } from '@nnll/core-wasm';
import { ModelError, type Model } from './model.js';
import { sha256Hex } from '../data/sha256.js';

export interface TfjsImportOptions {
  /** Path of model.json: named in errors and recorded as the source. */
  path?: string;
  /** 'cross-entropy' (default) or 'mse'. */
  loss?: LossKind;
}

interface LayerJson { class_name: string; name?: string; config: Record<string, unknown>; inbound_nodes?: unknown }
interface ManifestWeight { name: string; shape: number[]; dtype?: string; quantization?: unknown }
export interface TfjsModelJson {
  format?: string;
  modelTopology: Record<string, unknown>;
  weightsManifest: { paths: string[]; weights: ManifestWeight[] }[];
}

/** Paths of the weight shards, in the order importTfjs expects their bytes. */
export const tfjsShardPaths = (json: TfjsModelJson): string[] => json.weightsManifest.flatMap((g) => g.paths);

type Value = { v: number; shape: number[]; perm?: Int32Array };
const ACTIVATIONS: Record<string, ActivationKind | null> = { linear: null, relu: 'relu', sigmoid: 'sigmoid', tanh: 'tanh', softplus: 'softplus', elu: 'elu' };
const sizeOf = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** `json`: parsed or text model.json; `shards`: the bytes of tfjsShardPaths(json), in order. */
export function importTfjs(json: TfjsModelJson | string, shards: Uint8Array[], opts: TfjsImportOptions = {}): Model {
  const where = opts.path ?? 'TF.js model';
  const fail = (msg: string): never => { throw new ModelError(`${where}: ${msg}`); };
  let m: TfjsModelJson;
  try {
    m = typeof json === 'string' ? (JSON.parse(json) as TfjsModelJson) : json;
  } catch (e) {
    return fail(`not valid JSON (${(e as Error).message})`);
  }
  if (!m || typeof m !== 'object' || !m.modelTopology || !Array.isArray(m.weightsManifest)) fail('not a TF.js layers model (needs modelTopology and weightsManifest)');
  if (m.format && m.format !== 'layers-model') fail(`format "${m.format}" is not supported (only layers-model)`);

  // --- weights ---
  const total = shards.reduce((s, b) => s + b.length, 0);
  const all = new Uint8Array(total);
  shards.reduce((o, b) => (all.set(b, o), o + b.length), 0);
  const weights = new Map<string, { shape: number[]; data: Float32Array; index: number }>();
  let offset = 0, index = 0;
  for (const w of m.weightsManifest.flatMap((g) => g.weights)) {
    const n = sizeOf(w.shape);
    if (w.quantization) fail(`weight ${w.name} is quantized, which is not supported`);
    if ((w.dtype ?? 'float32') !== 'float32') fail(`weight ${w.name} is ${w.dtype}; weights must be float32`);
    if (offset + 4 * n > total) fail(`weight shards hold ${total} bytes, the manifest needs at least ${offset + 4 * n} (truncated?)`);
    weights.set(w.name, { shape: w.shape, data: new Float32Array(all.slice(offset, offset + 4 * n).buffer), index: index++ });
    offset += 4 * n;
  }

  // --- topology ---
  const topo = (m.modelTopology.model_config ?? m.modelTopology) as { class_name?: string; config?: unknown };
  const cfg = topo.config as { layers?: LayerJson[]; input_layers?: unknown; output_layers?: unknown } | LayerJson[] | undefined;
  const layers: LayerJson[] = Array.isArray(cfg) ? cfg : cfg?.layers ?? fail('modelTopology has no layers');
  const sequential = topo.class_name === 'Sequential';
  const get = <T>(c: Record<string, unknown>, snake: string, camel: string): T | undefined => (c[snake] ?? c[camel]) as T | undefined;

  const ops: Op[] = [];
  const params: { spec: TensorSpec; data: Float32Array; index: number }[] = [];
  const consts: { spec: TensorSpec; data: Float32Array }[] = [];
  const emit = (op: Record<string, unknown>, shape: number[], perm?: Int32Array): Value => {
    const y = ops.length + 1;
    ops.push({ ...op, y } as unknown as Op);
    return { v: y, shape, perm };
  };
  let inputShape: number[] | undefined;
  const defineInput = (c: Record<string, unknown>, layer: string): Value => {
    const b = get<(number | null)[]>(c, 'batch_input_shape', 'batchInputShape') ?? get<(number | null)[]>(c, 'batch_shape', 'batchShape');
    if (!b) fail(`layer ${layer}: the first layer needs batch_input_shape`);
    const s = b!.slice(1);
    if (s.some((d) => !(typeof d === 'number' && d > 0))) fail(`layer ${layer}: input shape [${b}] has unknown dimensions besides the batch`);
    const dims = s as number[];
    if (dims.length === 3 && (get<string>(c, 'data_format', 'dataFormat') ?? 'channels_last') === 'channels_last') inputShape = [dims[2], dims[0], dims[1]];
    else if (dims.length === 1 || dims.length === 3) inputShape = dims;
    else fail(`layer ${layer}: input shape [${b}] is not supported (features [F] or images [H, W, C])`);
    return { v: 0, shape: inputShape! };
  };
  const weight = (layer: string, key: string, required = true): { name: string; shape: number[]; data: Float32Array; index: number } | undefined => {
    for (const [name, w] of weights) if (name === `${layer}/${key}` || name.endsWith(`/${layer}/${key}`)) return { name, ...w };
    if (required) fail(`layer ${layer}: weight ${layer}/${key} is missing from the manifest`);
    return undefined;
  };
  const addParam = (name: string, shape: number[], data: Float32Array, idx: number): string => {
    if (sizeOf(shape) !== data.length) fail(`weight ${name}: ${data.length} values for shape [${shape}]`);
    params.push({ spec: { name, shape }, data, index: idx });
    return name;
  };
  /** A per-feature vector permuted to the value's storage order (after Flatten of a feature map). */
  const permuted = (data: Float32Array, perm?: Int32Array): Float32Array => (perm ? Float32Array.from(perm, (p) => data[p]) : data);
  const activation = (x: Value, act: string | undefined, layer: string, last: boolean, alpha?: number): Value => {
    const name = act ?? 'linear';
    if (name === 'softmax') {
      if (!last) fail(`layer ${layer}: softmax is only supported on the output (the loss is taken on the logits)`);
      return x;
    }
    if (!(name in ACTIVATIONS)) fail(`layer ${layer}: activation ${name} is not supported`);
    const kind = ACTIVATIONS[name];
    return kind ? emit({ op: 'activation', x: x.v, kind, ...(alpha !== undefined ? { alpha } : {}) }, x.shape, x.perm) : x;
  };
  const padsFor = (padding: string, shape: number[], k: number[], s: number[], layer: string): [number, number, number, number] => {
    if (padding === 'valid') return [0, 0, 0, 0];
    if (padding !== 'same') fail(`layer ${layer}: padding ${padding} is not supported`);
    // TF "same": total padding max((ceil(n/s) − 1)·s + k − n, 0), the extra one at the bottom / right
    const t = [0, 1].map((i) => Math.max((Math.ceil(shape[i + 1] / s[i]) - 1) * s[i] + k[i] - shape[i + 1], 0));
    return [Math.floor(t[0] / 2), Math.floor(t[1] / 2), t[0] - Math.floor(t[0] / 2), t[1] - Math.floor(t[1] / 2)];
  };
  const pair = (v: unknown, dflt: number[]): number[] => (v == null ? dflt : typeof v === 'number' ? [v, v] : (v as number[]));

  const apply = (layer: LayerJson, inputs: Value[], last: boolean): Value => {
    const c = layer.config ?? {};
    const name = (c.name as string) ?? layer.name ?? '?';
    const x = inputs[0];
    const channelsFirst = get<string>(c, 'data_format', 'dataFormat') === 'channels_first';
    const image = (): void => { if (x.shape.length !== 3) fail(`layer ${name} (${layer.class_name}): expects an image input, got [${x.shape}]`); };
    switch (layer.class_name) {
      case 'InputLayer':
        return x;
      case 'Dropout': case 'SpatialDropout2D': case 'GaussianNoise': case 'GaussianDropout':
        return x;
      case 'Activation':
        return activation(x, c.activation as string, name, last);
      case 'ReLU':
        return activation(x, 'relu', name, last);
      case 'LeakyReLU':
        return emit({ op: 'activation', x: x.v, kind: 'leaky-relu', alpha: Number(c.alpha ?? c.negative_slope ?? 0.3) }, x.shape, x.perm);
      case 'ELU':
        return emit({ op: 'activation', x: x.v, kind: 'elu', alpha: Number(c.alpha ?? 1) }, x.shape, x.perm);
      case 'Softmax':
        return activation(x, 'softmax', name, last);
      case 'Dense': {
        if (x.shape.length !== 1) fail(`layer ${name} (Dense): input must be flat, got [${x.shape}] (add a Flatten)`);
        const k = weight(name, 'kernel')!;
        const [I, O] = k.shape;
        if (k.shape.length !== 2 || I !== x.shape[0]) fail(`layer ${name} (Dense): kernel [${k.shape}] does not match ${x.shape[0]} input features`);
        let data = k.data;
        if (x.perm) {
          // rows in the value's (C·H·W) order: row j is TF.js row perm[j]
          data = new Float32Array(I * O);
          for (let j = 0; j < I; j++) data.set(k.data.subarray(x.perm[j] * O, x.perm[j] * O + O), j * O);
        }
        const w = addParam(k.name, [I, O], data, k.index);
        const useBias = get<boolean>(c, 'use_bias', 'useBias') ?? true;
        const b = useBias ? weight(name, 'bias')! : undefined;
        if (b) addParam(b.name, [O], b.data, b.index);
        const y = emit({ op: 'dense', x: x.v, weight: w, bias: b?.name ?? null, layout: 'in-out' }, [O]);
        return activation(y, c.activation as string, name, last);
      }
      case 'Conv2D': {
        image();
        const k = weight(name, 'kernel')!;
        if (k.shape.length !== 4) fail(`layer ${name} (Conv2D): kernel must be 4-D [kh, kw, in, out], has [${k.shape}]`);
        const [kh, kw, ci, co] = k.shape;
        if (ci !== x.shape[0]) fail(`layer ${name} (Conv2D): kernel [${k.shape}] expects ${ci} input channels, input has ${x.shape[0]}`);
        if (pair(get(c, 'dilation_rate', 'dilationRate'), [1, 1]).some((d) => d !== 1)) fail(`layer ${name} (Conv2D): dilation_rate is not supported`);
        if (Number(c.groups ?? 1) !== 1) fail(`layer ${name} (Conv2D): groups is not supported`);
        // [kh, kw, in, out] → [out, in, kh, kw]
        const t = new Float32Array(k.data.length);
        for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) {
          t[((o * ci + i) * kh + a) * kw + b] = k.data[((a * kw + b) * ci + i) * co + o];
        }
        const w = addParam(k.name, [co, ci, kh, kw], t, k.index);
        const useBias = get<boolean>(c, 'use_bias', 'useBias') ?? true;
        const bias = useBias ? weight(name, 'bias')! : undefined;
        if (bias) addParam(bias.name, [co], bias.data, bias.index);
        const stride = pair(c.strides, [1, 1]);
        const pad = padsFor(String(c.padding ?? 'valid'), x.shape, [kh, kw], stride, name);
        const hw = [0, 1].map((i) => Math.floor((x.shape[i + 1] + pad[i] + pad[i + 2] - [kh, kw][i]) / stride[i]) + 1);
        const y = emit({ op: 'conv2d', x: x.v, weight: w, bias: bias?.name ?? null, stride, pad }, [co, hw[0], hw[1]]);
        return activation(y, c.activation as string, name, last);
      }
      case 'MaxPooling2D': case 'AveragePooling2D': case 'MaxPool2D': case 'AvgPool2D': case 'AveragePool2D': {
        image();
        const kernel = pair(get(c, 'pool_size', 'poolSize'), [2, 2]);
        const stride = pair(c.strides, kernel);
        const pad = padsFor(String(c.padding ?? 'valid'), x.shape, kernel, stride, name);
        const hw = [0, 1].map((i) => Math.floor((x.shape[i + 1] + pad[i] + pad[i + 2] - kernel[i]) / stride[i]) + 1);
        const max = layer.class_name.startsWith('Max');
        return emit({ op: max ? 'maxpool' : 'avgpool', x: x.v, kernel, stride, pad, ...(max ? {} : { countIncludePad: false }) }, [x.shape[0], hw[0], hw[1]]);
      }
      case 'GlobalAveragePooling2D': case 'GlobalAvgPool2D':
        image();
        if (c.keepdims) fail(`layer ${name}: keepdims is not supported`);
        return emit({ op: 'global-avgpool', x: x.v }, [x.shape[0]]);
      case 'Flatten': {
        if (x.shape.length === 1) return x;
        const [C, H, W] = x.shape;
        const y = emit({ op: 'reshape', x: x.v }, [C * H * W]);
        if (channelsFirst || C === 1 || H * W === 1) return y;
        // value element j = c·H·W + h·W + w holds TF.js element (h·W + w)·C + c
        const perm = new Int32Array(C * H * W);
        for (let ch = 0; ch < C; ch++) for (let p = 0; p < H * W; p++) perm[ch * H * W + p] = p * C + ch;
        return { ...y, perm };
      }
      case 'BatchNormalization': {
        const axis = Number(Array.isArray(c.axis) ? (c.axis as number[])[0] : c.axis ?? -1);
        const rank = x.shape.length + 1;
        const ax = axis < 0 ? axis + rank : axis;
        const channelAxis = x.shape.length === 3 ? (channelsFirst ? 1 : 3) : 1;
        if (ax !== channelAxis) fail(`layer ${name} (BatchNormalization): axis ${axis} is not the channel / feature axis`);
        if (c.scale === false || c.center === false) fail(`layer ${name} (BatchNormalization): center=false / scale=false are not supported`);
        const C = x.shape[0];
        const g = weight(name, 'gamma')!, b = weight(name, 'beta')!, mu = weight(name, 'moving_mean')!, va = weight(name, 'moving_variance')!;
        for (const t of [g, b, mu, va]) if (t.data.length !== C) fail(`layer ${name} (BatchNormalization): ${t.name} has ${t.data.length} values, expected ${C}`);
        addParam(g.name, [C], permuted(g.data, x.perm), g.index);
        addParam(b.name, [C], permuted(b.data, x.perm), b.index);
        consts.push({ spec: { name: mu.name, shape: [C] }, data: permuted(mu.data, x.perm) }, { spec: { name: va.name, shape: [C] }, data: permuted(va.data, x.perm) });
        return emit({ op: 'batchnorm', x: x.v, scale: g.name, bias: b.name, mean: mu.name, var: va.name, epsilon: Number(c.epsilon ?? 1e-3) }, x.shape, x.perm);
      }
      case 'Add': {
        if (inputs.length !== 2) fail(`layer ${name} (Add): only two inputs are supported, got ${inputs.length}`);
        const [a, b] = inputs;
        if (a.shape.join() !== b.shape.join() || (a.perm?.join() ?? '') !== (b.perm?.join() ?? '')) fail(`layer ${name} (Add): input shapes [${a.shape}] and [${b.shape}] differ`);
        return emit({ op: 'add', a: a.v, b: b.v }, a.shape, a.perm);
      }
      default:
        return fail(`layer ${name}: unsupported layer ${layer.class_name}`);
    }
  };

  let output: Value;
  if (sequential || Array.isArray(cfg)) {
    let x: Value | undefined;
    layers.forEach((layer, i) => {
      if (!x) x = defineInput(layer.config ?? {}, String(layer.config?.name ?? i));
      x = apply(layer, [x], i === layers.length - 1);
    });
    output = x ?? fail('the model has no layers');
  } else {
    const f = cfg as { input_layers?: unknown[][]; output_layers?: unknown[][] };
    const outs = f.output_layers ?? fail('functional model without output_layers');
    if (outs.length !== 1 || (f.input_layers?.length ?? 0) !== 1) fail('only models with one input and one output are supported');
    const outName = String(outs[0][0]);
    const values = new Map<string, Value>();
    for (const layer of layers) {
      const name = String(layer.name ?? layer.config?.name);
      if (layer.class_name === 'InputLayer') {
        values.set(name, defineInput(layer.config ?? {}, name));
        continue;
      }
      const from = inboundNames(layer.inbound_nodes);
      if (!from.length) fail(`layer ${name}: no inbound layers`);
      const ins = from.map((n) => values.get(n) ?? fail(`layer ${name}: input ${n} is not defined before it`));
      values.set(name, apply(layer, ins, name === outName));
    }
    output = values.get(outName) ?? fail(`output layer ${outName} not found`);
  }
  if (output.perm) fail('the output is a flattened feature map in channels-last order; add a Dense layer after Flatten');

  params.sort((a, b) => a.index - b.index);
  const program = { input: inputShape!, params: params.map((p) => p.spec), consts: consts.map((c) => c.spec), ops, output: output.v, loss: opts.loss ?? 'cross-entropy' } as const;
  try {
    resolveProgram({ ...program, params: [...program.params], consts: [...program.consts], ops: [...ops] });
  } catch (e) {
    if (e instanceof ProgramError) fail(e.message);
    throw e;
  }
  const cat = (parts: Float32Array[]): Float32Array => {
    const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
    parts.reduce((o, p) => (out.set(p, o), o + p.length), 0);
    return out;
  };
  const text = typeof json === 'string' ? json : JSON.stringify(json);
  const hashed = new Uint8Array([...new TextEncoder().encode(text), ...all]);
  return {
    program: { ...program, params: [...program.params], consts: [...program.consts] },
    params: cat(params.map((p) => p.data)),
    consts: cat(consts.map((c) => c.data)),
    source: { kind: 'tfjs', ...(opts.path ? { path: opts.path } : {}), sha256: sha256Hex(hashed) },
  };
}

/** Names of the layers feeding a functional layer: Keras 2 `[[[name, node, tensor, kwargs]]]` or Keras 3 `keras_history`. */
function inboundNames(inbound: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (Array.isArray(v)) {
      if (depth >= 2 && typeof v[0] === 'string' && typeof v[1] === 'number') out.push(v[0]);
      else v.forEach((e) => walk(e, depth + 1));
    } else if (v && typeof v === 'object') {
      const h = (v as { config?: { keras_history?: unknown[] } }).config?.keras_history;
      if (h) out.push(String(h[0]));
      else for (const e of Object.values(v)) walk(e, depth + 1);
    }
  };
  walk(inbound, 0);
  return out;
}
