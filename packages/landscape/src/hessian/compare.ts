/**
 * How far each estimator is from the truth, given an exact spectrum: Lanczos Ritz values against
 * the matching exact eigenvalues, trace estimates in units of their own standard errors, and the
 * SLQ density against the exact eigenvalues smoothed with the same kernel on the same grid.
 */
import type { ExactSpectrumResult } from './exact.js';
import type { HutchinsonResult } from './hutchinson.js';
import type { HutchppResult } from './hutchpp.js';
import type { LanczosResult } from './lanczos.js';
import { exactFractions } from './negative.js';
import { slqDensity, type SlqResult } from './slq.js';

export interface CompareEstimatorsOptions {
  /**
   * Kernel variance for the density comparison (absolute). Default: the SLQ result's own. A
   * narrow kernel compares spike trains, so m ≪ n nodes are far from n eigenvalues in L1 however
   * good the quadrature; a wider one compares shapes.
   */
  variance?: number;
  /** Grid cells for the density comparison. Default: as many as the SLQ result has. */
  gridSize?: number;
}

export interface TraceComparison {
  estimate: number;
  truth: number;
  error: number;
  relative_error: number;
  /** |error| / stderr: within 2–3 for an honest error bar. */
  standard_errors: number;
}

export interface EstimatorComparison {
  lanczos?: {
    which: LanczosResult['which'];
    /** The exact eigenvalues the Ritz values approximate, in the same order. */
    truth: number[];
    /** |θᵢ − λᵢ| / max|λ|. */
    relative_errors: number[];
    max_relative_error: number;
  };
  hutchinson?: TraceComparison;
  hutchpp?: TraceComparison;
  slq?: {
    /** ∫|ρ_SLQ − ρ_exact| dx over the grid, in [0, 2]. */
    l1: number;
    variance: number;
    /** Against the exact eigenvalues below −τ, τ = the SLQ result's neg_threshold. */
    neg_fraction: {
      estimate: number;
      truth: number;
      error: number;
      /** |error| / the estimate's stderr (null for one run). */
      standard_errors: number | null;
      /** truth ∈ neg_fraction_bounds (null for one run). */
      within_bounds: boolean | null;
    };
    /** Against the exact eigenvalues with |λ| ≤ τ. */
    near_zero_fraction: { estimate: number; truth: number; error: number };
  };
}

export function compareEstimators(exact: ExactSpectrumResult, estimates: { lanczos?: LanczosResult; hutchinson?: HutchinsonResult; hutchpp?: HutchppResult; slq?: SlqResult }, options: CompareEstimatorsOptions = {}): EstimatorComparison {
  const out: EstimatorComparison = {};
  const lambda = exact.eigenvalues;
  const n = lambda.length;
  const scale = Math.max(Math.abs(lambda[0]), Math.abs(lambda[n - 1]));
  const { lanczos, hutchinson, hutchpp, slq } = estimates;
  if (lanczos) {
    let sorted = Array.from(lambda);
    if (lanczos.which === 'smallest') sorted.reverse();
    if (lanczos.which === 'magnitude') sorted = sorted.sort((a, b) => Math.abs(b) - Math.abs(a));
    const truth = sorted.slice(0, lanczos.eigenvalues.length);
    const relative_errors = lanczos.eigenvalues.map((e, i) => Math.abs(e - truth[i]) / scale);
    out.lanczos = { which: lanczos.which, truth, relative_errors, max_relative_error: Math.max(...relative_errors) };
  }
  const trace = (r: { trace: number; stderr: number }): TraceComparison => {
    const error = r.trace - exact.trace;
    return { estimate: r.trace, truth: exact.trace, error, relative_error: Math.abs(error) / Math.abs(exact.trace), standard_errors: Math.abs(error) / r.stderr };
  };
  if (hutchinson) out.hutchinson = trace(hutchinson);
  if (hutchpp) out.hutchpp = trace(hutchpp);
  if (slq) {
    const x = slq.density.x;
    const h = x[1] - x[0];
    const gridSize = options.gridSize ?? x.length;
    // One grid for both: the SLQ grid's span, which covers every node ± 5σ.
    const variance = options.variance ?? slq.variance;
    const pad = 5 * Math.sqrt(variance);
    const lo = Math.min(x[0] - h / 2, lambda[n - 1] - pad) + pad;
    const hi = Math.max(x[x.length - 1] + h / 2, lambda[0] + pad) - pad;
    const est = slqDensity(slq.runs, { variance, gridSize, range: [lo, hi] }).density;
    const truth = slqDensity([{ nodes: Array.from(lambda), weights: new Array<number>(n).fill(1 / n) }], { variance, gridSize, range: [lo, hi] }).density;
    const dx = est.x[1] - est.x[0];
    let l1 = 0;
    for (let i = 0; i < est.y.length; i++) l1 += Math.abs(est.y[i] - truth.y[i]) * dx;
    const truthAt = exactFractions(lambda, slq.neg_threshold);
    const error = slq.neg_fraction - truthAt.neg_fraction;
    const bounds = slq.neg_fraction_bounds;
    out.slq = {
      l1,
      variance,
      neg_fraction: {
        estimate: slq.neg_fraction,
        truth: truthAt.neg_fraction,
        error,
        standard_errors: slq.neg_fraction_stderr === null ? null : Math.abs(error) / slq.neg_fraction_stderr,
        within_bounds: bounds === null ? null : bounds[0] <= truthAt.neg_fraction && truthAt.neg_fraction <= bounds[1],
      },
      near_zero_fraction: { estimate: slq.near_zero_fraction, truth: truthAt.near_zero_fraction, error: slq.near_zero_fraction - truthAt.near_zero_fraction },
    };
  }
  return out;
}
