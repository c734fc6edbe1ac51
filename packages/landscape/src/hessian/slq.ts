/**
 * Spectral density of the Hessian by stochastic Lanczos quadrature: for each of `runs` random
 * unit vectors v, m Lanczos steps (full reorthogonalisation) give T = V·diag(θ)·Vᵀ, and the Gauss
 * quadrature nodes θₖ with weights τₖ = V[0,k]² approximate the spectral measure vᵀ·δ(H − x)·v,
 * whose expectation is (1/n)·Σ δ(x − λᵢ). The density is the average over runs, smoothed by a
 * Gaussian kernel (PyHessian's width), on a grid.
 * see: Ghorbani, Krishnan & Xiao 2019, "An Investigation into Neural Net Optimization via Hessian
 *      Eigenvalue Density"; Ubaru, Chen & Saad 2017; Golub & Welsch 1969; Yao et al. 2020 (PyHessian).
 */
import type { Hvp } from './operator.js';
import { lanczosTridiagonal } from './lanczos.js';
import { tridiagonalEigen } from './tridiagonal.js';
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
  /** Nodes below −negTol·max|θ| count as negative in `neg_fraction` (as in exact mode). Default 1e-6. */
  negTol?: number;
  /** Seed of the start vectors. Default 0. */
  seed?: number;
}

export interface SlqRun {
  /** Ritz values θₖ of the run, ascending. */
  nodes: number[];
  /** Quadrature weights τₖ (sum to 1). */
  weights: number[];
}

export interface SlqResult {
  /** Smoothed density: y integrates to ≈ 1 over x. */
  density: DensityGrid;
  /** Kernel variance σ² actually used (absolute). */
  variance: number;
  /** Estimated fraction of eigenvalues < 0: mean over runs of the weight on negative nodes. */
  neg_fraction: number;
  runs: SlqRun[];
  hvp_count: number;
}

export async function slq(hvp: Hvp, n: number, options: SlqOptions = {}): Promise<SlqResult> {
  const runs = options.runs ?? 5;
  const steps = options.steps ?? 90;
  const sigmaSquared = options.sigmaSquared ?? 1e-5;
  const gridSize = options.gridSize ?? 1000;
  const negTol = options.negTol ?? 1e-6;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`invalid n: ${n}`);
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`invalid runs: ${options.runs}`);
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`invalid steps: ${options.steps}`);
  if (!(sigmaSquared > 0)) throw new RangeError(`invalid sigmaSquared: ${options.sigmaSquared}`);
  if (!Number.isInteger(gridSize) || gridSize < 2) throw new RangeError(`invalid gridSize: ${options.gridSize}`);
  if (!(negTol >= 0)) throw new RangeError(`invalid negTol: ${options.negTol}`);
  const probe = rademacher(options.seed ?? 0);
  const out: SlqRun[] = [];
  let hvp_count = 0;
  for (let r = 0; r < runs; r++) {
    const v = probe(n).map((x) => x / Math.sqrt(n));
    const t = await lanczosTridiagonal(hvp, v, steps);
    hvp_count += t.alpha.length;
    const { values, vectors } = tridiagonalEigen(t.alpha, t.beta, { rows: [0] });
    const m = values.length;
    // Ascending nodes; weights = squared first components (Golub–Welsch).
    out.push({ nodes: Array.from({ length: m }, (_, k) => values[m - 1 - k]), weights: Array.from({ length: m }, (_, k) => vectors[m - 1 - k] ** 2) });
  }
  return { ...slqDensity(out, { sigmaSquared, gridSize }), neg_fraction: negativeWeight(out, negTol), runs: out, hvp_count };
}

/** The smoothed, run-averaged density of quadrature runs (or of exact eigenvalues as one run of weights 1/n). */
export function slqDensity(runs: readonly SlqRun[], options: { sigmaSquared?: number; variance?: number; gridSize?: number; range?: [number, number] } = {}): { density: DensityGrid; variance: number } {
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

function negativeWeight(runs: readonly SlqRun[], negTol: number): number {
  let total = 0;
  for (const r of runs) {
    const scale = r.nodes.reduce((s, t) => Math.max(s, Math.abs(t)), 0);
    r.nodes.forEach((t, k) => {
      if (t < -negTol * scale) total += r.weights[k];
    });
  }
  return total / runs.length;
}
