/**
 * One ONNX node → kernel ops, for importOnnx (onnx-import.ts), which owns the translation state
 * and calls this for every node in file order. Constant subgraphs are folded (onnx-fold.ts); a
 * MatMul's following Add of a 1-D initializer becomes its bias; a zero Pad waits for the Conv /
 * AveragePool it belongs to; Mul then Add by constants become one scale op; a reshape of a reshape
 * becomes one. Errors name the node and op type.
 */
import type { ActivationKind, Op, TensorSpec, WeightLayout } from '@nnll/core-wasm';
import { ModelError } from './model.js';
import { attributes, dtypeName, DTYPE, type OnnxNode } from './onnx-proto.js';
import { broadcastTo, foldNode, isFloat, reshapeTarget, type Const } from './onnx-fold.js';
import type { GeluMatch } from './onnx-patterns.js';

export type Pads = [number, number, number, number];
export type ValueEntry = { kind: 'value'; v: number; shape: number[] };
export type Entry =
  | { kind: 'const'; c: Const; init?: string; transposed?: boolean }
  | ValueEntry
  /** Zero padding waiting for the Conv / AveragePool it belongs to. */
  | { kind: 'pad'; v: number; shape: number[]; pads: Pads; node: string };

const ACTIVATIONS: Record<string, ActivationKind> = {
  Relu: 'relu', LeakyRelu: 'leaky-relu', Elu: 'elu', Sigmoid: 'sigmoid', Tanh: 'tanh', Softplus: 'softplus', Gelu: 'gelu',
};
export type OpInput = Op extends infer T ? (T extends Op ? Omit<T, 'y'> : never) : never;
const sizeOf = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
export const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** The importer's state that node translation reads and extends. */
export interface Translation {
  where: string;
  opset: number;
  inits: Map<string, Const>;
  bnStats: Set<string>;
  consumers: (name: string) => number[];
  geluAt: Map<number, GeluMatch>;
  /** ONNX tensor name → what it holds. */
  env: Map<string, Entry>;
  ops: Op[];
  /** Per-sample shape of every program value. */
  valueShapes: number[][];
  consts: { spec: TensorSpec; data: ArrayLike<number> }[];
  /** Initializers used as parameters / as constant operands. */
  paramUse: Set<string>;
  constUse: Set<string>;
  emit: (op: OpInput, shape: number[]) => ValueEntry;
  addConst: (name: string, shape: number[], data: ArrayLike<number>) => string;
}

