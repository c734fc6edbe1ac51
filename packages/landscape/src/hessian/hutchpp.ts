/**
 * Trace of the Hessian by Hutch++: spend a third of the HVP budget on a sketch S (Gaussian, n×k:
 * full rank almost surely, where Rademacher columns in few dimensions often repeat; the analysis
 * covers both), take Q = orth(H·S), compute tr(QᵀHQ) exactly with another k products, and estimate the
 * trace of the deflated rest (I − QQᵀ)H(I − QQᵀ) by Hutchinson with the last third. When the
 * spectrum has a few large eigenvalues the sketch captures them and the variance left is small.
 * see: Meyer, Musco, Musco & Woodruff 2021, "Hutch++: Optimal Stochastic Trace Estimation", Alg. 1.
 */
import type { Hvp } from './operator.js';
import { normal } from '../random.js';
import { dot, orthogonalizeInPlace, rademacher } from './vector.js';

export interface HutchppOptions {
  /**
   * Total HVPs m. Default 102. Split as in the paper: k = ⌊m/3⌋ sketch columns, k products for
   * tr(QᵀHQ), and the remaining m − 2k Hutchinson probes on the deflated operator.
   */
  hvps?: number;
  /** Seed of the sketch (Gaussian) and the probes (Rademacher). Default 0. */
  seed?: number;
}

export interface HutchppResult {
  /** tr(QᵀHQ) + (1/p)·Σ gᵀ(I−QQᵀ)H(I−QQᵀ)g. */
  trace: number;
  /** Standard error of the stochastic part: sample std of the p deflated samples / √p (NaN for p < 2). */
  stderr: number;
  /** tr(QᵀHQ), the exact part. */
  low_rank_trace: number;
  /** Columns of Q (the sketch's numerical rank, ≤ k). */
  rank: number;
  /** Hutchinson probes of the deflated operator (p). */
  probes: number;
  hvp_count: number;
}

export async function hutchpp(hvp: Hvp, n: number, options: HutchppOptions = {}): Promise<HutchppResult> {
  const m = options.hvps ?? 102;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`invalid n: ${n}`);
  if (!Number.isInteger(m) || m < 3) throw new RangeError(`invalid hvps: ${options.hvps} (at least 3)`);
  const seed = options.seed ?? 0;
  const probe = rademacher(seed);
  const gauss = normal(seed ^ 0x5eed);
  let hvp_count = 0;
  const H = async (v: Float64Array): Promise<Float64Array> => {
    hvp_count++;
    return await hvp(v);
  };
  const k = Math.min(Math.floor(m / 3), n);
  // Q = orth(H·S), dropping directions the sketch does not reach (numerical rank).
  const Q: Float64Array[] = [];
  for (let j = 0; j < k; j++) {
    const y = Float64Array.from(await H(Float64Array.from({ length: n }, gauss)));
    const before = Math.sqrt(dot(y, y));
    orthogonalizeInPlace(y, Q);
    const after = Math.sqrt(dot(y, y));
    if (after > 1e-10 * before && after > 0) Q.push(y.map((x) => x / after));
  }
  let low_rank_trace = 0;
  for (const q of Q) low_rank_trace += dot(q, await H(q));
  const p = Q.length === n ? 0 : m - 2 * k;
  const samples: number[] = [];
  for (let i = 0; i < p; i++) {
    const g = probe(n);
    orthogonalizeInPlace(g, Q);
    samples.push(dot(g, await H(g)));
  }
  const mean = samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : 0;
  const variance = samples.length > 1 ? samples.reduce((a, s) => a + (s - mean) ** 2, 0) / (samples.length - 1) : NaN;
  const stderr = Q.length === n ? 0 : Math.sqrt(variance / samples.length);
  return { trace: low_rank_trace + mean, stderr, low_rank_trace, rank: Q.length, probes: samples.length, hvp_count };
}
