/**
 * Keskar's ε-sharpness: the largest relative rise of the loss within a box around θ,
 *   φ(θ, ε) = (max_{y ∈ C_ε} L(θ + A·y) − L(θ)) / (1 + L(θ)) × 100,
 *   C_ε = {y : |yᵢ| ≤ ε·(|(A⁺θ)ᵢ| + 1)},
 * in the full space (A = I) or in a random p-dimensional subspace (A an n×p Gaussian matrix, A⁺ its
 * pseudo-inverse). The inner maximisation is projected gradient ascent with a line search from
 * y = 0 (and, optionally, random starts in the box), its steps and convergence reported.
 * see: Keskar, Mudigere, Nocedal, Smelyanskiy & Tang 2017, §2.2.1 (they use L-BFGS-B).
 */
import { normal, uniform } from '../random.js';
import { boxProjection, projectedAscent } from './ascent.js';
import type { Objective } from './objective.js';

export interface EpsSharpnessOptions {
  /** ε, the box's relative size. Default 1e-3. */
  eps?: number;
  /** p: the dimension of a random subspace; 0 (default) the full space. */
  subspace?: number;
  /** Most ascent steps. Default 20. */
  maxIter?: number;
  /** Convergence of the ascent (last increase ≤ tol × total increase). Default 1e-3. */
  tol?: number;
  /** Random starts in the box besides y = 0 (the best is kept). Default 0. */
  restarts?: number;
  /** Seed of the subspace and of the random starts. Default 0. */
  seed?: number;
  /** L(θ), when known. */
  loss?: number;
}

export interface EpsSharpnessResult {
  value: number;
  eps: number;
  subspace: number;
  /** max L(θ + A·y) found. */
  max_loss: number;
  loss: number;
  /** Ascent steps of the best start; whether it converged. */
  iterations: number;
  converged: boolean;
  /** The ascent's last increase, on the scale of the value: how much it was still moving. */
  noise: number;
  starts: number;
  seed: number;
}

/** Largest n·p a subspace may hold (float32 entries: 200 MB). */
export const MAX_SUBSPACE_ENTRIES = 50_000_000;

export async function epsSharpness(obj: Objective, o: EpsSharpnessOptions = {}): Promise<EpsSharpnessResult> {
  const eps = o.eps ?? 1e-3, p = o.subspace ?? 0, seed = o.seed ?? 0;
  const n = obj.n;
  const loss = o.loss ?? (await obj.loss(null)).loss;
  if (p > 0 && p * n > MAX_SUBSPACE_ENTRIES) throw new RangeError(`invalid subspace: ${p} (${p} × ${n} parameters exceeds ${MAX_SUBSPACE_ENTRIES})`);
  const A = p > 0 ? gaussianColumns(n, p, seed) : null;
  const r = A ? boxOfSubspace(A, obj.theta, eps) : Float64Array.from(obj.theta, (t) => eps * (Math.abs(t) + 1));
  const dim = r.length;
  const f = async (y: Float64Array) => {
    const x = A ? times(A, y, n) : y;
    const g = await obj.gradient(x);
    return { value: g.loss, gradient: A ? timesTransposed(A, g.gradient) : g.gradient };
  };
  const scale = Math.sqrt(r.reduce((s, v) => s + v * v, 0));
  const starts: Float64Array[] = [new Float64Array(dim)];
  const u = uniform(seed + 0x5eed);
  for (let k = 0; k < (o.restarts ?? 0); k++) starts.push(Float64Array.from(r, (ri) => (2 * u() - 1) * ri));
  let best: Awaited<ReturnType<typeof projectedAscent>> | null = null;
  for (const y0 of starts) {
    const a = await projectedAscent(f, boxProjection(r), y0, { maxIter: o.maxIter ?? 20, tol: o.tol ?? 1e-3, scale });
    if (!best || a.value > best.value) best = a;
  }
  const maxLoss = Math.max(best!.value, loss);
  return {
    value: ((maxLoss - loss) / (1 + loss)) * 100,
    eps,
    subspace: p,
    max_loss: maxLoss,
    loss,
    iterations: best!.iterations,
    converged: best!.converged,
    noise: (best!.last_increase / (1 + loss)) * 100,
    starts: starts.length,
    seed,
  };
}

/** p Gaussian columns of length n (seeded), each a Float32Array. */
function gaussianColumns(n: number, p: number, seed: number): Float32Array[] {
  const g = normal(seed);
  return Array.from({ length: p }, () => Float32Array.from({ length: n }, () => g()));
}

const times = (A: Float32Array[], y: Float64Array, n: number): Float64Array => {
  const x = new Float64Array(n);
  A.forEach((col, j) => {
    const yj = y[j];
    for (let i = 0; i < n; i++) x[i] += col[i] * yj;
  });
  return x;
};

const timesTransposed = (A: Float32Array[], g: Float64Array): Float64Array =>
  Float64Array.from(A, (col) => {
    let s = 0;
    for (let i = 0; i < g.length; i++) s += col[i] * g[i];
    return s;
  });

/** ε(|A⁺θ| + 1), A⁺θ = (AᵀA)⁻¹Aᵀθ by Cholesky. */
function boxOfSubspace(A: Float32Array[], theta: Float32Array, eps: number): Float64Array {
  const p = A.length;
  const G = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      const a = A[i], b = A[j];
      for (let k = 0; k < a.length; k++) s += a[k] * b[k];
      G[i * p + j] = G[j * p + i] = s;
    }
  }
  const w = choleskySolve(G, timesTransposed(A, Float64Array.from(theta)), p);
  return Float64Array.from(w, (v) => eps * (Math.abs(v) + 1));
}

/** Solves G·x = b for a symmetric positive definite p×p G (row-major). */
export function choleskySolve(G: Float64Array, b: Float64Array, p: number): Float64Array {
  const L = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = G[i * p + j];
      for (let k = 0; k < j; k++) s -= L[i * p + k] * L[j * p + k];
      if (i === j) {
        if (!(s > 0)) throw new RangeError('subspace matrix AᵀA is not positive definite');
        L[i * p + i] = Math.sqrt(s);
      } else L[i * p + j] = s / L[j * p + j];
    }
  }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * p + k] * z[k];
    z[i] = s / L[i * p + i];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= L[k * p + i] * x[k];
    x[i] = s / L[i * p + i];
  }
  return x;
}
