/**
 * Exact mode for small models: the full Hessian assembled column by column from n exact HVPs with
 * unit vectors (H·eⱼ is column j), symmetrised, and diagonalised in float64 by Householder
 * tridiagonalisation + implicit QL. n = 2,000 takes seconds; the default cap is 5,000 parameters
 * (200 MB for the matrix, ~1 min for the eigenvalues).
 * see: Pearlmutter 1994 (exact HVPs); Golub & Van Loan, "Matrix Computations", §8.3.
 */
import type { Hvp } from './operator.js';
import { exactFractions, negThresholdOf, uniformGaussRule } from './negative.js';
import { symmetricEigenvalues } from './symmetric-eigen.js';

export interface ExactHessianOptions {
  /** Refuse above this many parameters. Default 5000. */
  maxParams?: number;
  /** Called after each column (progress). */
  onColumn?: (j: number, n: number) => void;
}

export interface ExactHessian {
  /** Symmetrised Hessian (H + Hᵀ)/2, row-major n×n. */
  matrix: Float64Array;
  /** max |Hᵢⱼ − Hⱼᵢ| of the assembled columns (before symmetrising). */
  asymmetry: number;
  /** asymmetry / max |Hᵢⱼ| (0 for a zero matrix). */
  relative_asymmetry: number;
  hvp_count: number;
}

export interface ExactSpectrumOptions extends ExactHessianOptions, NegativeThresholdOptions {}

/**
 * τ as in SLQ (negative.ts), from the `steps`-node Gauss rule of the spectrum: 1.5 node gaps at 0
 * when a node straddles 0, at least negTol·max|λ| (exactly that when steps ≥ n: the rule is the
 * spectrum); or `negThreshold` as given.
 */
export interface NegativeThresholdOptions {
  /** Nodes of the quadrature whose resolution at 0 defines τ: SLQ's steps, so both report the same τ. Default 90 (SLQ's default). */
  steps?: number;
  /** τ ≥ negTol·max|λ|. Default 1e-5 (as in SLQ). */
  negTol?: number;
  /** τ (absolute), e.g. an SLQ result's neg_threshold, overriding `steps` and `negTol`. */
  negThreshold?: number;
}

export interface ExactSpectrumResult {
  /** All eigenvalues, descending. */
  eigenvalues: Float64Array;
  /** Σᵢ Hᵢᵢ (equal to Σλ up to rounding). */
  trace: number;
  eig_max: number;
  eig_min: number;
  /** Fraction of eigenvalues below −neg_threshold. */
  neg_fraction: number;
  /** Fraction of eigenvalues with |λ| ≤ neg_threshold. */
  near_zero_fraction: number;
  /** τ (absolute), defined as in SLQ with `steps` nodes. */
  neg_threshold: number;
  asymmetry: number;
  relative_asymmetry: number;
  hvp_count: number;
  /** Seconds spent assembling (HVPs) and diagonalising. */
  seconds: { assemble: number; eigen: number };
}

export async function exactHessian(hvp: Hvp, n: number, options: ExactHessianOptions = {}): Promise<ExactHessian> {
  const maxParams = options.maxParams ?? 5000;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`invalid n: ${n}`);
  if (n > maxParams) throw new RangeError(`exact Hessian of ${n} parameters exceeds maxParams ${maxParams} (${Math.round((8 * n * n) / 2 ** 20)} MB); use the estimators or raise maxParams`);
  const h = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e[j] = 1;
    const col = await hvp(e);
    if (col.length !== n) throw new RangeError(`hvp returned ${col.length} values, expected ${n}`);
    // Column j of H stored as row j; H is symmetric up to rounding, fixed below.
    h.set(col, j * n);
    e[j] = 0;
    options.onColumn?.(j, n);
  }
  let asymmetry = 0, largest = 0;
  for (let i = 0; i < n; i++) {
    largest = Math.max(largest, Math.abs(h[i * n + i]));
    for (let j = 0; j < i; j++) {
      const a = h[i * n + j], b = h[j * n + i];
      asymmetry = Math.max(asymmetry, Math.abs(a - b));
      largest = Math.max(largest, Math.abs(a), Math.abs(b));
      h[i * n + j] = h[j * n + i] = (a + b) / 2;
    }
  }
  return { matrix: h, asymmetry, relative_asymmetry: largest > 0 ? asymmetry / largest : 0, hvp_count: n };
}

/** All eigenvalues of the Hessian, its trace, eig_min and the negative fraction, exactly (up to rounding). */
export async function exactSpectrum(hvp: Hvp, n: number, options: ExactSpectrumOptions = {}): Promise<ExactSpectrumResult> {
  checkThresholdOptions(options);
  const t0 = performance.now();
  const { matrix, asymmetry, relative_asymmetry, hvp_count } = await exactHessian(hvp, n, options);
  let trace = 0;
  for (let i = 0; i < n; i++) trace += matrix[i * n + i];
  const t1 = performance.now();
  const eigenvalues = symmetricEigenvalues(matrix, n, { method: 'householder', overwrite: true });
  const t2 = performance.now();
  return { ...spectrumSummary(eigenvalues, options), trace, asymmetry, relative_asymmetry, hvp_count, seconds: { assemble: (t1 - t0) / 1000, eigen: (t2 - t1) / 1000 } };
}

/** trace, extremes, negative and near-zero fractions of a descending list of eigenvalues. */
export function spectrumSummary(eigenvalues: Float64Array, options: NegativeThresholdOptions = {}): Pick<ExactSpectrumResult, 'eigenvalues' | 'trace' | 'eig_max' | 'eig_min' | 'neg_fraction' | 'near_zero_fraction' | 'neg_threshold'> {
  checkThresholdOptions(options);
  const n = eigenvalues.length;
  let trace = 0;
  for (const l of eigenvalues) trace += l;
  const tau = options.negThreshold ?? negThresholdOf([uniformGaussRule(eigenvalues, options.steps ?? 90)], options.negTol ?? 1e-5);
  return { eigenvalues, trace, eig_max: eigenvalues[0], eig_min: eigenvalues[n - 1], ...exactFractions(eigenvalues, tau) };
}

function checkThresholdOptions(o: NegativeThresholdOptions): void {
  if (o.negTol !== undefined && !(o.negTol >= 0)) throw new RangeError(`invalid negTol: ${o.negTol}`);
  if (o.steps !== undefined && !(Number.isInteger(o.steps) && o.steps >= 1)) throw new RangeError(`invalid steps: ${o.steps}`);
  if (o.negThreshold !== undefined && !(o.negThreshold >= 0 && Number.isFinite(o.negThreshold))) throw new RangeError(`invalid negThreshold: ${o.negThreshold}`);
}
