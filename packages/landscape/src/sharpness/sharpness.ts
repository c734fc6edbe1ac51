/**
 * Every sharpness measure of a model at θ on the data resident in a backend, or a chosen subset:
 * the Hessian's λmax and trace and their filter-normalised counterparts, Keskar's ε-sharpness for
 * each ε, adaptive worst- and average-case sharpness, and the PAC-Bayes σ (plain and
 * magnitude-aware). Each reports its parameters, seed, noise (the uncertainty of its value: a
 * standard error, a Ritz residual, a bisection bracket, or the ascent's last increase) and the
 * work it took. Browser-safe: it only talks to a Backend.
 */
import type { Backend } from '../backend/backend.js';
import type { Model } from '../models/model.js';
import { NnllInputError } from '../errors.js';
import { countsSince, MeasureAborted, objective, type Counts } from './objective.js';
import { lambdaMax } from './lambda-max.js';
import { hessianTrace } from './trace.js';
import { lambdaMaxFilter, traceFilter } from './filter-curvature.js';
import { epsSharpness } from './eps-sharpness.js';
import { adaptiveWorst } from './adaptive-worst.js';
import { adaptiveAverage } from './adaptive-average.js';
import { pacBayesSigma } from './pac-bayes.js';

export const SHARPNESS_MEASURES = [
  'lambda_max', 'trace', 'lambda_max_filter', 'trace_filter', 'eps_sharpness',
  'adaptive_worst', 'adaptive_average', 'pac_bayes_sigma', 'pac_bayes_sigma_mag',
] as const;
export type SharpnessMeasure = (typeof SHARPNESS_MEASURES)[number];

export class SharpnessError extends NnllInputError {
  override name = 'SharpnessError';
}

export interface SharpnessOptions {
  /** Which measures (default all). */
  measures?: readonly SharpnessMeasure[];
  /** Seed of every random draw (start vectors, probes, directions, starts, noise). Default 0. */
  seed?: number;
  /** Lanczos steps for λmax (and λmax_filter). Default 100. */
  lanczosIter?: number;
  /** Lanczos tolerance (residual/|λ|). Default 1e-3. */
  tol?: number;
  /** Hutchinson probes for the trace. Default 30. */
  probes?: number;
  /** Filter-normalised directions for trace_filter. Default 20. */
  directions?: number;
  /** ε values of the ε-sharpness. Default [1e-3, 5e-4] (Keskar et al.). */
  eps?: readonly number[];
  /** Random subspace dimension of the ε-sharpness; 0 (default) the full space. */
  subspace?: number;
  /** Ascent steps of the worst-case measures. Default 20. */
  ascentIter?: number;
  /** Random starts of the adaptive worst case besides u = 0. Default 2. */
  restarts?: number;
  /** ρ of adaptive worst-case sharpness. Default 0.1. */
  rho?: number;
  /** ρ of adaptive average-case sharpness (noise std relative to |θᵢ|). Default 0.05. */
  rhoAverage?: number;
  /** Monte Carlo draws of the adaptive average. Default 20. */
  samples?: number;
  /** PAC-Bayes: allowed rise (default 0.1), metric (default 'loss'), draws per σ (default 10), bisection steps (default 15), ε of the magnitude-aware noise (default 1e-3). */
  pacTarget?: number;
  pacMetric?: 'loss' | 'error';
  pacSamples?: number;
  pacDepth?: number;
  magEps?: number;
  signal?: AbortSignal;
  /** Called before each measure (and once at the end with done = total). */
  onMeasure?: (name: SharpnessMeasure | 'done', done: number, total: number) => void;
}

/** One measure's record: its value, its noise (absolute), its parameters and seed. */
export interface MeasureDetail {
  value: number;
  noise: number;
  seed: number;
  /** Monte Carlo estimates: the standard error. */
  stderr?: number;
  [parameter: string]: unknown;
}

export interface SharpnessResult {
  loss: number;
  accuracy: number | null;
  lambda_max: number | null;
  trace: number | null;
  lambda_max_filter: number | null;
  trace_filter: number | null;
  /** Keyed by ε as written (`"0.001"`). */
  eps_sharpness: Record<string, number> | null;
  adaptive_worst: number | null;
  adaptive_average: number | null;
  pac_bayes_sigma: number | null;
  pac_bayes_sigma_mag: number | null;
  /** Per measure (ε-sharpness: per ε). */
  details: { [K in Exclude<SharpnessMeasure, 'eps_sharpness'>]?: MeasureDetail } & { eps_sharpness?: Record<string, MeasureDetail> };
  /** The work of each measure (`loss`: the evaluation at θ). */
  counts: Partial<Record<SharpnessMeasure | 'loss', Counts>>;
  /** False when cancelled: the measures not reached are null. */
  complete: boolean;
}

export const epsKey = (eps: number): string => String(eps);

