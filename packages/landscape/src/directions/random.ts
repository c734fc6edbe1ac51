/** Seeded Gaussian directions over all parameters, and the arithmetic of directions. */
import { normal } from '../random.js';

export function randomDirection(n: number, seed: number): Float32Array {
  const g = normal(seed);
  return Float32Array.from({ length: n }, () => g());
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return dot(a, b) / (Math.sqrt(dot(a, a) * dot(b, b)) || 1);
}

/** d₂ made orthogonal to d₁ (Gram–Schmidt), keeping d₂'s length; and the cosine before. */
export function orthogonalize(d1: ArrayLike<number>, d2: ArrayLike<number>): { d2: Float32Array; cosineBefore: number } {
  const c = dot(d1, d2) / (dot(d1, d1) || 1);
  const n2 = Math.sqrt(dot(d2, d2));
  const out = Float32Array.from(d2, (v, i) => v - c * d1[i]);
  const n = Math.sqrt(dot(out, out)) || 1;
  for (let i = 0; i < out.length; i++) out[i] *= n2 / n;
  return { d2: out, cosineBefore: cosine(d1, d2) };
}
