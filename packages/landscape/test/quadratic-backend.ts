// A Backend whose loss is a quadratic with a known Hessian, L(θ) = L₀ + ½(θ − c)ᵀH(θ − c), in
// float64: the oracle of the sharpness measures, whose maxima, expectations and σ have closed forms.
import type { Backend } from '../src/backend/backend.js';
import { builtinModel, defaultInit } from '../src/models/builtin.js';
import type { Model } from '../src/models/model.js';
import { normal } from '../src/random.js';
import { plantedOperator } from '../src/hessian/planted.js';

export interface Quadratic {
  backend: Backend;
  H: Float64Array;
  n: number;
  /** ½(θ − c)ᵀH(θ − c) + L₀ in float64. */
  f(theta: ArrayLike<number>): number;
}

export function quadraticBackend(H: Float64Array, c: ArrayLike<number>, l0 = 0): Quadratic {
  const n = c.length;
  let theta = new Float64Array(n);
  const Hv = (v: ArrayLike<number>) => {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += H[i * n + j] * v[j];
      y[i] = s;
    }
    return y;
  };
  const f = (t: ArrayLike<number>) => {
    const d = Float64Array.from(t, (v, i) => v - c[i]);
    const h = Hv(d);
    let s = 0;
    for (let i = 0; i < n; i++) s += d[i] * h[i];
    return l0 + 0.5 * s;
  };
  const backend: Backend = {
    paramCount: n,
    name: 'quadratic',
    threads: 1,
    setParams: async (t) => {
      theta = Float64Array.from(t);
    },
    setData: async () => {},
    loss: async () => ({ loss: f(theta), accuracy: null, n: 1 }),
    gradient: async () => ({ loss: f(theta), accuracy: null, n: 1, gradient: Hv(Float64Array.from(theta, (v, i) => v - c[i])) }),
    hvp: async (v) => ({ loss: f(theta), hv: Hv(v) }),
    points: async (d1, d2, pts) => ({ loss: Float64Array.from(pts, ([a, b]) => f(Float64Array.from(theta, (t, i) => t + a * d1[i] + b * d2[i]))), accuracy: null }),
    close: async () => {},
  };
  return { backend, H, n, f };
}

/** A dense symmetric matrix with the given spectrum (random eigenvectors, seeded). */
export function plantedMatrix(eigenvalues: number[], seed = 0): Float64Array {
  return plantedOperator(eigenvalues, { seed }).matrix();
}

/** A built-in model (for its parameter layout) with seeded PyTorch-default weights. */
export function layoutModel(spec: string, seed = 0): Model {
  const { program, consts } = builtinModel(spec);
  return { program, params: defaultInit(program, seed), consts, source: { kind: 'builtin', spec, sha256: '0'.repeat(64) } };
}

/** Seeded Gaussian vector. */
export const gaussian = (n: number, seed: number): Float64Array => {
  const g = normal(seed);
  return Float64Array.from({ length: n }, () => g());
};
