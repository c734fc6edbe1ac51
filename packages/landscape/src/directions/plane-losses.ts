/**
 * For a trajectory's PCA plane: each checkpoint's true loss next to the loss at its projection
 * θ_final + a·d₁ + b·d₂ — the value the surface plot shows at that spot. They agree only as far
 * as the path stays in the plane (`distance`).
 */
import type { Backend } from '../backend/backend.js';
import type { TrajectoryPca } from './pca.js';

export interface PlaneLoss {
  a: number;
  b: number;
  distance: number;
  true_loss: number;
  projected_loss: number;
}

/** `backend` holds θ_final; it is left holding θ_final. */
export async function planeLosses(backend: Backend, final: ArrayLike<number>, pca: TrajectoryPca, checkpoints: readonly ArrayLike<number>[]): Promise<PlaneLoss[]> {
  const projected = await backend.points(pca.d1, pca.d2, pca.points.map((p) => [p.a, p.b] as const));
  const out: PlaneLoss[] = [];
  for (const [k, c] of checkpoints.entries()) {
    await backend.setParams(c);
    out.push({ ...pca.points[k], true_loss: (await backend.loss()).loss, projected_loss: projected.loss[k] });
  }
  await backend.setParams(final);
  return out;
}
