/**
 * The negative-eigenvalue fraction, defined so that stochastic Lanczos quadrature can estimate it
 * and exact mode reports the same quantity.
 *
 * Why "weight on negative nodes" is wrong: an m-node Gauss rule resolves the spectrum only to about
 * the spacing of its nodes. A Hessian's eigenvalues cluster at 0 (most directions are flat), and the
 * rule represents that cluster by one node carrying its whole weight (50–75 % on trained MLPs) at a
 * position inside the cluster that says nothing about the sign of the eigenvalues it stands for:
 * a node at −5e-6 counted 72 % of a spectrum as negative whose exact count is 16 % (and more than
 * half of that 16 % lies within 1.1e-3 of 0, inside the quadrature's resolution there; max|λ| is
 * 3.5). Below the resolution the sign is unknowable.
 *
 * So the question asked is "which fraction of eigenvalues lies below −τ", with τ the resolution of
 * the quadrature at 0: τ = 1.5·h₀, h₀ the larger of the two node gaps next to the node nearest 0
 * (the median over runs), and never below negTol·max|θ| (the float32 products do not resolve
 * eigenvalues below ~1e-6·‖H‖). That resolution matters only where some node's sign is unknown:
 * a node θₖ stands for eigenvalues spread around it with standard deviation its Ritz residual
 * rₖ = β_m·|sₘₖ| (∫(λ − θₖ)² dμ_yₖ = ‖H·yₖ − θₖ·yₖ‖²), and straddles 0 when |θₖ| ≤ 3·rₖ. 1.5 gaps
 * put −τ halfway between the first and second nodes below the zero cluster's node, where a Gauss
 * rule's distribution function is most accurate, so no node that stands for the cluster is
 * counted. When no node straddles 0 (0 lies in a gap of the spectrum, or the rule is exact), τ is
 * the floor, and an isolated negative eigenvalue is counted however far the next node is. |λ| ≤ τ
 * is reported separately as the near-zero fraction. Exact mode uses the same τ, computed from the
 * m-node Gauss rule of its own (exact) spectral measure, so both modes print comparable numbers.
 *
 * Uncertainty: for one start vector v, the Chebyshev–Markov–Stieltjes inequalities bracket
 * vᵀ·1[H < −τ]·v between the weight below −τ minus the weight of the last node below −τ and plus
 * the weight of the first node above it; averaging over runs and widening by Student's t times the
 * run-to-run standard error gives a 95 % interval for the fraction itself (E[vᵀPv] = tr P / n).
 * see: Ubaru, Chen & Saad 2017, "Fast estimation of tr(f(A)) via stochastic Lanczos quadrature";
 *      Ghorbani, Krishnan & Xiao 2019, §2; Szegő, "Orthogonal Polynomials", Thm 3.41.1 (the
 *      separation theorem); Lin, Saad & Yang 2016.
 */
import { tridiagonalEigen } from './tridiagonal.js';
import { dot, orthogonalizeInPlace } from './vector.js';

/** τ in node gaps next to the node nearest 0. */
export const NEG_GAPS = 1.5;

/** A node straddles 0 when |θₖ| ≤ NEG_SPREAD·rₖ (its residual, the spread of what it stands for). */
export const NEG_SPREAD = 3;

/** A Gauss quadrature rule of a spectral measure: nodes ascending, weights summing to 1. */
export interface QuadratureRule {
  nodes: readonly number[];
  weights: readonly number[];
  /** Ritz residual of each node (the spread of the eigenvalues it stands for); 0 on an exact rule. */
  residuals?: readonly number[];
  /**
   * True when the rule is the measure itself (the Krylov space was invariant: Lanczos broke down or
   * ran n steps), so its fractions carry no quadrature error.
   */
  exact?: boolean;
}

export interface NegativeFractions {
  /** Fraction of eigenvalues below −neg_threshold. */
  neg_fraction: number;
  /** Run-to-run standard error of neg_fraction (spread of the runs / √runs); null for a single run. */
  neg_fraction_stderr: number | null;
  /** 95 % interval for neg_fraction (quadrature bracket ± t·stderr); null for a single run. */
  neg_fraction_bounds: [number, number] | null;
  /** Fraction of eigenvalues with |λ| ≤ neg_threshold. */
  near_zero_fraction: number;
  /** τ (absolute): eigenvalues below −τ count as negative, |λ| ≤ τ as near zero. */
  neg_threshold: number;
}

/** The larger gap next to node k (nodes ascending; 0 for a one-node rule). */
function gapAt(nodes: readonly number[], k: number): number {
  const left = k > 0 ? nodes[k] - nodes[k - 1] : 0;
  const right = k + 1 < nodes.length ? nodes[k + 1] - nodes[k] : 0;
  return Math.max(left, right);
}

/** The larger node gap next to the node nearest 0 (0 for a one-node rule). Nodes ascending. */
export function zeroGap(nodes: readonly number[]): number {
  let k0 = 0;
  for (let k = 1; k < nodes.length; k++) if (Math.abs(nodes[k]) < Math.abs(nodes[k0])) k0 = k;
  return nodes.length > 0 ? gapAt(nodes, k0) : 0;
}

/**
 * zeroGap when some node straddles 0 (|θₖ| ≤ NEG_SPREAD·rₖ), else 0. A rule without residuals is
 * taken to straddle 0.
 */
export function straddleGap(rule: QuadratureRule): number {
  const r = rule.residuals;
  return !r || rule.nodes.some((t, k) => Math.abs(t) <= NEG_SPREAD * r[k]) ? zeroGap(rule.nodes) : 0;
}

