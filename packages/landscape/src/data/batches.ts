/** Seeded mini-batches of sample indices for training. Browser-safe. */
import type { Dataset } from './dataset.js';
import { DataError } from './errors.js';
import { permutation } from './split.js';

/**
 * A seeded shuffle of 0 … n−1 cut into batches of `batchSize` (the last one smaller when
 * batchSize does not divide n). Use a different seed per epoch, e.g. seed + epoch.
 */
export function batches(ds: Pick<Dataset, 'n'>, batchSize: number, seed: number): Int32Array[] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new DataError(`invalid batch size: ${batchSize} (expected a positive integer)`);
  const p = permutation(ds.n, seed), out: Int32Array[] = [];
  for (let i = 0; i < ds.n; i += batchSize) out.push(p.subarray(i, Math.min(ds.n, i + batchSize)));
  return out;
}
