/**
 * The network program the kernel executes: a DAG of ops over numbered values, reading one flat
 * float32 parameter vector. Value 0 is the input; shapes are per sample (the batch is implicit).
 * Parameters are named tensors laid out back to back in `params` order, each row-major.
 */
import { NnllInputError } from './errors.js';
export type ActivationKind = 'relu' | 'leaky-relu' | 'elu' | 'sigmoid' | 'tanh' | 'softplus' | 'gelu';
export type LossKind = 'cross-entropy' | 'mse';
export type WeightLayout = 'out-in' | 'in-out';

export interface DenseOp {
  op: 'dense';
  x: number;
  y: number;
  /** Weight parameter: `[out, in]` (layout 'out-in', PyTorch / Gemm transB=1) or `[in, out]` ('in-out', MatMul). */
  weight: string;
  bias?: string | null;
  layout?: WeightLayout;
}
export interface Conv2dOp {
  op: 'conv2d';
  x: number;
  y: number;
  /** `[out, in, kh, kw]` */
  weight: string;
  bias?: string | null;
  /** `[sh, sw]`, default `[1, 1]` */
  stride?: [number, number];
  /** `[top, left, bottom, right]`, default zeros */
  pad?: [number, number, number, number];
}
export interface PoolOp {
  op: 'maxpool' | 'avgpool';
  x: number;
  y: number;
  kernel: [number, number];
  /** default: the kernel size */
  stride?: [number, number];
  pad?: [number, number, number, number];
  /** avgpool only: divide by kh·kw even where the window overlaps padding (PyTorch's default). Default true. */
  countIncludePad?: boolean;
}
export interface GlobalAvgPoolOp { op: 'global-avgpool'; x: number; y: number }
export interface ReshapeOp {
  op: 'reshape';
  x: number;
  y: number;
  /** Per-sample target shape; default: flatten to one dimension. */
  shape?: number[];
}
export interface BatchNormOp {
  op: 'batchnorm';
  x: number;
  y: number;
  scale: string;
  bias: string;
  /** Names of constants (not parameters). */
  mean: string;
  var: string;
  epsilon?: number;
}
export interface AddOp { op: 'add'; a: number; b: number; y: number }
export interface ActivationOp {
  op: 'activation';
  x: number;
  y: number;
  kind: ActivationKind;
  /** leaky-relu slope (default 0.01), elu alpha (default 1) */
  alpha?: number;
}
/**
 * y = scale ⊙ x + shift with constant tensors (names of `consts`), each broadcast over the sample
 * as a scalar (1 element), per channel (dim 0's size) or element-wise (the whole per-sample size).
 */
export interface ScaleOp {
  op: 'scale';
  x: number;
  y: number;
  scale?: string | null;
  shift?: string | null;
}
export type Op = DenseOp | Conv2dOp | PoolOp | GlobalAvgPoolOp | ReshapeOp | BatchNormOp | AddOp | ActivationOp | ScaleOp;

export interface TensorSpec {
  name: string;
  shape: number[];
}

export interface Program {
  /** Per-sample input shape, e.g. `[784]` or `[1, 28, 28]`. */
  input: number[];
  params: TensorSpec[];
  /** Fixed tensors (BatchNorm running statistics), laid out like params in their own buffer. */
  consts?: TensorSpec[];
  ops: Op[];
  /** The value holding the logits (cross-entropy) or predictions (mse). */
  output: number;
  loss: LossKind;
}