/** τ = max(NEG_GAPS·median straddleGap over the rules, negTol·max|θ|). */
export function negThresholdOf(rules: readonly QuadratureRule[], negTol: number): number {
  const gaps = rules.map(straddleGap).sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  const median = gaps.length % 2 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2;
  let scale = 0;
  for (const r of rules) for (const t of r.nodes) scale = Math.max(scale, Math.abs(t));
  return Math.max(NEG_GAPS * median, negTol * scale);
}

/**
 * The negative and near-zero fractions of quadrature runs (one rule per start vector) at
 * threshold τ, with the run-to-run standard error and a 95 % interval.
 */
export function negativeFractions(rules: readonly QuadratureRule[], tau: number): NegativeFractions {
  const R = rules.length;
  const per: number[] = [];
  let near = 0, lo = 0, hi = 0;
  for (const { nodes, weights, exact } of rules) {
    let below = 0, last = -1;
    for (let k = 0; k < nodes.length; k++) {
      if (nodes[k] < -tau) {
        below += weights[k];
        last = k;
      } else if (nodes[k] <= tau) near += weights[k];
    }
    per.push(below);
    // Chebyshev–Markov–Stieltjes: F(−τ) lies between the weight strictly before the last node
    // below −τ and the weight up to the first node above it.
    lo += exact ? below : below - (last >= 0 ? weights[last] : 0);
    hi += exact ? below : below + (last + 1 < nodes.length ? weights[last + 1] : 0);
  }
  const mean = per.reduce((a, b) => a + b, 0) / R;
  let stderr: number | null = null, bounds: [number, number] | null = null;
  if (R > 1) {
    const variance = per.reduce((s, p) => s + (p - mean) ** 2, 0) / (R - 1);
    stderr = Math.sqrt(variance / R);
    const t = studentT975(R - 1);
    bounds = [Math.max(0, lo / R - t * stderr), Math.min(1, hi / R + t * stderr)];
  }
  return { neg_fraction: mean, neg_fraction_stderr: stderr, neg_fraction_bounds: bounds, near_zero_fraction: near / R, neg_threshold: tau };
}

/**
 * The m-node Gauss rule of the uniform measure on `points` (each weight 1/n): Lanczos on
 * diag(points) from the normalised ones vector, with full reorthogonalisation; fewer nodes when
 * the points take fewer distinct values. Exact mode's analogue of one SLQ run.
 */
export function uniformGaussRule(points: ArrayLike<number>, steps: number): QuadratureRule {
  const n = points.length;
  const d = Float64Array.from(points);
  const basis: Float64Array[] = [new Float64Array(n).fill(1 / Math.sqrt(n))];
  const alpha: number[] = [];
  const beta: number[] = [];
  let exact = false, last = 0;
  for (let j = 0; j < Math.min(steps, n); j++) {
    const q = basis[j];
    const w = q.map((x, i) => d[i] * x);
    const a = dot(q, w);
    alpha.push(a);
    for (let i = 0; i < n; i++) w[i] -= a * q[i] + (j > 0 ? beta[j - 1] * basis[j - 1][i] : 0);
    orthogonalizeInPlace(w, basis);
    const b = Math.sqrt(dot(w, w));
    if (b <= 1e-12 * Math.max(1, Math.abs(a)) || j + 1 === n) {
      exact = true;
      break;
    }
    if (j + 1 === steps) {
      last = b;
      break;
    }
    beta.push(b);
    basis.push(w.map((x) => x / b));
  }
  return { ...gaussRule(alpha, beta, last), exact };
}

/**
 * Nodes (ascending), weights (squared first components, Golub–Welsch) and Ritz residuals
 * (`betaLast`·|last components|) of the Jacobi matrix T(alpha, beta).
 */
export function gaussRule(alpha: readonly number[], beta: readonly number[], betaLast = 0): { nodes: number[]; weights: number[]; residuals: number[] } {
  const m = alpha.length;
  const { values, vectors } = tridiagonalEigen(alpha, beta, { rows: m > 1 ? [0, m - 1] : [0] });
  const lastRow = m > 1 ? m : 0;
  return {
    nodes: Array.from({ length: m }, (_, k) => values[m - 1 - k]),
    weights: Array.from({ length: m }, (_, k) => vectors[m - 1 - k] ** 2),
    residuals: Array.from({ length: m }, (_, k) => Math.abs(betaLast * vectors[lastRow + m - 1 - k])),
  };
}

/** Fractions of exact eigenvalues below −τ and within ±τ. */
export function exactFractions(eigenvalues: ArrayLike<number>, tau: number): Pick<NegativeFractions, 'neg_fraction' | 'near_zero_fraction' | 'neg_threshold'> {
  const n = eigenvalues.length;
  let neg = 0, near = 0;
  for (let i = 0; i < n; i++) {
    const l = eigenvalues[i];
    if (l < -tau) neg++;
    else if (l <= tau) near++;
  }
  return { neg_fraction: neg / n, near_zero_fraction: near / n, neg_threshold: tau };
}

// Student's t 97.5 % quantiles for 1…30 degrees of freedom.
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** Two-sided 95 % quantile of Student's t with `dof` degrees of freedom (Cornish–Fisher above 30). */
export function studentT975(dof: number): number {
  if (dof <= 30) return T975[Math.max(1, Math.round(dof)) - 1];
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * dof) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * dof ** 2);
}
