/** Surface directions: from files (`--x-dir`, `--y-dir`) or seeded Gaussian, then normalised (`--norm`, `--ignore`). */
import { directionFromArrays, normalizeDirection, randomDirection, type Ignore, type Model, type Norm } from '@nnll/landscape';
import { loadArrays } from '@nnll/landscape/node';
import { fileSha256 } from './files.js';

export interface DirectionSource {
  path: string | null;
  sha256: string | null;
  /** Seed of a random direction. */
  seed: number | null;
}

/** A direction as given (file) or drawn (seed), before normalisation. */
export async function rawDirection(model: Model, path: string | undefined, seed: number, flag: string): Promise<{ d: Float32Array; source: DirectionSource }> {
  if (path) {
    const d = directionFromArrays(await loadArrays(path), model, `${flag} ${path}`);
    return { d, source: { path, sha256: await fileSha256(path), seed: null } };
  }
  return { d: randomDirection(model.params.length, seed), source: { path: null, sha256: null, seed } };
}

/**
 * The direction used on the surface. `--norm none --ignore none` is the direction exactly as given
 * (the library's ignore 'none' copies the weights into 1-D tensors, as loss-landscape does, which
 * only makes sense beside a normalisation).
 */
export const normalized = (d: Float32Array, model: Model, norm: Norm, ignore: Ignore): Float32Array =>
  norm === 'none' && ignore === 'none' ? d : normalizeDirection(d, model, { norm, ignore });

/** Seeds of the two random directions of a run with --seed s (distinct streams). */
export const directionSeeds = (seed: number): [number, number] => [2 * seed + 1, 2 * seed + 2];
