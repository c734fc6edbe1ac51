/**
 * Encodes a resolved program into the kernel's op records (i32 words) and plans every buffer
 * in linear memory. Layout of the records is mirrored in assembly/interpreter.ts.
 */
import { type ResolvedProgram, type Op, sizeOf, broadcastMode } from './program.js';

export const OPCODE = { dense: 1, conv2d: 2, maxpool: 3, avgpool: 4, 'global-avgpool': 5, batchnorm: 6, add: 7, activation: 8, scale: 9 } as const;
export const ACTIVATION = { relu: 0, 'leaky-relu': 1, elu: 2, sigmoid: 3, tanh: 4, softplus: 5, gelu: 6 } as const;
export const DEFAULT_ALPHA = { 'leaky-relu': 0.01, elu: 1 } as Record<string, number>;

const f32bits = (v: number): number => {
  const f = new Float32Array([v]);
  return new Int32Array(f.buffer)[0];
};

export interface EncodedOp {
  words: number[];
  /** Byte size of the side buffer this op needs per sample (maxpool argmax indices), patched in later. */
  sideBytesPerSample: number;
  /** Word index of the side-buffer pointer. */
  sidePointerWord: number;
  /** Parameters (offset, size) this op reads. */
  reads: [number, number][];
  /** im2col floats this op needs (conv). */
  colFloats: number;
}

export function encodeOp(r: ResolvedProgram, op: Exclude<Op, { op: 'reshape' }>): EncodedOp {
  const p = (name: string | null | undefined): number => (name == null ? -1 : r.paramIndex.get(name)!.offset);
  const c = (name: string): number => r.constIndex.get(name)!.offset;
  const reads: [number, number][] = [];
  const use = (name: string | null | undefined): void => {
    if (name != null) {
      const s = r.paramIndex.get(name)!;
      reads.push([s.offset, s.size]);
    }
  };
  const out: EncodedOp = { words: [], sideBytesPerSample: 0, sidePointerWord: -1, reads, colFloats: 0 };
  switch (op.op) {
    case 'dense': {
      const w = r.paramIndex.get(op.weight)!;
      const layout = op.layout ?? 'out-in';
      const [I, O] = layout === 'out-in' ? [w.shape[1], w.shape[0]] : [w.shape[0], w.shape[1]];
      out.words = [OPCODE.dense, op.x, op.y, I, O, w.offset, p(op.bias), layout === 'out-in' ? 0 : 1];
      use(op.weight);
      use(op.bias);
      break;
    }
    case 'conv2d': {
      const w = r.paramIndex.get(op.weight)!;
      const [C, H, W] = r.shapes[op.x];
      const [O, Ho, Wo] = r.shapes[op.y];
      const [sh, sw] = op.stride ?? [1, 1];
      const [pt, pl] = op.pad ?? [0, 0, 0, 0];
      out.words = [OPCODE.conv2d, op.x, op.y, w.offset, p(op.bias), C, H, W, O, w.shape[2], w.shape[3], sh, sw, pt, pl, Ho, Wo];
      out.colFloats = C * w.shape[2] * w.shape[3] * Ho * Wo;
      use(op.weight);
      use(op.bias);
      break;
    }
    case 'maxpool':
    case 'avgpool': {
      const [C, H, W] = r.shapes[op.x];
      const [, Ho, Wo] = r.shapes[op.y];
      const [kh, kw] = op.kernel;
      const [sh, sw] = op.stride ?? op.kernel;
      const [pt, pl] = op.pad ?? [0, 0, 0, 0];
      const cip = op.op === 'avgpool' && op.countIncludePad === false ? 0 : 1;
      out.words = [OPCODE[op.op], op.x, op.y, 0, C, H, W, kh, kw, sh, sw, pt, pl, Ho, Wo, cip];
      if (op.op === 'maxpool') {
        out.sideBytesPerSample = 4 * sizeOf(r.shapes[op.y]);
        out.sidePointerWord = 3;
      }
      break;
    }
    case 'global-avgpool': {
      const [C, H, W] = r.shapes[op.x];
      out.words = [OPCODE['global-avgpool'], op.x, op.y, C, H * W];
      break;
    }
    case 'batchnorm': {
      const xs = r.shapes[op.x];
      out.words = [OPCODE.batchnorm, op.x, op.y, xs[0], sizeOf(xs) / xs[0], p(op.scale), p(op.bias), c(op.mean), c(op.var), f32bits(op.epsilon ?? 1e-5)];
      use(op.scale);
      use(op.bias);
      break;
    }
    case 'add':
      out.words = [OPCODE.add, op.a, op.y, op.b];
      break;
    case 'activation':
      out.words = [OPCODE.activation, op.x, op.y, ACTIVATION[op.kind], f32bits(op.alpha ?? DEFAULT_ALPHA[op.kind] ?? 0)];
      break;
    case 'scale': {
      const xs = r.shapes[op.x];
      const mode = (name: string | null | undefined): [number, number] =>
        name == null ? [-1, 0] : [c(name), broadcastMode(r.constIndex.get(name)!.size, xs)];
      out.words = [OPCODE.scale, op.x, op.y, xs[0], sizeOf(xs) / xs[0], ...mode(op.scale), ...mode(op.shift)];
      break;
    }
  }
  return out;
}

/** Sorted, merged (offset, length) ranges. */
export function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [o, n] of sorted) {
    const last = merged[merged.length - 1];
    if (last && o <= last[0] + last[1]) last[1] = Math.max(last[1], o + n - last[0]);
    else merged.push([o, n]);
  }
  return merged;
}
