/**
 * Surface directions as jobs take them: from a file (`x_dir`, `y_dir`: one array per parameter) or
 * seeded Gaussian, then normalised. One definition of the seeds, so every frontend draws the same
 * directions for the same seed.
 */
import { normalizeDirection, type Ignore, type Norm } from '../directions/normalize.js';
import { randomDirection } from '../directions/random.js';
import type { Model } from '../models/model.js';
import type { JobIO } from './io.js';
import { readVector } from './vectors.js';

/** Seeds of the two random directions of a job with seed s (two streams apart from the model's own). */
export const directionSeeds = (seed: number): [number, number] => [2 * seed + 1, 2 * seed + 2];

export interface DirectionSource {
  path: string | null;
  sha256: string | null;
  /** Seed of a random direction. */
  seed: number | null;
}

/**
 * The direction used on a surface. `norm none` with `ignore none` is the direction exactly as given
 * (the library's ignore 'none' copies the weights into 1-D tensors, as loss-landscape does, which
 * only makes sense beside a normalisation).
 */
export function normalized(d: Float32Array, model: Model, norm: Norm, ignore: Ignore): Float32Array {
  return norm === 'none' && ignore === 'none' ? d : normalizeDirection(d, model, { norm, ignore });
}

/** A direction as given (file) or drawn (seed), normalised; and where it came from. */
export async function surfaceDirection(io: JobIO, model: Model, o: { path?: string; seed: number; flag: string; norm: Norm; ignore: Ignore }): Promise<{ d: Float32Array; source: DirectionSource }> {
  if (o.path) {
    const { vector, sha256 } = await readVector(io, o.path, model, o.flag);
    return { d: normalized(vector, model, o.norm, o.ignore), source: { path: o.path, sha256, seed: null } };
  }
  return { d: normalized(randomDirection(model.params.length, o.seed), model, o.norm, o.ignore), source: { path: null, sha256: null, seed: o.seed } };
}
