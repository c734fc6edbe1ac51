/**
 * Adaptive average-case sharpness:
 *   S_avg(θ, ρ) = E_δ[L(θ + δ)] − L(θ),  δ ~ N(0, ρ²·diag(θ²)),
 * by Monte Carlo over seeded draws δ = ρ·|θ| ⊙ z, with its standard error. Each draw scales with
 * its parameter, so a function-preserving rescaling of θ (with the same seed) gives the same value.
 * see: Andriushchenko, Croce, Müller, Hein & Flammarion 2023 (average-case adaptive sharpness).
 */
import { normal } from '../random.js';
import type { Objective } from './objective.js';

export interface AdaptiveAverageOptions {
  /** ρ: the perturbation's standard deviation relative to |θᵢ|. Default 0.01. */
  rho?: number;
  /** Monte Carlo draws (one full-data loss each). Default 20. */
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
  const rho = o.rho ?? 0.01, M = o.samples ?? 20, seed = o.seed ?? 0;
  const loss = o.loss ?? (await obj.loss(null)).loss;
  const g = normal(seed);
  const rises: number[] = [];
  for (let k = 0; k < M; k++) {
    const delta = Float64Array.from(obj.theta, (t) => rho * Math.abs(t) * g());
    rises.push((await obj.loss(delta)).loss - loss);
  }
  const mean = rises.reduce((a, b) => a + b, 0) / M;
  const sd = M > 1 ? Math.sqrt(rises.reduce((a, b) => a + (b - mean) ** 2, 0) / (M - 1)) : NaN;
  return { value: mean, stderr: sd / Math.sqrt(M), rho, samples: M, seed };
}
