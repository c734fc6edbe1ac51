/**
 * Constant folding for the ONNX importer: evaluates nodes whose inputs are all constants (the
 * Shape → Gather → Unsqueeze → Concat chains torch emits for flatten and padding, Constant nodes,
 * casts, transposes). An unknown batch size travels through these chains as NaN.
 */
import { ModelError } from './model.js';
import { DTYPE, attributes, tensorValues, type OnnxNode } from './onnx-proto.js';

export interface Const {
  dims: number[];
  data: number[] | Float32Array;
  dtype: number;
}

const FLOAT_TYPES: readonly number[] = [DTYPE.FLOAT, DTYPE.DOUBLE, DTYPE.FLOAT16, DTYPE.BFLOAT16];
export const isFloat = (c: Const): boolean => FLOAT_TYPES.includes(c.dtype);
const size = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);
const strides = (dims: readonly number[]): number[] => {
  const s = new Array<number>(dims.length);
  let acc = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= dims[i];
  }
  return s;
};
const normAxis = (a: number, rank: number, where: string): number => {
  const ax = a < 0 ? a + rank : a;
  if (ax < 0 || ax >= rank) throw new ModelError(`${where}: axis ${a} is out of range for rank ${rank}`);
  return ax;
};

/** Numpy-style broadcast of two shapes. */
export function broadcastShape(a: readonly number[], b: readonly number[], where: string): number[] {
  const r = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    const x = a[a.length - r + i] ?? 1, y = b[b.length - r + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new ModelError(`${where}: shapes [${a}] and [${b}] do not broadcast`);
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** The values of `c` broadcast to `dims` (numpy rules), row-major. */
export function broadcastTo(c: Const, dims: readonly number[], where: string): number[] {
  const full = broadcastShape(c.dims, dims, where);
  if (full.length !== dims.length || full.some((d, i) => d !== dims[i])) {
    throw new ModelError(`${where}: a constant of shape [${c.dims}] does not broadcast to [${dims}]`);
  }
  const r = dims.length;
  const cd = [...new Array<number>(r - c.dims.length).fill(1), ...c.dims];
  const cs = strides(cd);
  const out = new Array<number>(size(dims));
  const idx = new Array<number>(r).fill(0);
  for (let k = 0; k < out.length; k++) {
    let off = 0;
    for (let i = 0; i < r; i++) if (cd[i] !== 1) off += idx[i] * cs[i];
    out[k] = c.data[off];
    for (let i = r - 1; i >= 0; i--) {
      if (++idx[i] < dims[i]) break;
      idx[i] = 0;
    }
  }
  return out;
}

const binary: Record<string, (a: number, b: number, int: boolean) => number> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b, int) => (int ? Math.trunc(a / b) : a / b),
};

function gather(data: Const, idx: Const, axis: number): Const {
  const d = data.dims;
  const outer = size(d.slice(0, axis)), n = d[axis], inner = size(d.slice(axis + 1));
  const out: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const raw of idx.data) {
      const i = raw < 0 ? raw + n : raw;
      for (let k = 0; k < inner; k++) out.push(data.data[(o * n + i) * inner + k]);
    }
  }
  return { dims: [...d.slice(0, axis), ...idx.dims, ...d.slice(axis + 1)], data: out, dtype: data.dtype };
}

function slice(data: Const, starts: number[], ends: number[], axes: number[], steps: number[], where: string): Const {
  const r = data.dims.length;
  const lo = new Array<number>(r).fill(0), st = new Array<number>(r).fill(1), cnt = [...data.dims];
  axes.forEach((a0, k) => {
    const a = normAxis(a0, r, where);
    const n = data.dims[a], s = steps[k] ?? 1;
    if (s === 0) throw new ModelError(`${where}: slice step 0`);
    const clamp = (v: number, min: number, max: number) => Math.min(Math.max(v < 0 ? v + n : v, min), max);
    const b = s > 0 ? clamp(starts[k], 0, n) : clamp(starts[k], -1, n - 1);
    const e = s > 0 ? clamp(ends[k], 0, n) : clamp(ends[k], -1, n - 1);
    lo[a] = b;
    st[a] = s;
    cnt[a] = Math.max(0, Math.ceil((e - b) / s));
  });
  const ds = strides(data.dims);
  const out: number[] = [];
  const idx = new Array<number>(r).fill(0);
  const total = size(cnt);
  for (let k = 0; k < total; k++) {
    let off = 0;
    for (let i = 0; i < r; i++) off += (lo[i] + idx[i] * st[i]) * ds[i];
    out.push(data.data[off]);
    for (let i = r - 1; i >= 0; i--) {
      if (++idx[i] < cnt[i]) break;
      idx[i] = 0;
    }
  }
  return { dims: cnt, data: out, dtype: data.dtype };
}

