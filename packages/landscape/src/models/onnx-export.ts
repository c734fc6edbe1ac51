/**
 * Model → ONNX (opset 13, IR version 7) that onnxruntime and importOnnx read back.
 *
 * Parameters become float initializers under their own names, in program.params order (so the
 * flat parameter order survives a round trip), followed by the BatchNormalization statistics.
 * Every other constant (scale / shift operands, GELU's erf-form factors) is a Constant node, which
 * keeps it out of the parameters; reshape targets are int64 initializers. Dense layers are Gemm
 * (transB=1 for 'out-in' weights, 0 for 'in-out'); GELU, which opset 13 lacks, is written in its
 * erf form x·0.5·(1 + erf(x/√2)).
 */
import { resolveProgram, sizeOf, type Op } from '@nnll/core-wasm';
import type { Model } from './model.js';
import { DTYPE, encodeModel, type OnnxAttribute, type OnnxNode, type OnnxTensor } from './onnx-proto.js';

export interface OnnxExportOptions {
  /** Graph name; default 'nnll'. */
  graphName?: string;
}

const ACTIVATION_OPS = { relu: 'Relu', 'leaky-relu': 'LeakyRelu', elu: 'Elu', sigmoid: 'Sigmoid', tanh: 'Tanh', softplus: 'Softplus' } as const;

const floatTensor = (name: string, dims: number[], data: ArrayLike<number>): OnnxTensor => {
  const f = Float32Array.from(data);
  return { name, dims, data_type: DTYPE.FLOAT, raw_data: new Uint8Array(f.buffer) };
};
const intsAttr = (name: string, ints: number[]): OnnxAttribute => ({ name, type: 7, ints });
const intAttr = (name: string, i: number): OnnxAttribute => ({ name, type: 2, i });
const floatAttr = (name: string, f: number): OnnxAttribute => ({ name, type: 1, f });
const tensorAttr = (name: string, t: OnnxTensor): OnnxAttribute => ({ name, type: 4, t });

