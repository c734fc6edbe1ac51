/**
 * Extreme eigenvalues of the Hessian from Hessian-vector products: Lanczos in float64 with full
 * reorthogonalisation (every new vector is orthogonalised twice against all previous ones), so no
 * ghost copies of converged eigenvalues appear. Convergence is judged by each Ritz pair's residual
 * ‖H·y − θ·y‖ = β_m·|s_m| (no extra HVP needed). The tridiagonal eigenproblem is solved by implicit
 * QL tracking only the last row of the eigenvectors (O(m²) per step); Ritz vectors, when asked
 * for, are formed once at the end.
 * see: Paige 1972; Golub & Van Loan, "Matrix Computations", §10.1; Ghorbani et al. 2019.
 */
import { normal } from '../random.js';
import type { Hvp } from './operator.js';
import { tridiagonalEigen } from './tridiagonal.js';
import { dot, orthogonalizeInPlace } from './vector.js';

export type Which = 'largest' | 'smallest' | 'magnitude';

export interface LanczosOptions {
  /** Eigenvalues wanted. Default 1. */
  k?: number;
  /** 'largest' (algebraic, default), 'smallest' (algebraic; gives eig_min) or 'magnitude'. */
  which?: Which;
  /** Most Lanczos steps (HVPs). Default 100. */
  maxIter?: number;
  /** Residual ‖Hy − θy‖ relative to `relativeTo` at which a Ritz pair counts as converged. Default 1e-4. */
  tol?: number;
  /**
   * What `tol` is relative to: 'eigenvalue' (|θ| of the pair, default) or 'norm' (the largest |θ|
   * seen, ≈ ‖H‖) — use 'norm' for eigenvalues near zero such as a small eig_min.
   */
  relativeTo?: 'eigenvalue' | 'norm';
  /** Seed of the Gaussian start vector. Default 0. */
  seed?: number;
  /** Start vector (copied, normalised); overrides the seed. */
  start?: ArrayLike<number>;
  /** Also return the Ritz vectors. Default false. */
  vectors?: boolean;
}

export interface LanczosResult {
  /** Wanted Ritz values: largest first for 'largest' and 'magnitude', smallest first for 'smallest'. */
  eigenvalues: number[];
  /** ‖H·y − θ·y‖ of each. */
  residuals: number[];
  converged: boolean;
  /** Lanczos steps taken: one HVP each. */
  hvp_count: number;
  /** Which end of the spectrum was asked for. */
  which: Which;
  eigenvectors?: Float64Array[];
}

export interface LanczosTridiagonal {
  /** Diagonal of T (one entry per step). */
  alpha: number[];
  /** Off-diagonal of T, length alpha.length − 1. */
  beta: number[];
  /** Norm of the residual after the last step (β_m); 0 on an invariant subspace. */
  beta_last: number;
  /** The orthonormal Lanczos vectors q₀…q_{m−1}. */
  basis: Float64Array[];
}

/**
 * Runs up to `steps` Lanczos steps from the unit vector `q0` (not modified) with full
 * reorthogonalisation; `onStep` may stop early by returning true. Stops by itself on breakdown
 * (an invariant subspace: β ≤ 1e-12·max(1, |α|)) and after n steps.
 */
export async function lanczosTridiagonal(hvp: Hvp, q0: Float64Array, steps: number, onStep?: (t: LanczosTridiagonal) => boolean): Promise<LanczosTridiagonal> {
  const n = q0.length;
  const basis: Float64Array[] = [q0];
  const alpha: number[] = [];
  const beta: number[] = [];
  const t: LanczosTridiagonal = { alpha, beta, beta_last: 0, basis };
  for (let j = 0; j < Math.min(steps, n); j++) {
    const w = Float64Array.from(await hvp(basis[j]));
    const a = dot(basis[j], w);
    alpha.push(a);
    const bPrev = j > 0 ? beta[j - 1] : 0;
    for (let i = 0; i < n; i++) w[i] -= a * basis[j][i] + (j > 0 ? bPrev * basis[j - 1][i] : 0);
    orthogonalizeInPlace(w, basis);
    const b = Math.sqrt(dot(w, w));
    t.beta_last = b;
    const exhausted = b <= 1e-12 * Math.max(1, Math.abs(a)) || j + 1 === n;
    if (exhausted) t.beta_last = 0;
    if (onStep?.(t) || exhausted || j + 1 === steps) break;
    beta.push(b);
    basis.push(w.map((x) => x / b));
  }
  return t;
}

