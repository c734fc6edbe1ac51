/**
 * The options of the sharpness measures as job options (flags), shared by the kinds that measure
 * (`sharpness`, `reparam`, `study`), and their translation into the library's SharpnessOptions.
 */
import { z } from 'zod';
import { SHARPNESS_MEASURES, type SharpnessMeasure, type SharpnessOptions } from '../sharpness/sharpness.js';
import { choice, int, list, num } from './options.js';

export const measureOptions = {
  eps: list('number', { default: [1e-3, 5e-4], min: 1e-12, max: 10, maxItems: 20, placeholder: 'E,…', help: "ε of Keskar's ε-sharpness, one value each (default 1e-3,5e-4)" }),
  subspace: int({ default: 0, min: 0, max: 100_000, placeholder: 'P', help: 'ε-sharpness in a random P-dimensional subspace (default 0: the full space)' }),
  rho: num({ default: 0.1, gt: 0, max: 1e3, placeholder: 'R', help: 'radius of adaptive worst-case sharpness, ‖δ/|θ|‖₂ ≤ R (default 0.1)' }),
  rho_average: num({ default: 0.05, gt: 0, max: 1e3, placeholder: 'R', help: 'noise of adaptive average-case sharpness, δ ~ N(0, R²θ²) (default 0.05)' }),
  max_iter: int({ default: 100, min: 1, max: 10_000, help: 'most Lanczos steps of λmax (default 100)' }),
  tol: num({ default: 1e-3, gt: 0, lt: 1, help: 'relative residual of a converged λmax (default 1e-3)' }),
  probes: int({ default: 30, min: 2, max: 100_000, help: 'Hutchinson probes of the trace (default 30)' }),
  directions: int({ default: 20, min: 2, max: 100_000, help: 'filter-normalised directions of trace_filter (default 20)' }),
  ascent_iter: int({ default: 20, min: 1, max: 10_000, help: 'ascent steps of the worst-case measures (default 20)' }),
  restarts: int({ default: 2, min: 0, max: 1000, help: 'random starts of adaptive worst case besides δ = 0 (default 2)' }),
  mc_samples: int({ default: 20, min: 2, max: 100_000, help: 'Monte Carlo draws of adaptive average case (default 20)' }),
  pac_target: num({ default: 0.1, gt: 0, max: 1e6, placeholder: 'T', help: 'PAC-Bayes: the allowed rise of the loss (or error) (default 0.1)' }),
  pac_metric: choice(['loss', 'error'] as const, { default: 'loss', help: 'PAC-Bayes: the rise in loss (default) or in error, 1 − accuracy (Jiang et al.)' }),
  pac_samples: int({ default: 10, min: 2, max: 100_000, help: 'PAC-Bayes: Monte Carlo draws per σ (default 10)' }),
  pac_depth: int({ default: 15, min: 1, max: 60, help: 'PAC-Bayes: bisection steps (default 15)' }),
  mag_eps: num({ default: 1e-3, min: 0, max: 1, help: 'PAC-Bayes magnitude-aware: ε of the noise σ²θ² + ε² (default 1e-3)' }),
};

/** `--measures a,b`: which measures (default: every one). */
export const measuresOption = (defaults: readonly SharpnessMeasure[] = SHARPNESS_MEASURES) =>
  list('string', { default: [...defaults], choices: SHARPNESS_MEASURES, maxItems: SHARPNESS_MEASURES.length, placeholder: 'M,…', help: `which measures: ${SHARPNESS_MEASURES.join(', ')} (default ${defaults.length === SHARPNESS_MEASURES.length ? 'all' : defaults.join(',')})` });

type MeasureOptionValues = { [K in keyof typeof measureOptions]: z.output<(typeof measureOptions)[K]['schema']> };

/** Job options (snake_case) → the library's options. */
export function sharpnessOptionsOf(o: MeasureOptionValues & { measures: string[] }, seed: number): SharpnessOptions {
  return {
    measures: o.measures as SharpnessMeasure[],
    seed,
    eps: o.eps,
    subspace: o.subspace,
    rho: o.rho,
    rhoAverage: o.rho_average,
    lanczosIter: o.max_iter,
    tol: o.tol,
    probes: o.probes,
    directions: o.directions,
    ascentIter: o.ascent_iter,
    restarts: o.restarts,
    samples: o.mc_samples,
    pacTarget: o.pac_target,
    pacMetric: o.pac_metric,
    pacSamples: o.pac_samples,
    pacDepth: o.pac_depth,
    magEps: o.mag_eps,
  };
}

/** The result fields of a sharpness measurement (sharpness kind, reparam's before/after, study runs). */
const counts = z.object({ forward_passes: z.number().int(), gradients: z.number().int(), hvps: z.number().int() }).strict();
const detail = z.looseObject({ value: z.number().nullable(), noise: z.number().nullable(), seed: z.number().int() });
export const measurementShape = {
  loss: z.number().nullable(),
  accuracy: z.number().nullable(),
  lambda_max: z.number().nullable(),
  trace: z.number().nullable(),
  lambda_max_filter: z.number().nullable(),
  trace_filter: z.number().nullable(),
  eps_sharpness: z.record(z.string(), z.number().nullable()).nullable(),
  adaptive_worst: z.number().nullable(),
  adaptive_average: z.number().nullable(),
  pac_bayes_sigma: z.number().nullable(),
  pac_bayes_sigma_mag: z.number().nullable(),
  details: z.object({
    ...Object.fromEntries(SHARPNESS_MEASURES.filter((m) => m !== 'eps_sharpness').map((m) => [m, detail.optional()])),
    eps_sharpness: z.record(z.string(), detail).optional(),
  }).strict(),
  counts: z.record(z.string(), counts),
};