export function exportOnnx(model: Model, options: OnnxExportOptions = {}): Uint8Array {
  const r = resolveProgram(model.program);
  const p = model.program;
  const io = model.io ?? { input: 'input', output: 'output' };
  const initializer: OnnxTensor[] = [];
  const nodes: OnnxNode[] = [];
  const used = new Set<string>([io.input, io.output, ...r.params.map((t) => t.name), ...r.consts.map((t) => t.name)]);
  /** A tensor name not used anywhere else in the graph. */
  const fresh = (base: string): string => {
    let name = base, k = 1;
    while (used.has(name)) name = `${base}_${k++}`;
    used.add(name);
    return name;
  };
  const names: string[] = [io.input];
  for (let v = 1; v < r.shapes.length; v++) names[v] = v === p.output ? io.output : fresh(`/${p.ops[v - 1].op}_${v}`);
  const node = (op_type: string, input: string[], output: string[], attribute: OnnxAttribute[] = []): void => {
    nodes.push({ op_type, name: fresh(`/${op_type}_${nodes.length}`), input, output, attribute });
  };
  const constant = (base: string, dims: number[], data: ArrayLike<number>): string => {
    const name = fresh(base);
    node('Constant', [], [name], [tensorAttr('value', floatTensor(name, dims, data))]);
    return name;
  };
  /** A program constant as a Constant node under its own name (once per name and shape). */
  const emitted = new Map<string, string>();
  const programConst = (name: string, dims: number[]): string => {
    const key = `${name}|${dims}`;
    if (!emitted.has(key)) {
      const out = [...emitted.keys()].some((k) => k.startsWith(`${name}|`)) ? fresh(name) : name;
      node('Constant', [], [out], [tensorAttr('value', floatTensor(out, dims, constSlice(name)))]);
      emitted.set(key, out);
    }
    return emitted.get(key)!;
  };
  const constSlice = (name: string): Float32Array => {
    const c = r.constIndex.get(name)!;
    return model.consts.subarray(c.offset, c.offset + c.size);
  };

  for (const t of r.params) initializer.push(floatTensor(t.name, t.shape, model.params.subarray(t.offset, t.offset + t.size)));
  for (const op of p.ops) {
    if (op.op === 'batchnorm') {
      for (const n of [op.mean, op.var]) {
        const c = r.constIndex.get(n)!;
        if (!initializer.some((t) => t.name === n)) initializer.push(floatTensor(n, [c.size], constSlice(n)));
      }
    }
  }

  p.ops.forEach((op: Op) => {
    const y = names[op.y];
    switch (op.op) {
      case 'dense': {
        const inputs = [names[op.x], op.weight, ...(op.bias ? [op.bias] : [])];
        node('Gemm', inputs, [y], [floatAttr('alpha', 1), floatAttr('beta', 1), intAttr('transB', (op.layout ?? 'out-in') === 'out-in' ? 1 : 0)]);
        break;
      }
      case 'conv2d': {
        const w = r.paramIndex.get(op.weight)!;
        node('Conv', [names[op.x], op.weight, ...(op.bias ? [op.bias] : [])], [y], [
          intsAttr('dilations', [1, 1]), intAttr('group', 1), intsAttr('kernel_shape', [w.shape[2], w.shape[3]]),
          intsAttr('pads', op.pad ?? [0, 0, 0, 0]), intsAttr('strides', op.stride ?? [1, 1]),
        ]);
        break;
      }
      case 'maxpool':
      case 'avgpool':
        node(op.op === 'maxpool' ? 'MaxPool' : 'AveragePool', [names[op.x]], [y], [
          intAttr('ceil_mode', 0), intsAttr('kernel_shape', op.kernel), intsAttr('pads', op.pad ?? [0, 0, 0, 0]),
          intsAttr('strides', op.stride ?? op.kernel),
          ...(op.op === 'avgpool' ? [intAttr('count_include_pad', op.countIncludePad === false ? 0 : 1)] : []),
        ]);
        break;
      case 'global-avgpool': {
        const pooled = fresh(`${y}_pooled`);
        node('GlobalAveragePool', [names[op.x]], [pooled]);
        node('Flatten', [pooled], [y], [intAttr('axis', 1)]);
        break;
      }
      case 'reshape': {
        const shape = r.shapes[op.y];
        if (shape.length === 1) node('Flatten', [names[op.x]], [y], [intAttr('axis', 1)]);
        else {
          const target = fresh(`${y}_shape`);
          initializer.push({ name: target, dims: [shape.length + 1], data_type: DTYPE.INT64, raw_data: new Uint8Array(BigInt64Array.from([-1, ...shape].map(BigInt)).buffer) });
          node('Reshape', [names[op.x], target], [y]);
        }
        break;
      }
      case 'batchnorm':
        node('BatchNormalization', [names[op.x], op.scale, op.bias, op.mean, op.var], [y], [floatAttr('epsilon', op.epsilon ?? 1e-5)]);
        break;
      case 'add':
        node('Add', [names[op.a], names[op.b]], [y]);
        break;
      case 'activation': {
        const x = names[op.x];
        if (op.kind === 'gelu') {
          const h = fresh(`${y}_div`), e = fresh(`${y}_erf`), s = fresh(`${y}_add`), m = fresh(`${y}_mul`);
          node('Div', [x, constant(`${y}_sqrt2`, [], [Math.SQRT2])], [h]);
          node('Erf', [h], [e]);
          node('Add', [e, constant(`${y}_one`, [], [1])], [s]);
          node('Mul', [x, s], [m]);
          node('Mul', [m, constant(`${y}_half`, [], [0.5])], [y]);
          break;
        }
        const alpha = op.kind === 'leaky-relu' ? [floatAttr('alpha', op.alpha ?? 0.01)] : op.kind === 'elu' ? [floatAttr('alpha', op.alpha ?? 1)] : [];
        node(ACTIVATION_OPS[op.kind], [x], [y], alpha);
        break;
      }
      case 'scale': {
        const shape = r.shapes[op.x];
        // a per-channel constant broadcasts over [C, 1, …] in ONNX's trailing-aligned rules
        const dims = (name: string): number[] => {
          const n = r.constIndex.get(name)!.size;
          if (n === 1) return [];
          if (n === sizeOf(shape)) return [...shape];
          return [n, ...shape.slice(1).map(() => 1)];
        };
        let cur = names[op.x];
        if (op.scale) {
          const out = op.shift ? fresh(`${y}_scaled`) : y;
          node('Mul', [cur, programConst(op.scale, dims(op.scale))], [out]);
          cur = out;
        }
        if (op.shift) node('Add', [cur, programConst(op.shift, dims(op.shift))], [y]);
        if (!op.scale && !op.shift) node('Identity', [cur], [y]);
        break;
      }
    }
  });

  const dim = (shape: number[]) => ({ dim: [{ dim_param: 'N' }, ...shape.map((d) => ({ dim_value: d }))] });
  return encodeModel({
    ir_version: 7,
    producer_name: 'nnll',
    graph: {
      name: options.graphName ?? 'nnll',
      node: nodes,
      initializer,
      input: [{ name: io.input, type: { tensor_type: { elem_type: DTYPE.FLOAT, shape: dim(p.input) } } }],
      output: [{ name: io.output, type: { tensor_type: { elem_type: DTYPE.FLOAT, shape: dim(r.shapes[p.output]) } } }],
    },
    opset_import: [{ domain: '', version: 13 }],
  });
}
