/**
 * Adaptive (scale-invariant) worst-case sharpness:
 *   S_max(θ, ρ) = max_{‖δ ⊘ |θ|‖₂ ≤ ρ} L(θ + δ) − L(θ),
 * maximised over u = δ ⊘ |θ| in the ball ‖u‖₂ ≤ ρ (δ = |θ| ⊙ u; a parameter at 0 does not move) by
 * projected gradient ascent with a line search — from u = 0 and from random points on the sphere
 * ‖u‖ = ρ — keeping the best. In u the problem is the same for every function-preserving positive
 * rescaling of θ: the value is invariant to it (Dinh et al.'s reparametrisation).
 * see: Kwon, Kim, Park & Choi 2021 (ASAM); Andriushchenko, Croce, Müller, Hein & Flammarion 2023,
 * "A modern look at the relationship between sharpness and generalization" (their sharpness.py).
 */
import { normal } from '../random.js';
import { ballProjection, projectedAscent, type AscentResult } from './ascent.js';
import type { Objective } from './objective.js';

export interface AdaptiveWorstOptions {
  /** ρ, the radius. Default 0.1. */
  rho?: number;
  /** Most ascent steps per start. Default 20. */
  maxIter?: number;
  tol?: number;
  /** Random starts on the sphere besides u = 0. Default 2. */
  restarts?: number;
  seed?: number;
  /** L(θ), when known. */
  loss?: number;
}

export interface AdaptiveWorstResult {
  value: number;
  rho: number;
  /** The rise reached from each start (u = 0 first). */
  starts: number[];
  iterations: number;
  converged: boolean;
  /** The best start's last increase: how much the value was still moving. */
  noise: number;
  seed: number;
}

export async function adaptiveWorst(obj: Objective, o: AdaptiveWorstOptions = {}): Promise<AdaptiveWorstResult> {
  const rho = o.rho ?? 0.1, seed = o.seed ?? 0;
  const loss = o.loss ?? (await obj.loss(null)).loss;
  const scale = Float64Array.from(obj.theta, Math.abs);
  const f = async (u: Float64Array) => {
    const delta = new Float64Array(u.length);
    for (let i = 0; i < u.length; i++) delta[i] = scale[i] * u[i];
    const g = await obj.gradient(delta);
    const gu = new Float64Array(u.length);
    for (let i = 0; i < u.length; i++) gu[i] = scale[i] * g.gradient[i];
    return { value: g.loss, gradient: gu };
  };
  const starts: Float64Array[] = [new Float64Array(obj.n)];
  const g = normal(seed);
  for (let k = 0; k < (o.restarts ?? 2); k++) {
    const z = Float64Array.from({ length: obj.n }, () => g());
    const norm = Math.sqrt(z.reduce((s, v) => s + v * v, 0));
    starts.push(z.map((v) => (v * rho) / norm));
  }
  const runs: AscentResult[] = [];
  for (const u0 of starts) runs.push(await projectedAscent(f, ballProjection(rho), u0, { maxIter: o.maxIter ?? 20, tol: o.tol ?? 1e-3, scale: rho }));
  const best = runs.reduce((a, b) => (b.value > a.value ? b : a));
  return {
    value: Math.max(best.value, loss) - loss,
    rho,
    starts: runs.map((r) => r.value - loss),
    iterations: best.iterations,
    converged: best.converged,
    noise: best.last_increase,
    seed,
  };
}