export function translateNode(t: Translation, node: OnnxNode, index: number): void {
  const { where, opset, inits, bnStats, consumers, geluAt, env, ops, valueShapes, consts, paramUse, constUse, emit, addConst } = t;
  const op = node.op_type ?? '';
  const nodeDesc = `${where}: node ${node.name || `#${index}`} (${op})`;
  const at = attributes(node);
  const ins = node.input ?? [];
  const outs = node.output ?? [];
  const fail = (msg: string): never => { throw new ModelError(`${nodeDesc}: ${msg}`); };
  const unsupported = (): never => { throw new ModelError(`${where}: unsupported op ${op} (node ${node.name || `#${index}`})`); };
  if (node.domain && node.domain !== 'ai.onnx') unsupported();
  const entry = (name: string): Entry | undefined => {
    if (!name) return undefined;
    const e = env.get(name);
    if (!e) fail(`input ${name} is not defined before this node`);
    return e;
  };
  const value = (name: string): { v: number; shape: number[] } => {
    const e = entry(name);
    if (!e) fail('missing input');
    if (e!.kind === 'pad') fail(`a zero Pad (node ${e!.node}) can only feed Conv or AveragePool`);
    if (e!.kind !== 'value') fail(`input ${name} is a constant where a computed tensor is expected`);
    return e as { v: number; shape: number[] };
  };
  /** A float initializer used as a parameter (optionally through Transpose). */
  const param = (name: string, role: string): { name: string; dims: number[]; transposed: boolean } => {
    const e = entry(name);
    if (!e || e.kind !== 'const' || !e.init) fail(`${role} ${name} must be an initializer (a parameter)`);
    const c = (e as { c: Const }).c, init = (e as { init: string }).init;
    const original = inits.get(init)!;
    if (original.dtype !== DTYPE.FLOAT) fail(`${role} ${init} is ${dtypeName(original.dtype)}; parameters must be float32`);
    if (bnStats.has(init) && !(op === 'BatchNormalization')) fail(`${init} is a BatchNormalization statistic and cannot be a ${role}`);
    paramUse.add(init);
    return { name: init, dims: c.dims, transposed: !!(e as { transposed?: boolean }).transposed };
  };
  const set = (name: string | undefined, e: Entry): void => {
    if (name) env.set(name, e);
  };
  const unusedExtra = (from: number): void => {
    for (const o of outs.slice(from)) if (o && consumers(o).length) fail(`output ${o} is used, only the first output is supported`);
  };
  /** A constant operand as a per-sample broadcast const: scalar, per channel or element-wise. */
  const perSample = (name: string, c: Const, shape: number[], map: (v: number) => number): string => {
    if (!isFloat(c)) fail(`constant ${name} is ${dtypeName(c.dtype)}, expected a float tensor`);
    let d = c.dims;
    if (d.length > shape.length + 1) fail(`constant ${name} of shape [${d}] has a higher rank than the tensor [N,${shape}]`);
    if (d.length === shape.length + 1) {
      if (d[0] !== 1) fail(`constant ${name} of shape [${d}] would broadcast over the batch`);
      d = d.slice(1);
    }
    const full = broadcastTo({ ...c, dims: d }, shape, nodeDesc).map((v) => Math.fround(map(Number(v))));
    const inner = sizeOf(shape.slice(1));
    let out: number[];
    if (full.every((v) => v === full[0])) out = [full[0]];
    else if (full.every((v, i) => v === full[Math.floor(i / inner) * inner])) out = shape.length ? Array.from({ length: shape[0] }, (_, k) => full[k * inner]) : full;
    else out = full;
    if (inits.has(name)) constUse.add(name);
    const cs = out.length === 1 ? [1] : out.length === full.length ? [...shape] : [shape[0]];
    return addConst(name, cs, out);
  };

  // --- GELU in erf form, matched beforehand ---
  const g = geluAt.get(index);
  if (g) {
    const x = value(g.x);
    set(g.y, emit({ op: 'activation', x: x.v, kind: 'gelu' }, [...x.shape]));
    return;
  }

  // --- constant subgraphs ---
  const inEntries = ins.map((n) => (n ? env.get(n) : undefined));
  const allConst = ins.every((n, i) => !n || inEntries[i]?.kind === 'const');
  if (op === 'Transpose' && inEntries[0]?.kind === 'const' && (inEntries[0] as { init?: string }).init && inits.get(ins[0])?.dims.length === 2) {
    // Transpose(W) of a parameter feeding MatMul: keep the parameter's identity
    const e = inEntries[0] as { c: Const; init: string };
    const perm = at.ints('perm') ?? [1, 0];
    if (perm[0] === 1 && perm[1] === 0) {
      set(outs[0], { kind: 'const', c: foldNode(node, [e.c], opset, nodeDesc)![0], init: e.init, transposed: true });
      return;
    }
  }
  if (op === 'Shape' && inEntries[0] && inEntries[0].kind !== 'const') {
    // the per-sample shape is known; the batch size travels as NaN
    const full = [NaN, ...(inEntries[0] as { shape: number[] }).shape];
    const r = full.length;
    const clamp = (a: number): number => Math.min(Math.max(a < 0 ? a + r : a, 0), r);
    const d = full.slice(clamp(at.int('start', 0)), clamp(at.int('end', r)));
    set(outs[0], { kind: 'const', c: { dims: [d.length], data: d, dtype: DTYPE.INT64 } });
    return;
  }
  if (allConst && !['Softmax', 'LogSoftmax'].includes(op)) {
    const cs = inEntries.map((e) => (e as { c: Const } | undefined)?.c);
    const res = foldNode(node, cs, opset, nodeDesc);
    if (!res) {
      if (ACTIVATIONS[op] || ['Conv', 'Gemm', 'MatMul', 'BatchNormalization'].includes(op)) fail('all inputs are constants; nothing depends on the model input');
      unsupported();
    }
    for (const n of ins) if (n && inits.has(n) && isFloat(inits.get(n)!)) constUse.add(n);
    res!.forEach((c, i) => set(outs[i], { kind: 'const', c }));
    return;
  }

  switch (op) {
    case 'Identity':
      set(outs[0], entry(ins[0])!);
      return;
    case 'Dropout':
      unusedExtra(1);
      set(outs[0], entry(ins[0])!);
      return;
    case 'Softmax':
    case 'LogSoftmax': {
      if (!consumers(outs[0]).every((c) => c === -1)) fail('Softmax / LogSoftmax is only supported as the last op (the loss is taken on the logits)');
      set(outs[0], { kind: 'value', ...value(ins[0]) });
      return;
    }
    case 'Relu': case 'LeakyRelu': case 'Elu': case 'Sigmoid': case 'Tanh': case 'Softplus': case 'Gelu': {
      const x = value(ins[0]);
      let alpha: number | undefined;
      if (op === 'LeakyRelu') alpha = at.float('alpha', 0.01);
      if (op === 'Elu') alpha = at.float('alpha', 1);
      if (op === 'Gelu' && at.string('approximate', 'none') !== 'none') fail(`approximate=${at.string('approximate', '')} is not supported (only the erf form)`);
      set(outs[0], emit({ op: 'activation', x: x.v, kind: ACTIVATIONS[op], ...(alpha !== undefined ? { alpha } : {}) }, [...x.shape]));
      return;
    }
    case 'Gemm': {
      const x = value(ins[0]);
      if (at.int('transA', 0)) fail('transA=1 is not supported');
      const w = param(ins[1], 'weight');
      if (w.dims.length !== 2) fail(`weight ${w.name} must be 2-D, has shape [${w.dims}]`);
      const layout: WeightLayout = (at.int('transB', 0) === 1) !== w.transposed ? 'out-in' : 'in-out';
      const stored = inits.get(w.name)!.dims;
      const [I, O] = layout === 'out-in' ? [stored[1], stored[0]] : stored;
      if (x.shape.length !== 1 || x.shape[0] !== I) fail(`input of shape [N,${x.shape}] does not match weight ${w.name} [${stored}] (${layout})`);
      let xv = x.v;
      const alpha = at.float('alpha', 1), beta = at.float('beta', 1);
      if (alpha !== 1) xv = emit({ op: 'scale', x: xv, scale: addConst(`${node.name || outs[0]}.alpha`, [1], [alpha]) }, [I]).v;
      let bias: string | null = null;
      let shift: string | undefined;
      if (ins[2]) {
        const c = entry(ins[2]);
        if (c?.kind === 'const' && c.init && !c.transposed && c.c.dims.length === 1 && c.c.dims[0] === O && beta === 1 && inits.get(c.init)!.dtype === DTYPE.FLOAT) bias = param(ins[2], 'bias').name;
        else if (c?.kind === 'const' && !c.init) shift = perSample(ins[2], c.c, [O], (v) => beta * v);
        else fail(beta !== 1 ? `beta=${beta} with a bias parameter is not supported` : `bias ${ins[2]} must be a 1-D initializer of ${O} values`);
      }
      let out = emit({ op: 'dense', x: xv, weight: w.name, bias, layout }, [O]);
      if (shift) out = emit({ op: 'scale', x: out.v, shift }, [O]);
      set(outs[0], out);
      return;
    }
    case 'MatMul': {
      const x = value(ins[0]);
      const w = param(ins[1], 'weight');
      if (w.dims.length !== 2) fail(`weight ${w.name} must be 2-D, has shape [${w.dims}]`);
      const layout: WeightLayout = w.transposed ? 'out-in' : 'in-out';
      const stored = inits.get(w.name)!.dims;
      const [I, O] = w.dims;
      if (x.shape.length !== 1 || x.shape[0] !== I) fail(`input of shape [N,${x.shape}] does not match weight ${w.name} [${stored}]${w.transposed ? ' (transposed)' : ''}`);
      set(outs[0], emit({ op: 'dense', x: x.v, weight: w.name, bias: null, layout }, [O]));
      return;
    }
    case 'Add': case 'Sub': case 'Mul': case 'Div': {
      const [ea, eb] = [entry(ins[0])!, entry(ins[1])!];
      if (ea.kind !== 'const' && eb.kind !== 'const') {
        const a = value(ins[0]), b = value(ins[1]);
        if (op !== 'Add') fail(`${op} of two computed tensors is not supported (only by constants)`);
        if (!same(a.shape, b.shape)) fail(`operand shapes [N,${a.shape}] and [N,${b.shape}] differ (broadcasting between computed tensors is not supported)`);
        set(outs[0], emit({ op: 'add', a: a.v, b: b.v }, [...a.shape]));
        return;
      }
      const constFirst = ea.kind === 'const';
      const xName = constFirst ? ins[1] : ins[0], cName = constFirst ? ins[0] : ins[1];
      const x = value(xName);
      const c = (constFirst ? ea : eb) as { c: Const; init?: string };
      // MatMul + Add(bias): the bias is a parameter of the dense layer
      const prev = x.v > 0 ? ops[x.v - 1] : undefined;
      if (op === 'Add' && c.init && !bnStats.has(c.init) && prev?.op === 'dense' && !prev.bias && c.c.dims.length === 1 && c.c.dims[0] === x.shape[0]
        && consumers(xName).length === 1 && inits.get(c.init)!.dtype === DTYPE.FLOAT) {
        prev.bias = param(cName, 'bias').name;
        set(outs[0], { kind: 'value', v: x.v, shape: x.shape });
        return;
      }
      let scale: string | null = null, shift: string | null = null;
      if (op === 'Add') shift = perSample(cName, c.c, x.shape, (v) => v);
      else if (op === 'Sub' && !constFirst) shift = perSample(cName, c.c, x.shape, (v) => -v);
      else if (op === 'Sub') {
        scale = addConst(`${node.name || outs[0]}.neg`, [1], [-1]);
        shift = perSample(cName, c.c, x.shape, (v) => v);
      } else if (op === 'Mul') scale = perSample(cName, c.c, x.shape, (v) => v);
      else if (!constFirst) scale = perSample(cName, c.c, x.shape, (v) => 1 / v);
      else fail('division of a constant by a computed tensor is not supported');
      if (!scale && prev?.op === 'scale' && !prev.shift && consumers(xName).length === 1) {
        // Mul then Add by constants: one scale op
        prev.shift = shift;
        set(outs[0], { kind: 'value', v: x.v, shape: x.shape });
        return;
      }
      set(outs[0], emit({ op: 'scale', x: x.v, scale, shift }, [...x.shape]));
      return;
    }
    case 'Pad': {
      const e = entry(ins[0])!;
      if (e.kind === 'const') fail('constant input');
      const mode = at.string('mode', 'constant');
      if (mode !== 'constant') fail(`mode=${mode} is not supported (only constant zero padding before Conv / AveragePool)`);
      const cst = (n: string | undefined): Const | undefined => {
        if (!n) return undefined;
        const c = entry(n);
        if (c?.kind !== 'const') fail(`input ${n} must be a constant`);
        return (c as { c: Const }).c;
      };
      const pads = opset >= 11 ? Array.from(cst(ins[1])?.data ?? [], Number) : at.ints('pads') ?? [];
      const value0 = opset >= 11 ? Number(cst(ins[2])?.data[0] ?? 0) : at.float('value', 0);
      if (ins[3]) fail('the axes input is not supported');
      if (value0 !== 0) fail(`padding value ${value0} is not supported (only 0)`);
      const padded = (e as { v: number; shape: number[] });
      const prev: Pads = e.kind === 'pad' ? e.pads : [0, 0, 0, 0];
      const shape = padded.shape.length === 3 ? [padded.shape[0], padded.shape[1] - prev[0] - prev[2], padded.shape[2] - prev[1] - prev[3]] : padded.shape;
      if (shape.length !== 3 || pads.length !== 8) fail(`expected an [N,C,H,W] input and 8 pads, got [N,${shape}] and ${pads.length}`);
      if (pads[0] || pads[1] || pads[4] || pads[5] || pads.some((q) => q < 0)) fail(`pads [${pads}] must be non-negative and only pad H and W`);
      const p: Pads = [prev[0] + pads[2], prev[1] + pads[3], prev[2] + pads[6], prev[3] + pads[7]];
      set(outs[0], { kind: 'pad', v: padded.v, shape: [shape[0], shape[1] + p[0] + p[2], shape[2] + p[1] + p[3]], pads: p, node: node.name || `#${index}` });
      return;
    }
    case 'Conv': case 'MaxPool': case 'AveragePool': {
      const e = entry(ins[0])!;
      if (e.kind === 'const') fail('constant input');
      if (e.kind === 'pad' && op === 'MaxPool') fail(`a zero Pad (node ${e.node}) before MaxPool is not supported`);
      const pre: Pads = e.kind === 'pad' ? e.pads : [0, 0, 0, 0];
      const x = { v: (e as { v: number }).v, shape: e.kind === 'pad' ? [e.shape[0], e.shape[1] - pre[0] - pre[2], e.shape[2] - pre[1] - pre[3]] : (e as { shape: number[] }).shape };
      if (x.shape.length !== 3) fail(`input must be [N,C,H,W], got [N,${x.shape}]`);
      let kernel: [number, number];
      let w: { name: string; dims: number[]; transposed: boolean } | undefined;
      if (op === 'Conv') {
        w = param(ins[1], 'weight');
        if (w.dims.length !== 4 || w.transposed) fail(`weight ${w.name} must be 4-D [out,in,kh,kw], has shape [${w.dims}]`);
        if (w.dims[1] !== x.shape[0]) fail(`weight ${w.name} [${w.dims}] expects ${w.dims[1]} input channels, input has ${x.shape[0]}`);
        kernel = [w.dims[2], w.dims[3]];
        if (at.int('group', 1) !== 1) fail(`group=${at.int('group', 1)} is not supported (only 1)`);
      } else {
        const k = at.ints('kernel_shape');
        if (!k || k.length !== 2) fail('kernel_shape must have 2 entries');
        kernel = [k![0], k![1]];
        if (at.int('ceil_mode', 0) !== 0) fail('ceil_mode=1 is not supported');
        if (op === 'MaxPool') { if (at.int('storage_order', 0) !== 0) fail('storage_order=1 is not supported'); unusedExtra(1); }
      }
      const ks = at.ints('kernel_shape');
      if (ks && (ks[0] !== kernel[0] || ks[1] !== kernel[1])) fail(`kernel_shape [${ks}] does not match weight [${w?.dims}]`);
      if ((at.ints('dilations') ?? [1, 1]).some((d) => d !== 1)) fail(`dilations [${at.ints('dilations')}] are not supported (only 1)`);
      const stride = (at.ints('strides') ?? [1, 1]) as [number, number];
      let pads = (at.ints('pads') ?? [0, 0, 0, 0]) as Pads;
      const auto = at.string('auto_pad', 'NOTSET');
      if (auto === 'SAME_UPPER' || auto === 'SAME_LOWER') {
        const total = [0, 1].map((i) => Math.max(0, (Math.ceil(x.shape[i + 1] / stride[i]) - 1) * stride[i] + kernel[i] - x.shape[i + 1]));
        const small = total.map((t) => Math.floor(t / 2));
        pads = auto === 'SAME_UPPER' ? [small[0], small[1], total[0] - small[0], total[1] - small[1]] : [total[0] - small[0], total[1] - small[1], small[0], small[1]];
      } else if (auto === 'VALID') pads = [0, 0, 0, 0];
      else if (auto !== 'NOTSET') fail(`auto_pad=${auto} is not supported`);
      let countIncludePad = op === 'AveragePool' ? at.int('count_include_pad', 0) === 1 : undefined;
      if (e.kind === 'pad' && op === 'AveragePool') {
        if (pads.some((p) => p) && !countIncludePad) fail('a zero Pad before an AveragePool that pads itself with count_include_pad=0 is not supported');
        countIncludePad = true;
      }
      const pad = pads.map((p, i) => p + pre[i]) as Pads;
      const outHW = [0, 1].map((i) => Math.floor((x.shape[i + 1] + pad[i] + pad[i + 2] - kernel[i]) / stride[i]) + 1);
      if (outHW.some((d) => d < 1)) fail(`output would be empty for input [N,${x.shape}]`);
      if (op === 'Conv') {
        const bias = ins[2] ? param(ins[2], 'bias') : null;
        if (bias && (bias.dims.length !== 1 || bias.dims[0] !== w!.dims[0])) fail(`bias ${bias.name} must have shape [${w!.dims[0]}], has [${bias.dims}]`);
        set(outs[0], emit({ op: 'conv2d', x: x.v, weight: w!.name, bias: bias?.name ?? null, stride, pad }, [w!.dims[0], outHW[0], outHW[1]]));
      } else {
        if (pad[0] >= kernel[0] || pad[2] >= kernel[0] || pad[1] >= kernel[1] || pad[3] >= kernel[1]) fail(`pads [${pad}] must be smaller than the kernel [${kernel}]`);
        set(outs[0], emit({ op: op === 'MaxPool' ? 'maxpool' : 'avgpool', x: x.v, kernel, stride, pad, ...(countIncludePad !== undefined ? { countIncludePad } : {}) }, [x.shape[0], outHW[0], outHW[1]]));
      }
      return;
    }
    case 'GlobalAveragePool':
    case 'ReduceMean': {
      const x = value(ins[0]);
      let keep = true;
      if (op === 'ReduceMean') {
        const axes = (opset >= 18 ? Array.from((entry(ins[1]) as { c?: Const } | undefined)?.c?.data ?? [], Number) : at.ints('axes') ?? [])
          .map((a) => (a < 0 ? a + x.shape.length + 1 : a)).sort();
        if (x.shape.length !== 3 || !same(axes, [2, 3])) fail(`only a mean over H and W of an [N,C,H,W] tensor is supported (axes [${axes}])`);
        keep = at.int('keepdims', 1) === 1;
      } else if (x.shape.length !== 3) fail(`input must be [N,C,H,W], got [N,${x.shape}]`);
      let out = emit({ op: 'global-avgpool', x: x.v }, [x.shape[0]]);
      if (keep) out = emit({ op: 'reshape', x: out.v, shape: [x.shape[0], 1, 1] }, [x.shape[0], 1, 1]);
      set(outs[0], out);
      return;
    }
    case 'BatchNormalization': {
      const x = value(ins[0]);
      if (at.int('training_mode', 0) !== 0) fail('training_mode=1 is not supported (inference form only)');
      unusedExtra(1);
      const C = x.shape[0];
      const scale = param(ins[1], 'scale'), bias = param(ins[2], 'bias');
      for (const p of [scale, bias]) if (!same(p.dims, [C])) fail(`${p.name} must have shape [${C}], has [${p.dims}]`);
      const stat = (n: string): string => {
        const c = entry(n);
        if (c?.kind !== 'const' || !isFloat(c.c) || !same(c.c.dims, [C])) fail(`running statistic ${n} must be a constant of shape [${C}]`);
        const k = (c as { c: Const }).c;
        if (consts.some((s) => s.spec.name === n)) return n;
        return addConst(n, [C], Array.from(k.data, Number));
      };
      const mean = stat(ins[3]), variance = stat(ins[4]);
      set(outs[0], emit({ op: 'batchnorm', x: x.v, scale: scale.name, bias: bias.name, mean, var: variance, epsilon: at.float('epsilon', 1e-5) }, [...x.shape]));
      return;
    }
    case 'Flatten': case 'Reshape': case 'Squeeze': case 'Unsqueeze': {
      const x = value(ins[0]);
      const S = x.shape;
      const cst = (n: string | undefined): number[] | undefined => {
        if (!n) return undefined;
        const c = entry(n);
        if (c?.kind !== 'const') fail(`input ${n} must be a constant (shapes computed from data are not supported)`);
        return Array.from((c as { c: Const }).c.data, Number);
      };
      let shape: number[];
      if (op === 'Flatten') {
        const a = at.int('axis', 1);
        if (a !== 1 && a !== -(S.length)) fail(`axis=${a} is not supported (only 1: flatten each sample)`);
        shape = [sizeOf(S)];
      } else if (op === 'Reshape') {
        const t = cst(ins[1]) ?? at.ints('shape') ?? [];
        const allowZero = at.int('allowzero', 0) === 1;
        const first = t[0];
        const rest = t.slice(1).map((d, i) => (d === 0 && !allowZero ? S[i] : d));
        if (rest.some((d) => Number.isNaN(d))) fail(`the batch size appears in target shape [${t}] outside dimension 0`);
        if (first === -1 && rest.includes(-1)) fail(`target shape [${t}] cannot be resolved: the batch dimension and another one are both -1`);
        if (!(Number.isNaN(first) || first === -1 || (first === 0 && !allowZero) || first > 0)) fail(`target shape [${t}] cannot be resolved`);
        shape = rest.includes(-1) ? reshapeTarget(S, rest, false, nodeDesc) : rest;
        if (sizeOf(shape) !== sizeOf(S)) fail(`cannot reshape [N,${S}] to [${t}] (dimension 0 is the batch)`);
      } else {
        const r = S.length + 1;
        const axes0 = opset >= 13 ? cst(ins[1]) : at.ints('axes');
        const rank = op === 'Unsqueeze' ? r + (axes0?.length ?? 0) : r;
        const axes = (axes0 ?? []).map((a) => (a < 0 ? a + rank : a));
        if (axes.includes(0)) fail('the batch dimension (axis 0) cannot be squeezed or unsqueezed');
        if (op === 'Squeeze') {
          const drop = axes0 ? axes.map((a) => a - 1) : S.flatMap((d, i) => (d === 1 ? [i] : []));
          if (drop.some((a) => S[a] !== 1)) fail(`axes [${axes0}] of [N,${S}] are not all of size 1`);
          shape = S.filter((_, i) => !drop.includes(i));
        } else {
          shape = [...S];
          for (const a of [...axes].sort((p, q) => p - q)) shape.splice(a - 1, 0, 1);
        }
      }
      const prev = ops[x.v - 1];
      if (prev?.op === 'reshape' && x.v === ops.length && consumers(ins[0]).length === 1) {
        // a reshape of a reshape (GlobalAveragePool → Flatten): one op, or none
        ops.pop();
        valueShapes.pop();
        const src = { v: prev.x, shape: valueShapes[prev.x] };
        set(outs[0], same(shape, src.shape) ? { kind: 'value', ...src } : emit({ op: 'reshape', x: src.v, shape }, shape));
        return;
      }
      set(outs[0], same(shape, S) ? { kind: 'value', v: x.v, shape: S } : emit({ op: 'reshape', x: x.v, shape }, shape));
      return;
    }
    default:
      unsupported();
  }
}
