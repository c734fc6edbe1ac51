/**
 * PAC-Bayes flatness (Jiang et al. 2020, "Fantastic generalization measures and where to find
 * them", §C): the largest σ for which Gaussian noise on the weights raises the loss by at most a
 * target,
 *   σ* = max {σ : E_u[L(θ + u)] − L(θ) ≤ target},  u ~ N(0, σ²·I),
 * and the magnitude-aware variant with uᵢ ~ N(0, σ²θᵢ² + ε²). The expectation is a Monte Carlo
 * mean over M seeded draws in antithetic pairs ±u (which removes the first-order term's spread and
 * keeps the expectation), the same draws z for every σ (common random numbers: u = s(σ) ⊙ z), so
 * the estimated rise is a fixed function of σ; σ* is found by doubling to a bracket and bisection. `metric: 'error'` measures the rise in classification error (1 − accuracy) instead,
 * as Jiang et al. do (their target is 0.1).
 */
import { normal } from '../random.js';
import type { Objective } from './objective.js';

export interface PacBayesOptions {
  /** Allowed rise of the metric. Default 0.1. */
  target?: number;
  /** 'loss' (default) or 'error' (1 − accuracy; classification only). */
  metric?: 'loss' | 'error';
  /** Monte Carlo draws per σ, each an antithetic pair (two full-data losses). Default 10. */
  samples?: number;
  /** Bisection steps after the bracket is found. Default 15. */
  depth?: number;
  /** Magnitude-aware noise σ²θᵢ² + ε². Default false. */
  magnitude?: boolean;
  /** ε of the magnitude-aware variant. Default 1e-3. */
  magEps?: number;
  seed?: number;
  /** First σ tried. Default 0.01 (magnitude-aware: 0.1). */
  sigma0?: number;
  /** L(θ) and accuracy, when known. */
  base?: { loss: number; accuracy: number | null };
}

export interface PacBayesResult {
  /** σ*: the largest σ found whose rise is within the target (0 when none is). */
  value: number;
  /** [σ*, the smallest σ found above the target]. */
  bracket: [number, number];
  /** The estimated rise at σ* and its standard error over the draws. */
  rise: number;
  rise_stderr: number;
  /** The uncertainty of σ*: half the bracket and the draws' error, σ·stderr/(2·target), combined. */
  noise: number;
  target: number;
  metric: 'loss' | 'error';
  magnitude: boolean;
  samples: number;
  /** σ values evaluated. */
  evaluations: number;
  seed: number;
}

export async function pacBayesSigma(obj: Objective, o: PacBayesOptions = {}): Promise<PacBayesResult> {
  const target = o.target ?? 0.1, metric = o.metric ?? 'loss', M = o.samples ?? 10, depth = o.depth ?? 15;
  const magnitude = o.magnitude ?? false, magEps = o.magEps ?? 1e-3, seed = o.seed ?? 0;
  const base = o.base ?? (await obj.loss(null));
  if (metric === 'error' && base.accuracy === null) throw new RangeError('metric error needs a classification model (the loss is mse)');
  const value = (r: { loss: number; accuracy: number | null }) => (metric === 'loss' ? r.loss : 1 - r.accuracy!);
  const at0 = value(base);
  let evaluations = 0;
  /** The mean rise over the draws at σ, and its standard error. */
  const rise = async (sigma: number): Promise<{ mean: number; stderr: number }> => {
    evaluations++;
    const g = normal(seed);
    const rises: number[] = [];
    for (let k = 0; k < M; k++) {
      const u = Float64Array.from(obj.theta, (t) => (magnitude ? Math.sqrt(sigma * sigma * t * t + magEps * magEps) : sigma) * g());
      const plus = value(await obj.loss(u));
      const minus = value(await obj.loss(u.map((v) => -v)));
      rises.push((plus + minus) / 2 - at0);
    }
    const mean = rises.reduce((a, b) => a + b, 0) / M;
    const sd = M > 1 ? Math.sqrt(rises.reduce((a, b) => a + (b - mean) ** 2, 0) / (M - 1)) : NaN;
    return { mean, stderr: sd / Math.sqrt(M) };
  };
  // bracket [lo, hi]: rise(lo) ≤ target < rise(hi)
  let lo = 0, hi = o.sigma0 ?? (magnitude ? 0.1 : 0.01);
  let atLo = { mean: 0, stderr: 0 };
  let atHi = await rise(hi);
  for (let k = 0; atHi.mean <= target && k < 60; k++) {
    lo = hi;
    atLo = atHi;
    hi *= 2;
    atHi = await rise(hi);
  }
  if (atHi.mean <= target) throw new RangeError(`no σ up to ${hi} raises the ${metric} by ${target}`);
  if (lo === 0) {
    for (let k = 0; k < 60; k++) {
      const mid = hi / 2;
      const r = await rise(mid);
      if (r.mean <= target) {
        lo = mid;
        atLo = r;
        break;
      }
      hi = mid;
      atHi = r;
    }
  }
  if (lo === 0) atLo = await rise(0);
  for (let k = 0; k < depth && lo > 0; k++) {
    const mid = (lo + hi) / 2;
    const r = await rise(mid);
    if (r.mean <= target) {
      lo = mid;
      atLo = r;
    } else hi = mid;
  }
  const fromDraws = lo > 0 ? (lo * atLo.stderr) / (2 * target) : 0;
  return {
    value: lo,
    bracket: [lo, hi],
    rise: atLo.mean,
    rise_stderr: atLo.stderr,
    noise: Math.hypot((hi - lo) / 2, fromDraws),
    target,
    metric,
    magnitude,
    samples: M,
    evaluations,
    seed,
  };
}