export class ProgramError extends NnllInputError {
  override name = 'ProgramError';
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export interface TensorSlot extends TensorSpec {
  offset: number;
  size: number;
}

export interface ResolvedProgram {
  program: Program;
  params: TensorSlot[];
  consts: TensorSlot[];
  paramCount: number;
  constCount: number;
  paramIndex: Map<string, TensorSlot>;
  constIndex: Map<string, TensorSlot>;
  /** Per-sample shape of every value. */
  shapes: number[][];
  /** Whether each value depends on the parameters (needs tangents and adjoints). */
  dependent: boolean[];
  /** Value each value's storage is shared with (reshape aliases its input). */
  storage: number[];
}

function layoutSlots(specs: readonly TensorSpec[]): { slots: TensorSlot[]; total: number } {
  let offset = 0;
  const slots = specs.map((t) => {
    if (!t.shape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new ProgramError(`tensor ${t.name}: invalid shape [${t.shape.join(', ')}]`);
    }
    const size = sizeOf(t.shape);
    const slot = { name: t.name, shape: [...t.shape], offset, size };
    offset += size;
    return slot;
  });
  return { slots, total: offset };
}

/** How a constant of `size` elements broadcasts over a sample: 0 scalar, 1 per channel, 2 element-wise, -1 not at all. */
export function broadcastMode(size: number, shape: readonly number[]): number {
  if (size === 1) return 0;
  if (size === shape[0]) return 1;
  if (size === sizeOf(shape)) return 2;
  return -1;
}

const outSize = (inSize: number, k: number, s: number, p0: number, p1: number): number =>
  Math.floor((inSize + p0 + p1 - k) / s) + 1;

/**
 * Checks a program and infers every value's shape. Throws ProgramError naming the op.
 * With `partial`, the output and loss are not checked (a program under construction).
 */
export function resolveProgram(program: Program, partial = false): ResolvedProgram {
  const { slots: params, total: paramCount } = layoutSlots(program.params);
  const { slots: consts, total: constCount } = layoutSlots(program.consts ?? []);
  const paramIndex = new Map(params.map((p) => [p.name, p]));
  const constIndex = new Map(consts.map((p) => [p.name, p]));
  if (paramIndex.size !== params.length) throw new ProgramError('duplicate parameter name');
  const shapes: number[][] = [[...program.input]];
  const dependent: boolean[] = [false];
  const storage: number[] = [0];
  const param = (name: string | null | undefined, where: string, shape?: number[]): TensorSlot | null => {
    if (name == null) return null;
    const p = paramIndex.get(name);
    if (!p) throw new ProgramError(`${where}: unknown parameter ${name}`);
    if (shape && (p.shape.length !== shape.length || p.shape.some((d, i) => d !== shape[i]))) {
      throw new ProgramError(`${where}: parameter ${name} has shape [${p.shape}], expected [${shape}]`);
    }
    return p;
  };
  const constant = (name: string, where: string, size: number): void => {
    const c = constIndex.get(name);
    if (!c) throw new ProgramError(`${where}: unknown constant ${name}`);
    if (c.size !== size) throw new ProgramError(`${where}: constant ${name} has ${c.size} elements, expected ${size}`);
  };
  const input = (v: number, where: string): number[] => {
    if (!Number.isInteger(v) || v < 0 || v >= shapes.length || shapes[v] === undefined) {
      throw new ProgramError(`${where}: value ${v} is used before it is defined`);
    }
    return shapes[v];
  };
  program.ops.forEach((op, i) => {
    const where = `op ${i} (${op.op})`;
    if (op.y !== shapes.length) throw new ProgramError(`${where}: output must be value ${shapes.length}, got ${op.y}`);
    let shape: number[];
    let dep: boolean;
    let store = op.y;
    switch (op.op) {
      case 'dense': {
        const xs = input(op.x, where);
        const w = param(op.weight, where);
        if (!w || w.shape.length !== 2) throw new ProgramError(`${where}: weight must be 2-D`);
        const inF = sizeOf(xs);
        const [a, b] = w.shape;
        const layout = op.layout ?? 'out-in';
        const [I, O] = layout === 'out-in' ? [b, a] : [a, b];
        if (I !== inF || xs.length !== 1) {
          throw new ProgramError(`${where}: input shape [${xs}] does not match weight [${w.shape}] (${layout})`);
        }
        param(op.bias, where, [O]);
        shape = [O];
        dep = true;
        break;
      }
      case 'conv2d': {
        const xs = input(op.x, where);
        if (xs.length !== 3) throw new ProgramError(`${where}: input must be [C, H, W], got [${xs}]`);
        const w = param(op.weight, where);
        if (!w || w.shape.length !== 4 || w.shape[1] !== xs[0]) {
          throw new ProgramError(`${where}: weight [${w?.shape}] does not match input [${xs}]`);
        }
        param(op.bias, where, [w.shape[0]]);
        const [sh, sw] = op.stride ?? [1, 1];
        const [pt, pl, pb, pr] = op.pad ?? [0, 0, 0, 0];
        const ho = outSize(xs[1], w.shape[2], sh, pt, pb);
        const wo = outSize(xs[2], w.shape[3], sw, pl, pr);
        if (ho < 1 || wo < 1) throw new ProgramError(`${where}: output would be empty for input [${xs}]`);
        shape = [w.shape[0], ho, wo];
        dep = true;
        break;
      }
      case 'maxpool':
      case 'avgpool': {
        const xs = input(op.x, where);
        if (xs.length !== 3) throw new ProgramError(`${where}: input must be [C, H, W], got [${xs}]`);
        const [kh, kw] = op.kernel;
        const [sh, sw] = op.stride ?? op.kernel;
        const [pt, pl, pb, pr] = op.pad ?? [0, 0, 0, 0];
        if (pt >= kh || pb >= kh || pl >= kw || pr >= kw) throw new ProgramError(`${where}: padding must be smaller than the kernel`);
        const ho = outSize(xs[1], kh, sh, pt, pb);
        const wo = outSize(xs[2], kw, sw, pl, pr);
        if (ho < 1 || wo < 1) throw new ProgramError(`${where}: output would be empty for input [${xs}]`);
        shape = [xs[0], ho, wo];
        dep = dependent[op.x];
        break;
      }
      case 'global-avgpool': {
        const xs = input(op.x, where);
        if (xs.length !== 3) throw new ProgramError(`${where}: input must be [C, H, W], got [${xs}]`);
        shape = [xs[0]];
        dep = dependent[op.x];
        break;
      }
      case 'reshape': {
        const xs = input(op.x, where);
        shape = op.shape ? [...op.shape] : [sizeOf(xs)];
        if (sizeOf(shape) !== sizeOf(xs)) throw new ProgramError(`${where}: cannot reshape [${xs}] to [${shape}]`);
        dep = dependent[op.x];
        store = storage[op.x];
        break;
      }
      case 'batchnorm': {
        const xs = input(op.x, where);
        const C = xs[0];
        param(op.scale, where, [C]);
        param(op.bias, where, [C]);
        constant(op.mean, where, C);
        constant(op.var, where, C);
        shape = [...xs];
        dep = true;
        break;
      }
      case 'add': {
        const as = input(op.a, where);
        const bs = input(op.b, where);
        if (as.length !== bs.length || as.some((d, k) => d !== bs[k])) {
          throw new ProgramError(`${where}: shapes [${as}] and [${bs}] differ`);
        }
        shape = [...as];
        dep = dependent[op.a] || dependent[op.b];
        break;
      }
      case 'activation': {
        shape = [...input(op.x, where)];
        dep = dependent[op.x];
        break;
      }
      case 'scale': {
        shape = [...input(op.x, where)];
        for (const name of [op.scale, op.shift]) {
          if (name == null) continue;
          const c = constIndex.get(name);
          if (!c) throw new ProgramError(`${where}: unknown constant ${name}`);
          if (broadcastMode(c.size, shape) < 0) throw new ProgramError(`${where}: constant ${name} of ${c.size} elements does not broadcast over [${shape}]`);
        }
        dep = dependent[op.x];
        break;
      }
      default:
        throw new ProgramError(`${where}: unsupported op ${(op as { op: string }).op}`);
    }
    shapes.push(shape);
    dependent.push(dep);
    storage.push(store);
  });
  if (partial) return { program, params, consts, paramCount, constCount, paramIndex, constIndex, shapes, dependent, storage };
  if (!Number.isInteger(program.output) || program.output < 1 || program.output >= shapes.length) {
    throw new ProgramError(`output value ${program.output} is not produced by any op`);
  }
  if (!dependent[program.output]) throw new ProgramError('the output does not depend on any parameter');
  if (program.loss !== 'cross-entropy' && program.loss !== 'mse') throw new ProgramError(`invalid loss: ${program.loss}`);
  return { program, params, consts, paramCount, constCount, paramIndex, constIndex, shapes, dependent, storage };
}
