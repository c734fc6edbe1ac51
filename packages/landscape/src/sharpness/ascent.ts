/**
 * Projected gradient ascent with a backtracking (Armijo) line search along the projection arc and
 * Barzilai–Borwein step lengths: maximises f over a closed convex set C given its Euclidean
 * projection. Each accepted step increases f by at least c·gᵀs; the run stops when the projected
 * step vanishes, when no step length increases f, when the last increase is below `tol` times the
 * total increase so far (converged), or after `maxIter` steps (not converged). The worst-case
 * sharpness measures run it over a box (Keskar's ε-sharpness) and a ball (adaptive sharpness).
 * see: Bertsekas 1976 (projection arc); Birgin, Martínez & Raydan 2000 (spectral projected gradient).
 */

/** f and its gradient at y. */
export type ValueGradient = (y: Float64Array) => Promise<{ value: number; gradient: Float64Array }>;

export interface AscentOptions {
  /** Most accepted steps. Default 20. */
  maxIter?: number;
  /** Converged when the last increase ≤ tol × the increase since the start. Default 1e-3. */
  tol?: number;
  /** First step length (along the gradient); default: from `scale` (a step of that length). */
  step?: number;
  /** The set's size (its radius), for the first step: t₀ = scale/‖g‖. */
  scale: number;
  /** Halvings of the step tried before the line search gives up. Default 30. */
  maxHalvings?: number;
}

export interface AscentResult {
  y: Float64Array;
  /** f(y), the best value found (f never decreases along the run). */
  value: number;
  /** f at the start. */
  start: number;
  /** Accepted steps. */
  iterations: number;
  /** The increase of the last accepted step (how much the value was still moving). */
  last_increase: number;
  converged: boolean;
  /** f-and-gradient evaluations. */
  evaluations: number;
}

const ARMIJO = 1e-4;

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/** Maximises f from P(y₀) over the set whose projection (in place) is `project`. */
export async function projectedAscent(f: ValueGradient, project: (y: Float64Array) => void, y0: ArrayLike<number>, o: AscentOptions): Promise<AscentResult> {
  const maxIter = o.maxIter ?? 20;
  const tol = o.tol ?? 1e-3;
  const maxHalvings = o.maxHalvings ?? 30;
  let y: Float64Array = Float64Array.from(y0);
  project(y);
  let cur = await f(y);
  let evaluations = 1;
  const start = cur.value;
  let t = o.step ?? o.scale / (Math.sqrt(dot(cur.gradient, cur.gradient)) || 1);
  let iterations = 0, lastIncrease = 0, converged = false;
  while (iterations < maxIter) {
    const g = cur.gradient;
    let accepted: { y: Float64Array; s: Float64Array; next: { value: number; gradient: Float64Array } } | null = null;
    for (let h = 0; h <= maxHalvings; h++) {
      const trial = new Float64Array(y.length);
      for (let i = 0; i < y.length; i++) trial[i] = y[i] + t * g[i];
      project(trial);
      const s = new Float64Array(y.length);
      for (let i = 0; i < y.length; i++) s[i] = trial[i] - y[i];
      const gs = dot(g, s);
      if (!(gs > 0)) {
        // no ascent direction left inside the set
        break;
      }
      const next = await f(trial);
      evaluations++;
      if (Number.isFinite(next.value) && next.value >= cur.value + ARMIJO * gs) {
        accepted = { y: trial, s, next };
        break;
      }
      t /= 2;
    }
    if (!accepted) {
      // a constrained stationary point, or no step length increases f (a local maximum to float precision)
      converged = true;
      break;
    }
    iterations++;
    lastIncrease = accepted.next.value - cur.value;
    // Barzilai–Borwein: t = sᵀs / |sᵀ(g' − g)|, the curvature along the step (absolute: f need not be concave)
    const dg = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) dg[i] = accepted.next.gradient[i] - g[i];
    const ss = dot(accepted.s, accepted.s), sdg = Math.abs(dot(accepted.s, dg));
    t = sdg > 0 && Number.isFinite(ss / sdg) ? ss / sdg : 2 * t;
    y = accepted.y;
    cur = accepted.next;
    if (lastIncrease <= tol * (cur.value - start)) {
      converged = true;
      break;
    }
  }
  return { y, value: cur.value, start, iterations, last_increase: lastIncrease, converged, evaluations };
}

/** Clamps y to the box |yᵢ| ≤ rᵢ, in place. */
export const boxProjection = (r: ArrayLike<number>) => (y: Float64Array): void => {
  for (let i = 0; i < y.length; i++) y[i] = Math.min(r[i], Math.max(-r[i], y[i]));
};

/** Scales y into the ball ‖y‖₂ ≤ ρ, in place. */
export const ballProjection = (rho: number) => (y: Float64Array): void => {
  const n = Math.sqrt(dot(y, y));
  if (n > rho) for (let i = 0; i < y.length; i++) y[i] *= rho / n;
};
