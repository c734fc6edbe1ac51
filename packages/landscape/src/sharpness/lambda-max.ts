/**
 * λmax: the largest eigenvalue of the Hessian of the full-data loss at θ, by Lanczos over exact
 * Hessian-vector products. Warm-startable: given the top eigenvector of a nearby point (the previous
 * step of training), a few products suffice. The Ritz residual ‖Hy − θy‖ bounds the distance of
 * the estimate to an eigenvalue of H and is reported as its noise.
 * see: Lanczos 1950; Ghorbani, Krishnan & Xiao 2019; Cohen et al. 2021 (λmax along training).
 */
import { lanczos } from '../hessian/lanczos.js';
import type { Hvp } from '../hessian/operator.js';

export interface LambdaMaxOptions {
  /** Most Lanczos steps (HVPs). Default 100. */
  maxIter?: number;
  /** Residual relative to |λ| at which it counts as converged. Default 1e-3. */
  tol?: number;
  /** Seed of the start vector. Default 0. */
  seed?: number;
  /** Start vector (e.g. the previous top eigenvector); overrides the seed. */
  start?: ArrayLike<number>;
  /** Also return the top eigenvector (to warm-start the next call). Default false. */
  vector?: boolean;
}

export interface LambdaMaxResult {
  value: number;
  /** ‖Hy − λy‖: an eigenvalue of H lies within it. */
  residual: number;
  converged: boolean;
  hvps: number;
  seed: number;
  warm: boolean;
  vector?: Float64Array;
}

export async function lambdaMax(hvp: Hvp, n: number, o: LambdaMaxOptions = {}): Promise<LambdaMaxResult> {
  const r = await lanczos(hvp, n, { k: 1, which: 'largest', maxIter: o.maxIter ?? 100, tol: o.tol ?? 1e-3, seed: o.seed ?? 0, start: o.start, vectors: o.vector });
  return {
    value: r.eigenvalues[0],
    residual: r.residuals[0],
    converged: r.converged,
    hvps: r.hvp_count,
    seed: o.seed ?? 0,
    warm: o.start !== undefined,
    ...(o.vector ? { vector: r.eigenvectors![0] } : {}),
  };
}