export async function sharpness(backend: Backend, model: Model, options: SharpnessOptions = {}): Promise<SharpnessResult> {
  const measures = options.measures ?? SHARPNESS_MEASURES;
  for (const m of measures) if (!SHARPNESS_MEASURES.includes(m)) throw new SharpnessError(`invalid measure: ${JSON.stringify(m)} (${SHARPNESS_MEASURES.join(', ')})`);
  if (backend.paramCount !== model.params.length) throw new SharpnessError(`the backend has ${backend.paramCount} parameters, the model ${model.params.length}`);
  const seed = options.seed ?? 0;
  const obj = objective(backend, model.params, options.signal);
  const base = await obj.loss(null);
  if (options.pacMetric === 'error' && base.accuracy === null && measures.some((m) => m.startsWith('pac_bayes'))) throw new SharpnessError('invalid pac metric: "error" (a regression model has no accuracy; use loss)');
  const out: SharpnessResult = {
    loss: base.loss, accuracy: base.accuracy,
    lambda_max: null, trace: null, lambda_max_filter: null, trace_filter: null, eps_sharpness: null,
    adaptive_worst: null, adaptive_average: null, pac_bayes_sigma: null, pac_bayes_sigma_mag: null,
    details: {}, counts: { loss: obj.counts() }, complete: true,
  };
  const hvp = (v: Float64Array) => obj.hvp(v);
  const lz = { maxIter: options.lanczosIter ?? 100, tol: options.tol ?? 1e-3, seed };
  const ascent = { maxIter: options.ascentIter ?? 20, seed };
  const pac = { target: options.pacTarget ?? 0.1, metric: options.pacMetric ?? 'loss', samples: options.pacSamples ?? 10, depth: options.pacDepth ?? 15, magEps: options.magEps ?? 1e-3, seed, base };
  const ordered = SHARPNESS_MEASURES.filter((m) => measures.includes(m));
  try {
    for (const [k, m] of ordered.entries()) {
      options.onMeasure?.(m, k, ordered.length);
      const before = obj.counts();
      switch (m) {
        case 'lambda_max': {
          const r = await lambdaMax(hvp, obj.n, lz);
          out.lambda_max = r.value;
          out.details.lambda_max = { value: r.value, noise: r.residual, residual: r.residual, converged: r.converged, max_iter: lz.maxIter, tol: lz.tol, seed };
          break;
        }
        case 'trace': {
          const r = await hessianTrace(hvp, obj.n, { probes: options.probes ?? 30, seed });
          out.trace = r.value;
          out.details.trace = { value: r.value, noise: r.stderr, stderr: r.stderr, probes: r.probes, seed };
          break;
        }
        case 'lambda_max_filter': {
          const r = await lambdaMaxFilter(hvp, model, lz);
          out.lambda_max_filter = r.value;
          out.details.lambda_max_filter = { value: r.value, noise: r.residual, residual: r.residual, converged: r.converged, max_iter: lz.maxIter, tol: lz.tol, seed };
          break;
        }
        case 'trace_filter': {
          const r = await traceFilter(hvp, model, { directions: options.directions ?? 20, seed });
          out.trace_filter = r.value;
          out.details.trace_filter = { value: r.value, noise: r.stderr, std: r.std, stderr: r.stderr, directions: r.directions, values: r.values, seed };
          break;
        }
        case 'eps_sharpness': {
          const values: Record<string, number> = {};
          const details: Record<string, MeasureDetail> = {};
          for (const eps of options.eps ?? [1e-3, 5e-4]) {
            const r = await epsSharpness(obj, { ...ascent, eps, subspace: options.subspace ?? 0, loss: base.loss });
            values[epsKey(eps)] = r.value;
            details[epsKey(eps)] = { value: r.value, noise: r.noise, eps, subspace: r.subspace, max_loss: r.max_loss, iterations: r.iterations, converged: r.converged, max_iter: ascent.maxIter, seed };
          }
          out.eps_sharpness = values;
          out.details.eps_sharpness = details;
          break;
        }
        case 'adaptive_worst': {
          const r = await adaptiveWorst(obj, { ...ascent, rho: options.rho ?? 0.1, restarts: options.restarts ?? 2, loss: base.loss });
          out.adaptive_worst = r.value;
          out.details.adaptive_worst = { value: r.value, noise: r.noise, rho: r.rho, starts: r.starts, iterations: r.iterations, converged: r.converged, max_iter: ascent.maxIter, seed };
          break;
        }
        case 'adaptive_average': {
          const r = await adaptiveAverage(obj, { rho: options.rhoAverage ?? 0.05, samples: options.samples ?? 20, seed, loss: base.loss });
          out.adaptive_average = r.value;
          out.details.adaptive_average = { value: r.value, noise: r.stderr, stderr: r.stderr, rho: r.rho, samples: r.samples, seed };
          break;
        }
        case 'pac_bayes_sigma':
        case 'pac_bayes_sigma_mag': {
          const r = await pacBayesSigma(obj, { ...pac, magnitude: m === 'pac_bayes_sigma_mag' });
          out[m] = r.value;
          out.details[m] = { value: r.value, noise: r.noise, bracket: r.bracket, rise: r.rise, rise_stderr: r.rise_stderr, target: r.target, metric: r.metric, samples: r.samples, depth: pac.depth, evaluations: r.evaluations, ...(r.magnitude ? { mag_eps: pac.magEps } : {}), seed };
          break;
        }
      }
      out.counts[m] = countsSince(obj.counts(), before);
    }
  } catch (e) {
    if (!(e instanceof MeasureAborted)) throw e;
    out.complete = false;
  } finally {
    await obj.restore();
  }
  options.onMeasure?.('done', ordered.length, ordered.length);
  return out;
}

/** Every value of a result with its noise, one entry per ε: `[{name, value, noise}]` (`eps_sharpness(0.001)`). */
export function measureValues(r: Pick<SharpnessResult, 'details'>): { name: string; value: number; noise: number }[] {
  const rows: { name: string; value: number; noise: number }[] = [];
  for (const m of SHARPNESS_MEASURES) {
    if (m === 'eps_sharpness') {
      for (const [eps, e] of Object.entries(r.details.eps_sharpness ?? {})) rows.push({ name: `eps_sharpness(${eps})`, value: e.value, noise: e.noise });
      continue;
    }
    const d = r.details[m];
    if (d) rows.push({ name: m, value: d.value, noise: d.noise });
  }
  return rows;
}
