/**
 * Adaptive average-case sharpness:
 *   S_avg(θ, ρ) = E_δ[L(θ + δ)] − L(θ),  δ ~ N(0, ρ²·diag(θ²)),
 * by Monte Carlo over seeded draws δ = ρ·|θ| ⊙ z taken in antithetic pairs ±δ — the pair's mean
 * ½(L(θ + δ) + L(θ − δ)) − L(θ) has the same expectation without the first-order term gᵀδ, whose
 * spread would otherwise swamp the second-order rise — with the standard error over the pairs. Each
 * draw scales with its parameter, so a function-preserving rescaling of θ (with the same seed)
 * gives the same value.
 * see: Andriushchenko, Croce, Müller, Hein & Flammarion 2023 (average-case adaptive sharpness).
 */
import { normal } from '../random.js';
import type { Objective } from './objective.js';

export interface AdaptiveAverageOptions {
  /** ρ: the perturbation's standard deviation relative to |θᵢ|. Default 0.05. */
  rho?: number;
  /** Monte Carlo draws, each an antithetic pair (two full-data losses). Default 20. */
  samples?: number;
  seed?: number;
  /** L(θ), when known. */
  loss?: number;
}

export interface AdaptiveAverageResult {
  value: number;
  stderr: number;
  rho: number;
  samples: number;
  seed: number;
}

export async function adaptiveAverage(obj: Objective, o: AdaptiveAverageOptions = {}): Promise<AdaptiveAverageResult> {
  const rho = o.rho ?? 0.05, M = o.samples ?? 20, seed = o.seed ?? 0;
  const loss = o.loss ?? (await obj.loss(null)).loss;
  const g = normal(seed);
  const rises: number[] = [];
  for (let k = 0; k < M; k++) {
    const delta = Float64Array.from(obj.theta, (t) => rho * Math.abs(t) * g());
    const plus = (await obj.loss(delta)).loss;
    const minus = (await obj.loss(delta.map((v) => -v))).loss;
    rises.push((plus + minus) / 2 - loss);
  }
  const mean = rises.reduce((a, b) => a + b, 0) / M;
  const sd = M > 1 ? Math.sqrt(rises.reduce((a, b) => a + (b - mean) ** 2, 0) / (M - 1)) : NaN;
  return { value: mean, stderr: sd / Math.sqrt(M), rho, samples: M, seed };
}
