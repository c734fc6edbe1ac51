/**
 * PCA directions of a training trajectory (loss-landscape's `setup_PCA_directions`): the top two
 * principal components of the checkpoints' offsets θᵢ − θ_final, their explained variance, and
 * where each checkpoint lands on that plane — its coordinates, its distance from the plane, and
 * (with `loss`) its true loss next to the loss at its projection, which is what the surface plot
 * shows at that spot: the two differ exactly when the path leaves the plane.
 */
import { symmetricEigen } from '../hessian/symmetric-eigen.js';
import { dot } from './random.js';

export interface TrajectoryPca {
  d1: Float32Array;
  d2: Float32Array;
  /** Fraction of the offsets' total variance along d₁ and d₂. */
  explained_variance: [number, number];
  /** Per checkpoint: coordinates (a, b) so that θ ≈ θ_final + a·d₁ + b·d₂, and ‖θ − that‖. */
  points: { a: number; b: number; distance: number }[];
}

export function trajectoryPca(checkpoints: readonly ArrayLike<number>[], final: ArrayLike<number>): TrajectoryPca {
  const k = checkpoints.length;
  if (k < 2) throw new RangeError(`PCA needs at least 2 checkpoints, got ${k}`);
  const X = checkpoints.map((c) => Float64Array.from(c, (v, i) => v - final[i]));
  // Eigen-decompose the k×k Gram matrix instead of the P×P covariance (P ≫ k).
  const G = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = i; j < k; j++) G[i * k + j] = G[j * k + i] = dot(X[i], X[j]);
  const { values, vectors } = symmetricEigen(G, k);
  const total = values.reduce((s, v) => s + Math.max(v, 0), 0) || 1;
  const dirs = [0, 1].map((c) => {
    const d = new Float64Array(final.length);
    for (let i = 0; i < k; i++) {
      const u = vectors[i * k + c];
      for (let j = 0; j < d.length; j++) d[j] += u * X[i][j];
    }
    const n = Math.sqrt(dot(d, d)) || 1;
    return d.map((v) => v / n);
  });
  const points = X.map((x) => {
    const a = dot(x, dirs[0]);
    const b = dot(x, dirs[1]);
    let r = 0;
    for (let j = 0; j < x.length; j++) r += (x[j] - a * dirs[0][j] - b * dirs[1][j]) ** 2;
    return { a, b, distance: Math.sqrt(r) };
  });
  return {
    d1: Float32Array.from(dirs[0]),
    d2: Float32Array.from(dirs[1]),
    explained_variance: [Math.max(values[0], 0) / total, Math.max(values[1], 0) / total],
    points,
  };
}
