/**
 * Trace of the Hessian by Hutchinson's estimator: tr(H) = E[zᵀHz] for Rademacher z, averaged over
 * probes, with the standard error of the mean (sample standard deviation / √m) as its accuracy.
 * see: Hutchinson 1990; Avron & Toledo 2011; Yao et al. 2020 (PyHessian, `trace`).
 */
import type { Hvp } from './operator.js';
import { dot, rademacher } from './vector.js';

export interface HutchinsonOptions {
  /** Most probes (one HVP each). Default 100. */
  maxProbes?: number;
  /** Fewest probes before the stopping rule is checked. Default 10. */
  minProbes?: number;
  /** Stop once stderr ≤ tol·|trace|. Default 1e-3; 0 always runs maxProbes. */
  tol?: number;
  /** Seed of the Rademacher probes. Default 0. */
  seed?: number;
}

export interface HutchinsonResult {
  /** The estimate of tr(H): mean of zᵀHz. */
  trace: number;
  /** Sample standard deviation of zᵀHz over the probes / √probes (NaN for one probe). */
  stderr: number;
  probes: number;
  /** Whether stderr ≤ tol·|trace| holds at the end. */
  converged: boolean;
  hvp_count: number;
  /** zᵀHz of every probe. */
  samples: number[];
}

export async function hutchinson(hvp: Hvp, n: number, options: HutchinsonOptions = {}): Promise<HutchinsonResult> {
  const maxProbes = options.maxProbes ?? 100;
  const minProbes = Math.min(options.minProbes ?? 10, maxProbes);
  const tol = options.tol ?? 1e-3;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`invalid n: ${n}`);
  if (!Number.isInteger(maxProbes) || maxProbes < 1) throw new RangeError(`invalid maxProbes: ${options.maxProbes}`);
  if (!Number.isInteger(minProbes) || minProbes < 1) throw new RangeError(`invalid minProbes: ${options.minProbes}`);
  if (!(tol >= 0)) throw new RangeError(`invalid tol: ${options.tol}`);
  const probe = rademacher(options.seed ?? 0);
  const samples: number[] = [];
  let trace = NaN, stderr = NaN, converged = false;
  // Welford's running mean and variance.
  let mean = 0, m2 = 0;
  while (samples.length < maxProbes) {
    const z = probe(n);
    const s = dot(z, await hvp(z));
    samples.push(s);
    const m = samples.length;
    const delta = s - mean;
    mean += delta / m;
    m2 += delta * (s - mean);
    trace = mean;
    stderr = m > 1 ? Math.sqrt(m2 / (m - 1) / m) : NaN;
    converged = m > 1 && stderr <= tol * Math.abs(trace);
    if (tol > 0 && m >= minProbes && converged) break;
  }
  return { trace, stderr, probes: samples.length, converged, hvp_count: samples.length, samples };
}
