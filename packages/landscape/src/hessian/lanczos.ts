/**
 * Extreme eigenvalues of the Hessian from Hessian-vector products: Lanczos in float64 with full
 * reorthogonalisation (every new vector is orthogonalised twice against all previous ones), so no
 * ghost copies of converged eigenvalues appear. Convergence is judged by each Ritz pair's residual
 * ‖H·y − θ·y‖ = β_m·|s_m| (no extra HVP needed).
 * see: Paige 1972; Golub & Van Loan, "Matrix Computations", §10.1; Ghorbani et al. 2019.
 */
import { normal } from '../random.js';
import { symmetricEigen } from './symmetric-eigen.js';

export type Which = 'largest' | 'smallest' | 'magnitude';

export interface LanczosOptions {
  /** Eigenvalues wanted. Default 1. */
  k?: number;
  /** 'largest' (algebraic, default), 'smallest' (algebraic) or 'magnitude'. */
  which?: Which;
  /** Most Lanczos steps (HVPs). Default 100. */
  maxIter?: number;
  /** Relative residual ‖Hy − θy‖ / |θ| at which a Ritz pair counts as converged. Default 1e-4. */
  tol?: number;
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
  hvpCount: number;
  eigenvectors?: Float64Array[];
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export async function lanczos(hvp: (v: Float64Array) => Promise<Float64Array> | Float64Array, n: number, options: LanczosOptions = {}): Promise<LanczosResult> {
  const k = options.k ?? 1;
  const which = options.which ?? 'largest';
  const maxIter = Math.min(options.maxIter ?? 100, n);
  const tol = options.tol ?? 1e-4;
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`invalid k: ${k}`);
  if (!['largest', 'smallest', 'magnitude'].includes(which)) throw new RangeError(`invalid which: ${which}`);
  let q: Float64Array;
  if (options.start) {
    q = Float64Array.from(options.start);
  } else {
    const g = normal(options.seed ?? 0);
    q = Float64Array.from({ length: n }, () => g());
  }
  const norm0 = Math.sqrt(dot(q, q));
  if (!(norm0 > 0)) throw new RangeError('start vector is zero');
  q = q.map((x) => x / norm0);
  const Q: Float64Array[] = [q];
  const alpha: number[] = [];
  const beta: number[] = [];
  let result: LanczosResult | undefined;
  for (let j = 0; j < maxIter; j++) {
    const w = Float64Array.from(await hvp(Q[j]));
    const a = dot(Q[j], w);
    alpha.push(a);
    for (let i = 0; i < w.length; i++) w[i] -= a * Q[j][i] + (j > 0 ? beta[j - 1] * Q[j - 1][i] : 0);
    for (let pass = 0; pass < 2; pass++) {
      for (const qi of Q) {
        const c = dot(qi, w);
        for (let i = 0; i < w.length; i++) w[i] -= c * qi[i];
      }
    }
    const b = Math.sqrt(dot(w, w));
    result = ritz(alpha, beta, b, Q, k, which, tol, options.vectors ?? false);
    const exhausted = b <= 1e-12 * Math.max(1, Math.abs(a)) || j + 1 === n;
    if (result.converged || exhausted) {
      if (exhausted) result.converged = true;
      break;
    }
    beta.push(b);
    Q.push(w.map((x) => x / b));
  }
  return result!;
}

function ritz(alpha: number[], beta: number[], bLast: number, Q: Float64Array[], k: number, which: Which, tol: number, wantVectors: boolean): LanczosResult {
  const m = alpha.length;
  const T = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    T[i * m + i] = alpha[i];
    if (i + 1 < m) T[i * m + i + 1] = T[(i + 1) * m + i] = beta[i];
  }
  const { values, vectors } = symmetricEigen(T, m);
  let order = Array.from({ length: m }, (_, i) => i); // values are descending
  if (which === 'smallest') order.reverse();
  if (which === 'magnitude') order.sort((i, j) => Math.abs(values[j]) - Math.abs(values[i]));
  order = order.slice(0, Math.min(k, m));
  const eigenvalues = order.map((i) => values[i]);
  const residuals = order.map((i) => Math.abs(bLast * vectors[(m - 1) * m + i]));
  const converged = order.length === k && residuals.every((r, i) => r <= tol * Math.max(Math.abs(eigenvalues[i]), 1e-30));
  const out: LanczosResult = { eigenvalues, residuals, converged, hvpCount: m };
  if (wantVectors) {
    out.eigenvectors = order.map((c) => {
      const y = new Float64Array(Q[0].length);
      for (let j = 0; j < m; j++) {
        const s = vectors[j * m + c];
        for (let i = 0; i < y.length; i++) y[i] += s * Q[j][i];
      }
      return y;
    });
  }
  return out;
}
