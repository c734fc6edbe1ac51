/**
 * Symmetric operators with a chosen spectrum, for checking Hessian estimators against the truth:
 * A = P·diag(λ)·P with P = P₁·…·P_r a product of r random Householder reflectors, so A is dense,
 * its eigenvalues are exactly λ (up to rounding), and a product costs O(r·n).
 * see: Golub & Van Loan, "Matrix Computations", §5.1.
 */
import { normal } from '../random.js';
import type { Hvp } from './operator.js';
import { dot } from './vector.js';

export interface PlantedOptions {
  /** Random reflectors composing the eigenvector basis. Default n (a generic dense basis; O(n²) per product). With few reflectors A is diag(λ) plus a low-rank term, nearly diagonal. */
  reflectors?: number;
  /** Seed of the reflectors. Default 0. */
  seed?: number;
}

export interface Planted {
  n: number;
  /** The spectrum, descending. */
  eigenvalues: Float64Array;
  hvp: Hvp;
  /** The dense matrix (row-major), formed on demand in O(r·n²). */
  matrix(): Float64Array;
}

export function plantedOperator(eigenvalues: ArrayLike<number>, options: PlantedOptions = {}): Planted {
  const n = eigenvalues.length;
  const lambda = Float64Array.from(eigenvalues);
  const g = normal(options.seed ?? 0);
  const us = Array.from({ length: options.reflectors ?? n }, () => {
    const u = Float64Array.from({ length: n }, () => g());
    const norm = Math.sqrt(dot(u, u));
    return u.map((x) => x / norm);
  });
  const reflect = (v: Float64Array, u: Float64Array): void => {
    const c = 2 * dot(u, v);
    for (let i = 0; i < n; i++) v[i] -= c * u[i];
  };
  // P = P₁·…·P_r is not symmetric, so A = P·D·Pᵀ: Pᵀ applies the reflectors in order 1…r.
  const hvp: Hvp = (v) => {
    const w = Float64Array.from(v);
    for (const u of us) reflect(w, u);
    for (let i = 0; i < n; i++) w[i] *= lambda[i];
    for (let k = us.length - 1; k >= 0; k--) reflect(w, us[k]);
    return w;
  };
  const matrix = (): Float64Array => {
    const a = new Float64Array(n * n);
    const e = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      e[j] = 1;
      a.set(hvp(e) as Float64Array, j * n);
      e[j] = 0;
    }
    return a;
  };
  return { n, eigenvalues: Float64Array.from(lambda).sort().reverse(), hvp, matrix };
}