function transpose(c: Const, perm: number[]): Const {
  const dims = perm.map((p) => c.dims[p]);
  const cs = strides(c.dims);
  const out: number[] = [];
  const idx = new Array<number>(dims.length).fill(0);
  for (let k = 0; k < c.data.length; k++) {
    let off = 0;
    for (let i = 0; i < dims.length; i++) off += idx[i] * cs[perm[i]];
    out.push(c.data[off]);
    for (let i = dims.length - 1; i >= 0; i--) {
      if (++idx[i] < dims[i]) break;
      idx[i] = 0;
    }
  }
  return { dims, data: c.dtype === DTYPE.FLOAT ? Float32Array.from(out) : out, dtype: c.dtype };
}

/** ONNX Reshape target (0 copies, −1 infers) for a known input shape. */
export function reshapeTarget(inDims: readonly number[], target: readonly number[], allowZero: boolean, where: string): number[] {
  const out = target.map((t, i) => (t === 0 && !allowZero ? inDims[i] : t));
  const known = out.filter((t) => t !== -1).reduce((a, b) => a * b, 1);
  const free = out.filter((t) => t === -1).length;
  if (free > 1) throw new ModelError(`${where}: reshape target [${target}] has more than one -1`);
  const total = size(inDims);
  if (free === 1) out[out.indexOf(-1)] = total / known;
  if (size(out) !== total || out.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ModelError(`${where}: cannot reshape [${inDims}] to [${target}]`);
  }
  return out;
}

const asInts = (c: Const | undefined): number[] | undefined => (c ? Array.from(c.data, Number) : undefined);

/**
 * Evaluates a node over constant inputs (missing optional inputs are undefined), or returns null
 * when the op is not one this folds.
 */
