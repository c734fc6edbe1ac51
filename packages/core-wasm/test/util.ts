// Shared test helpers: seeded data, error measures, kink detection.
import type { Program } from '../src/program.js';
import { resolveProgram, sizeOf } from '../src/program.js';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(n: number, seed: number, scale = 1): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = 1 - r(), w = r();
    out[i] = scale * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
  }
  return out;
}

/** ‖a − b‖ / ‖b‖ */
export function relL2(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let n = 0, d = 0;
  for (let i = 0; i < b.length; i++) {
    n += (a[i] - b[i]) ** 2;
    d += b[i] ** 2;
  }
  return Math.sqrt(n / d);
}

export const relErr = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

/** Random inputs and labels / targets for a program. */
export function randomData(program: Program, n: number, seed: number): { x: Float32Array; labels?: Int32Array; targets?: Float32Array } {
  const r = resolveProgram(program);
  const K = sizeOf(r.shapes[program.output]);
  const x = gaussian(n * sizeOf(program.input), seed);
  const g = rng(seed + 1);
  if (program.loss === 'cross-entropy') return { x, labels: Int32Array.from({ length: n }, () => Math.floor(g() * K)) };
  return { x, targets: gaussian(n * K, seed + 2) };
}

/**
 * Whether a piecewise op changes its piece between forward traces: the sign of every ReLU /
 * leaky-ReLU input, and the chosen cell of every max-pool window. Finite differences across a
 * change of piece measure a different function, so such steps are excluded.
 */
export function piecePattern(program: Program, values: Float64Array[]): string {
  const r = resolveProgram(program);
  const parts: string[] = [];
  for (const op of program.ops) {
    if (op.op === 'activation' && (op.kind === 'relu' || op.kind === 'leaky-relu')) {
      parts.push(Array.from(values[op.x], (v) => (v > 0 ? '1' : '0')).join(''));
    }
    if (op.op === 'maxpool') {
      // A max-pool output equals exactly one of its window's inputs; record which one by value rank.
      const x = values[op.x];
      const y = values[op.y];
      const [C, H, W] = r.shapes[op.x];
      const [, Ho, Wo] = r.shapes[op.y];
      const B = x.length / (C * H * W);
      const [kh, kw] = op.kernel;
      const [sh, sw] = op.stride ?? op.kernel;
      const [pt, pl] = op.pad ?? [0, 0];
      let o = 0;
      for (let n = 0; n < B; n++)
        for (let c = 0; c < C; c++)
          for (let oh = 0; oh < Ho; oh++)
            for (let ow = 0; ow < Wo; ow++, o++) {
              let arg = -1;
              for (let i = 0; i < kh && arg < 0; i++)
                for (let j = 0; j < kw; j++) {
                  const h = oh * sh - pt + i, w = ow * sw - pl + j;
                  if (h >= 0 && h < H && w >= 0 && w < W && x[((n * C + c) * H + h) * W + w] === y[o]) { arg = i * kw + j; break; }
                }
              parts.push(String(arg));
            }
    }
  }
  return parts.join('|');
}
