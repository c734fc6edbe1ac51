/**
 * Top Hessian eigenvectors as surface directions: Lanczos over exact HVPs returns the Ritz
 * vectors of the k largest (or smallest, or largest-magnitude) eigenvalues, unit length.
 */
import type { Backend } from '../backend/backend.js';
import { lanczos, type Which } from '../hessian/lanczos.js';

export interface HessianDirectionsOptions {
  /** Directions wanted. Default 2. */
  k?: number;
  /** Default 'largest'. */
  which?: Which;
  /** Relative residual. Default 1e-3. */
  tol?: number;
  /** Default 100. */
  maxIter?: number;
  seed?: number;
}

export async function hessianDirections(backend: Backend, o: HessianDirectionsOptions = {}): Promise<{ directions: Float32Array[]; eigenvalues: number[]; residuals: number[]; hvps: number }> {
  const r = await lanczos(async (v) => (await backend.hvp(v)).hv, backend.paramCount, {
    k: o.k ?? 2, which: o.which ?? 'largest', tol: o.tol ?? 1e-3, maxIter: o.maxIter ?? 100, seed: o.seed ?? 0, vectors: true,
  });
  return { directions: r.eigenvectors!.map((v) => Float32Array.from(v)), eigenvalues: r.eigenvalues, residuals: r.residuals, hvps: r.hvp_count };
}
