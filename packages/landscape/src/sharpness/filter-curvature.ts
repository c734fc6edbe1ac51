/**
 * Curvature in filter-normalised coordinates (Li et al. 2018): the Hessian seen along directions
 * scaled like the weights, so that rescaling a layer (Dinh et al. 2017) does not change it.
 *
 * A filter-normalised random direction has, for every output unit f (a filter of a conv layer, a
 * row of a dense weight), d_f = ‖w_f‖·z_f/‖z_f‖ with z Gaussian; biases and other tensors of one
 * dimension get 0. Then E[d dᵀ] = S² with S = diag(‖w_f‖/√m_f) (m_f the unit's size), so
 *   trace_filter      = mean over K directions of dᵀHd (the curvature of L(θ + t·d) at t = 0),
 *                       an unbiased estimate of tr(S H S), with its spread and standard error;
 *   lambda_max_filter = λmax(S H S), by Lanczos over v ↦ S·H·(S·v).
 * A function-preserving rescaling θ' = Tθ (T positive diagonal, constant per unit) has
 * H' = T⁻¹HT⁻¹ and S' = TS, so S'H'S' = SHS: both are unchanged, exactly.
 * see: Li, Xu, Taylor, Studer & Goldstein 2018; Dinh, Pascanu, Bengio & Bengio 2017.
 */
import type { Model } from '../models/model.js';
import { normalizeDirection } from '../directions/normalize.js';
import { randomDirection } from '../directions/random.js';
import type { Hvp } from '../hessian/operator.js';
import { lambdaMax, type LambdaMaxOptions, type LambdaMaxResult } from './lambda-max.js';

/** S: ‖w_f‖/√m_f for every entry of output unit f of a tensor with more than one dimension, 0 elsewhere. */
export function filterScales(model: Model): Float64Array {
  // the all-ones direction filter-normalised: each unit becomes ‖w_f‖/√m_f
  return Float64Array.from(normalizeDirection(new Float32Array(model.params.length).fill(1), model, { norm: 'filter', ignore: 'biasbn' }));
}

/** v ↦ S·H·(S·v). */
export function filterHvp(hvp: Hvp, s: Float64Array): Hvp {
  return async (v) => {
    const sv = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) sv[i] = s[i] * v[i];
    const h = await hvp(sv);
    const out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = s[i] * h[i];
    return out;
  };
}

export async function lambdaMaxFilter(hvp: Hvp, model: Model, o: LambdaMaxOptions = {}): Promise<LambdaMaxResult> {
  return lambdaMax(filterHvp(hvp, filterScales(model)), model.params.length, o);
}

export interface TraceFilterOptions {
  /** Random directions K (one HVP each). Default 20. */
  directions?: number;
  /** Seed of the first direction; direction k uses seed + k. Default 0. */
  seed?: number;
}

export interface TraceFilterResult {
  /** Mean curvature dᵀHd over the directions. */
  value: number;
  /** Their standard deviation (the spread between directions). */
  std: number;
  /** std/√K. */
  stderr: number;
  /** dᵀHd of every direction. */
  values: number[];
  directions: number;
  seed: number;
}

export async function traceFilter(hvp: Hvp, model: Model, o: TraceFilterOptions = {}): Promise<TraceFilterResult> {
  const K = o.directions ?? 20, seed = o.seed ?? 0;
  const values: number[] = [];
  for (let k = 0; k < K; k++) {
    const d = Float64Array.from(normalizeDirection(randomDirection(model.params.length, seed + k), model, { norm: 'filter', ignore: 'biasbn' }));
    const h = await hvp(d);
    let c = 0;
    for (let i = 0; i < d.length; i++) c += d[i] * h[i];
    values.push(c);
  }
  const mean = values.reduce((a, b) => a + b, 0) / K;
  const std = K > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (K - 1)) : NaN;
  return { value: mean, std, stderr: std / Math.sqrt(K), values, directions: K, seed };
}
