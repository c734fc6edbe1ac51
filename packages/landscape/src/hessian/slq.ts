/**
 * Spectral density of the Hessian by stochastic Lanczos quadrature: for each of `runs` random
 * unit vectors v, m Lanczos steps (full reorthogonalisation) give T = V·diag(θ)·Vᵀ, and the Gauss
 * quadrature nodes θₖ with weights τₖ = V[0,k]² approximate the spectral measure vᵀ·δ(H − x)·v,
 * whose expectation is (1/n)·Σ δ(x − λᵢ). The density is the average over runs, smoothed by a
 * Gaussian kernel (PyHessian's width), on a grid. The negative fraction counts nodes below −τ, τ
 * the quadrature's resolution at 0, with its near-zero mass, standard error and a 95 % interval
 * (negative.ts explains why weight on negative nodes alone is biased).
 * see: Ghorbani, Krishnan & Xiao 2019, "An Investigation into Neural Net Optimization via Hessian
 *      Eigenvalue Density"; Ubaru, Chen & Saad 2017; Golub & Welsch 1969; Yao et al. 2020 (PyHessian).
 */
import type { Hvp } from './operator.js';
import { lanczosTridiagonal } from './lanczos.js';
import { gaussRule, negativeFractions, negThresholdOf, type NegativeFractions } from './negative.js';
import { densityGrid, kernelVariance, smoothDensity, type DensityGrid } from './density.js';
import { rademacher } from './vector.js';

export interface SlqOptions {
  /** Independent start vectors (Rademacher, normalised). Default 5. */
  runs?: number;
  /** Lanczos steps (HVPs) per run. Default 90 (PyHessian uses 100, pytorch-hessian-eigenthings 80). */
  steps?: number;
  /**
   * Kernel variance relative to the spectral range, as in PyHessian: σ² = sigmaSquared·max(1,
   * θmax − θmin) over all nodes. Default 1e-5.
   */
  sigmaSquared?: number;
  /** Grid cells. Default 1000. */
  gridSize?: number;
  /**
   * τ, the threshold of `neg_fraction` and `near_zero_fraction`, is never below negTol·max|θ|
   * (float32 products do not resolve eigenvalues below ~1e-6·‖H‖). Default 1e-5.
   */
  negTol?: number;
  /** τ (absolute) instead of the quadrature's resolution at 0, e.g. to ask for a fixed threshold. */
  negThreshold?: number;
  /** Seed of the start vectors. Default 0. */
  seed?: number;
}

export interface SlqRun {
  /** Ritz values θₖ of the run, ascending. */
  nodes: number[];
  /** Quadrature weights τₖ (sum to 1). */
  weights: number[];
  /** Ritz residuals ‖H·yₖ − θₖ·yₖ‖: the spread of the eigenvalues each node stands for. */
  residuals: number[];
  /** The Krylov space was invariant (breakdown or n steps): nodes and weights are vᵀ·δ(H − x)·v exactly. */
  exact: boolean;
}

export interface SlqResult extends NegativeFractions {
  /** Smoothed density: y integrates to ≈ 1 over x. */
  density: DensityGrid;
  /** Kernel variance σ² actually used (absolute). */
  variance: number;
  runs: SlqRun[];
  hvp_count: number;
}

export async function slq(hvp: Hvp, n: number, options: SlqOptions = {}): Promise<SlqResult> {
  const runs = options.runs ?? 5;
  const steps = options.steps ?? 90;
  const sigmaSquared = options.sigmaSquared ?? 1e-5;
  const gridSize = options.gridSize ?? 1000;
  const negTol = options.negTol ?? 1e-5;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`invalid n: ${n}`);
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`invalid runs: ${options.runs}`);
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`invalid steps: ${options.steps}`);
  if (!(sigmaSquared > 0)) throw new RangeError(`invalid sigmaSquared: ${options.sigmaSquared}`);
  if (!Number.isInteger(gridSize) || gridSize < 2) throw new RangeError(`invalid gridSize: ${options.gridSize}`);
  if (!(negTol >= 0)) throw new RangeError(`invalid negTol: ${options.negTol}`);
  if (options.negThreshold !== undefined && !(options.negThreshold >= 0 && Number.isFinite(options.negThreshold))) throw new RangeError(`invalid negThreshold: ${options.negThreshold}`);
  const probe = rademacher(options.seed ?? 0);
  const out: SlqRun[] = [];
  let hvp_count = 0;
  for (let r = 0; r < runs; r++) {
    const v = probe(n).map((x) => x / Math.sqrt(n));
    const t = await lanczosTridiagonal(hvp, v, steps);
    hvp_count += t.alpha.length;
    out.push({ ...gaussRule(t.alpha, t.beta, t.beta_last), exact: t.beta_last === 0 });
  }
  const tau = options.negThreshold ?? negThresholdOf(out, negTol);
  return { ...slqDensity(out, { sigmaSquared, gridSize }), ...negativeFractions(out, tau), runs: out, hvp_count };
}

/** The smoothed, run-averaged density of quadrature runs (or of exact eigenvalues as one run of weights 1/n). */
export function slqDensity(runs: readonly Pick<SlqRun, 'nodes' | 'weights'>[], options: { sigmaSquared?: number; variance?: number; gridSize?: number; range?: [number, number] } = {}): { density: DensityGrid; variance: number } {
  const nodes = runs.flatMap((r) => r.nodes);
  const weights = runs.flatMap((r) => r.weights.map((w) => w / runs.length));
  let lo = Infinity, hi = -Infinity;
  for (const t of nodes) {
    lo = Math.min(lo, t);
    hi = Math.max(hi, t);
  }
  if (options.range) [lo, hi] = options.range;
  const variance = options.variance ?? kernelVariance(options.sigmaSquared ?? 1e-5, lo, hi);
  const { edges, x } = densityGrid(lo, hi, variance, options.gridSize ?? 1000);
  return { density: { x, y: smoothDensity(nodes, weights, variance, edges) }, variance };
}