export async function lanczos(hvp: Hvp, n: number, options: LanczosOptions = {}): Promise<LanczosResult> {
  const k = options.k ?? 1;
  const which = options.which ?? 'largest';
  const maxIter = Math.min(options.maxIter ?? 100, n);
  const tol = options.tol ?? 1e-4;
  const relativeTo = options.relativeTo ?? 'eigenvalue';
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`invalid k: ${k}`);
  if (!['largest', 'smallest', 'magnitude'].includes(which)) throw new RangeError(`invalid which: ${which}`);
  if (!['eigenvalue', 'norm'].includes(relativeTo)) throw new RangeError(`invalid relativeTo: ${relativeTo}`);
  if (!(maxIter >= 1)) throw new RangeError(`invalid maxIter: ${options.maxIter}`);
  let q: Float64Array;
  if (options.start) {
    if (options.start.length !== n) throw new RangeError(`start vector has length ${options.start.length}, expected ${n}`);
    q = Float64Array.from(options.start);
  } else {
    const g = normal(options.seed ?? 0);
    q = Float64Array.from({ length: n }, () => g());
  }
  const norm0 = Math.sqrt(dot(q, q));
  if (!(norm0 > 0)) throw new RangeError('start vector is zero');
  q = q.map((x) => x / norm0);
  let result: LanczosResult | undefined;
  const t = await lanczosTridiagonal(hvp, q, maxIter, (t) => {
    result = ritz(t, k, which, tol, relativeTo, false);
    return result.converged;
  });
  // Breakdown (invariant subspace) or n steps: the Ritz values are exact.
  if (t.beta_last === 0) result = { ...ritz(t, k, which, tol, relativeTo, false), converged: true };
  if (options.vectors) result = { ...ritz(t, k, which, tol, relativeTo, true), converged: result!.converged };
  return result!;
}

function ritz(t: LanczosTridiagonal, k: number, which: Which, tol: number, relativeTo: 'eigenvalue' | 'norm', wantVectors: boolean): LanczosResult {
  const m = t.alpha.length;
  const all = Array.from({ length: m }, (_, i) => i);
  const { values, vectors } = tridiagonalEigen(t.alpha, t.beta, { rows: wantVectors ? all : [m - 1] });
  const last = wantVectors ? (m - 1) * m : 0;
  let order = all.slice(); // values are descending
  if (which === 'smallest') order.reverse();
  if (which === 'magnitude') order.sort((i, j) => Math.abs(values[j]) - Math.abs(values[i]));
  order = order.slice(0, Math.min(k, m));
  const eigenvalues = order.map((i) => values[i]);
  const residuals = order.map((i) => Math.abs(t.beta_last * vectors[last + i]));
  const scale = Math.max(Math.abs(values[0]), Math.abs(values[m - 1]));
  const converged = order.length === k && residuals.every((r, i) => r <= tol * Math.max(relativeTo === 'norm' ? scale : Math.abs(eigenvalues[i]), 1e-30));
  const out: LanczosResult = { eigenvalues, residuals, converged, hvp_count: m, which };
  if (wantVectors) {
    const n = t.basis[0].length;
    out.eigenvectors = order.map((c) => {
      const y = new Float64Array(n);
      for (let j = 0; j < m; j++) {
        const s = vectors[j * m + c];
        const qj = t.basis[j];
        for (let i = 0; i < n; i++) y[i] += s * qj[i];
      }
      return y;
    });
  }
  return out;
}
