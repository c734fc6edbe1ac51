/**
 * Spectral densities as users plot them: point masses (eigenvalues or quadrature nodes with
 * weights) smoothed by a Gaussian kernel and reported on a uniform grid. Each y is the *mean* of
 * the smoothed density over its grid cell (differences of the normal CDF), so Σ y·Δx equals the
 * mass inside the grid exactly, whether or not the grid resolves the kernel; where it does, y is
 * the point density. The grid spans [min − 5σ, max + 5σ], so that mass is 1 − O(1e-6).
 * see: Ghorbani, Krishnan & Xiao 2019, §2.2; Lin, Saad & Yang 2016 ("Approximating spectral densities").
 */

export interface DensityGrid {
  /** Cell centres, ascending. */
  x: number[];
  /** Mean smoothed density over each cell: Σ y·(x[1] − x[0]) ≈ 1. */
  y: number[];
}

/** PyHessian's kernel width: σ² = sigmaSquared·max(1, λmax − λmin). */
export function kernelVariance(sigmaSquared: number, lo: number, hi: number): number {
  return sigmaSquared * Math.max(1, hi - lo);
}

/** Uniform grid of `size` cells covering [lo − 5σ, hi + 5σ]. */
export function densityGrid(lo: number, hi: number, variance: number, size: number): { edges: Float64Array; x: number[] } {
  const pad = 5 * Math.sqrt(variance);
  const a = lo - pad, b = hi + pad;
  const h = (b - a) / size;
  const edges = Float64Array.from({ length: size + 1 }, (_, i) => a + i * h);
  const x = Array.from({ length: size }, (_, i) => a + (i + 0.5) * h);
  return { edges, x };
}

/** Σₖ wₖ·N(θₖ, variance) averaged over each cell between consecutive `edges`. */
export function smoothDensity(nodes: ArrayLike<number>, weights: ArrayLike<number>, variance: number, edges: Float64Array): number[] {
  const size = edges.length - 1;
  const mass = new Float64Array(size);
  const sd = Math.sqrt(variance);
  for (let k = 0; k < nodes.length; k++) {
    const w = weights[k];
    if (w === 0) continue;
    const t = nodes[k];
    // Cells farther than 40σ get nothing (Φ(−40) underflows relative to double precision).
    const first = Math.max(0, lowerBound(edges, t - 40 * sd) - 1);
    const last = Math.min(size, lowerBound(edges, t + 40 * sd) + 1);
    let prev = upperTail((edges[first] - t) / sd);
    for (let j = first; j < last; j++) {
      const next = upperTail((edges[j + 1] - t) / sd);
      mass[j] += w * cellMass(edges[j] - t, edges[j + 1] - t, prev, next, sd);
      prev = next;
    }
  }
  const h = edges[1] - edges[0];
  return Array.from(mass, (m) => m / h);
}

/** P(a < X < b) for X ~ N(0, sd²), from upper tails Q(a/sd), Q(b/sd), without cancellation in the tails. */
function cellMass(a: number, b: number, qa: number, qb: number, sd: number): number {
  if (a >= 0) return qa - qb;
  if (b <= 0) return upperTail(-b / sd) - upperTail(-a / sd);
  return 1 - upperTail(-a / sd) - qb;
}

function lowerBound(xs: Float64Array, v: number): number {
  let lo = 0, hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Q(z) = P(X > z) for a standard normal X, to ~1e-15 relative. */
export function upperTail(z: number): number {
  if (z < 0) return 1 - upperTail(-z);
  const x = z / Math.SQRT2;
  return x < 3 ? (1 - erfSeries(x)) / 2 : erfcFraction(x) / 2;
}

/** erf(x) = (2/√π)·e^{−x²}·Σ 2ⁿx^{2n+1}/(1·3·…·(2n+1)): positive terms, no cancellation (A&S 7.1.6). */
function erfSeries(x: number): number {
  let term = x, sum = x;
  for (let n = 1; n < 200 && term > 1e-17 * sum; n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
}

/** erfc(x) for x ≥ 3 by its continued fraction (modified Lentz). */
function erfcFraction(x: number): number {
  // erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
  const tiny = 1e-300;
  let f = x, C = x, D = 0;
  for (let i = 1; i < 300; i++) {
    const a = i / 2;
    D = x + a * D;
    D = D === 0 ? tiny : 1 / D;
    C = x + a / C;
    if (C === 0) C = tiny;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}