export function foldNode(node: OnnxNode, inputs: (Const | undefined)[], opset: number, where: string): Const[] | null {
  const at = attributes(node);
  const op = node.op_type ?? '';
  const [x] = inputs;
  switch (op) {
    case 'Constant': {
      const t = at.tensor('value');
      if (t) {
        const v = tensorValues(t, where);
        return [{ dims: v.dims, data: v.data, dtype: v.dtype }];
      }
      if (at.has('value_float')) return [{ dims: [], data: Float32Array.of(at.float('value_float', 0)), dtype: DTYPE.FLOAT }];
      if (at.has('value_int')) return [{ dims: [], data: [at.int('value_int', 0)], dtype: DTYPE.INT64 }];
      if (at.has('value_ints')) { const v = at.ints('value_ints')!; return [{ dims: [v.length], data: v, dtype: DTYPE.INT64 }]; }
      const floats = node.attribute?.find((a) => a.name === 'value_floats')?.floats;
      if (floats) return [{ dims: [floats.length], data: Float32Array.from(floats), dtype: DTYPE.FLOAT }];
      throw new ModelError(`${where}: Constant without a supported value attribute`);
    }
    case 'Identity':
    case 'Dropout':
      return [x!];
    case 'Shape': {
      const dims = x!.dims;
      const r = dims.length;
      const s = at.int('start', 0), e = at.int('end', r);
      const b = Math.min(Math.max(s < 0 ? s + r : s, 0), r), en = Math.min(Math.max(e < 0 ? e + r : e, 0), r);
      const d = dims.slice(b, Math.max(b, en));
      return [{ dims: [d.length], data: d, dtype: DTYPE.INT64 }];
    }
    case 'Gather':
      return [gather(x!, inputs[1]!, normAxis(at.int('axis', 0), x!.dims.length, where))];
    case 'Unsqueeze':
    case 'Squeeze': {
      const axes = opset >= 13 ? asInts(inputs[1]) : at.ints('axes');
      let dims = [...x!.dims];
      if (op === 'Unsqueeze') {
        const r = dims.length + (axes?.length ?? 0);
        for (const a of (axes ?? []).map((a) => normAxis(a, r, where)).sort((p, q) => p - q)) dims.splice(a, 0, 1);
      } else {
        const ax = axes ? axes.map((a) => normAxis(a, dims.length, where)) : dims.flatMap((d, i) => (d === 1 ? [i] : []));
        dims = dims.filter((_, i) => !ax.includes(i));
      }
      return [{ ...x!, dims }];
    }
    case 'Concat': {
      const parts = inputs.filter((c): c is Const => c !== undefined);
      const r = parts[0].dims.length;
      const axis = normAxis(at.int('axis', 0), r, where);
      const outer = size(parts[0].dims.slice(0, axis));
      const data: number[] = [];
      for (let o = 0; o < outer; o++) {
        for (const p of parts) {
          const chunk = size(p.dims.slice(axis));
          for (let k = 0; k < chunk; k++) data.push(p.data[o * chunk + k]);
        }
      }
      const dims = [...parts[0].dims];
      dims[axis] = parts.reduce((s, p) => s + p.dims[axis], 0);
      return [{ dims, data, dtype: parts[0].dtype }];
    }
    case 'Cast': {
      const to = at.int('to', DTYPE.FLOAT);
      const data = to === DTYPE.FLOAT ? Float32Array.from(x!.data) : FLOAT_TYPES.includes(to) ? Array.from(x!.data) : Array.from(x!.data, Math.trunc);
      return [{ dims: [...x!.dims], data, dtype: to }];
    }
    case 'Reshape': {
      const target = opset >= 5 ? asInts(inputs[1])! : at.ints('shape')!;
      return [{ ...x!, dims: reshapeTarget(x!.dims, target, at.int('allowzero', 0) === 1, where) }];
    }
    case 'Flatten': {
      const axis = normAxis(at.int('axis', 1), x!.dims.length + 1, where);
      return [{ ...x!, dims: [size(x!.dims.slice(0, axis)), size(x!.dims.slice(axis))] }];
    }
    case 'Transpose': {
      const perm = at.ints('perm') ?? x!.dims.map((_, i) => x!.dims.length - 1 - i);
      return [transpose(x!, perm)];
    }
    case 'Slice': {
      const starts = opset >= 10 ? asInts(inputs[1])! : at.ints('starts')!;
      const ends = opset >= 10 ? asInts(inputs[2])! : at.ints('ends')!;
      const axes = (opset >= 10 ? asInts(inputs[3]) : at.ints('axes')) ?? starts.map((_, i) => i);
      const steps = (opset >= 10 ? asInts(inputs[4]) : undefined) ?? starts.map(() => 1);
      return [slice(x!, starts, ends, axes, steps, where)];
    }
    case 'ConstantOfShape': {
      const dims = asInts(x)!;
      const t = at.tensor('value');
      const v = t ? tensorValues(t, where) : { data: Float32Array.of(0), dtype: DTYPE.FLOAT };
      if (dims.some((d) => !Number.isInteger(d) || d < 0)) throw new ModelError(`${where}: ConstantOfShape with an unresolved shape [${dims}]`);
      const data = new Array<number>(size(dims)).fill(Number(v.data[0]));
      return [{ dims, data: v.dtype === DTYPE.FLOAT ? Float32Array.from(data) : data, dtype: v.dtype }];
    }
    case 'Add': case 'Sub': case 'Mul': case 'Div': {
      const [a, b] = inputs as Const[];
      const dims = broadcastShape(a.dims, b.dims, where);
      const A = broadcastTo(a, dims, where), B = broadcastTo(b, dims, where);
      const int = !isFloat(a);
      const out = A.map((v, i) => binary[op](Number(v), Number(B[i]), int));
      return [{ dims, data: a.dtype === DTYPE.FLOAT ? Float32Array.from(out) : out, dtype: a.dtype }];
    }
    case 'Sqrt':
      return [{ ...x!, data: x!.dtype === DTYPE.FLOAT ? Float32Array.from(x!.data, Math.sqrt) : Array.from(x!.data, Math.sqrt) }];
    case 'Neg':
      return [{ ...x!, data: x!.dtype === DTYPE.FLOAT ? Float32Array.from(x!.data, (v) => -v) : Array.from(x!.data, (v) => -v) }];
    default:
      return null;
  }
}
