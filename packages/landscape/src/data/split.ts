/**
 * Selecting samples: by index list, by range, and a seeded train/test split. The results
 * share no memory with the source and keep its name; they drop `sha256`, which described the
 * whole source. Browser-safe.
 */
import type { Dataset } from './dataset.js';
import { DataError } from './errors.js';
import { uniform } from '../random.js';

/** The samples at `indices`, in that order. */
export function takeSamples(ds: Dataset, indices: ArrayLike<number>): Dataset {
  const size = ds.x.length / ds.n, k = indices.length;
  const tSize = ds.targets ? ds.targets.length / ds.n : 0;
  const x = new Float32Array(k * size);
  const labels = ds.labels ? new Int32Array(k) : undefined;
  const targets = ds.targets ? new Float32Array(k * tSize) : undefined;
  for (let r = 0; r < k; r++) {
    const i = indices[r];
    if (!Number.isInteger(i) || i < 0 || i >= ds.n) throw new DataError(`${ds.name}: sample index ${i} out of range [0, ${ds.n})`);
    x.set(ds.x.subarray(i * size, (i + 1) * size), r * size);
    if (labels) labels[r] = ds.labels![i];
    if (targets) targets.set(ds.targets!.subarray(i * tSize, (i + 1) * tSize), r * tSize);
  }
  const { sha256: _, ...rest } = ds;
  return { ...rest, x, n: k, ...(labels && { labels }), ...(targets && { targets }) };
}

/** `count` samples from `start` (clipped at the end of the set). */
export function subset(ds: Dataset, start: number, count: number): Dataset {
  if (!Number.isInteger(start) || start < 0 || start > ds.n) throw new DataError(`invalid subset start: ${start} (data set has ${ds.n} samples)`);
  if (!Number.isInteger(count) || count < 0) throw new DataError(`invalid subset count: ${count}`);
  const end = Math.min(ds.n, start + count);
  return takeSamples(ds, Array.from({ length: end - start }, (_, i) => start + i));
}

/** A seeded Fisher–Yates permutation of 0 … n−1. */
export function permutation(n: number, seed: number): Int32Array {
  const u = uniform(seed), p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

export interface SplitOptions {
  /** Fraction of samples in the test part, rounded to whole samples. Default 0.2. */
  testFraction?: number;
  /** Seed of the shuffle. Default 0. */
  seed?: number;
}

/** Shuffles (seeded) and splits into train and test parts; each part keeps the shuffled order. */
export function trainTestSplit(ds: Dataset, options: SplitOptions = {}): { train: Dataset; test: Dataset } {
  const { testFraction = 0.2, seed = 0 } = options;
  if (!(testFraction >= 0 && testFraction <= 1)) throw new DataError(`invalid testFraction: ${testFraction} (expected a number in [0, 1])`);
  const p = permutation(ds.n, seed), nTest = Math.round(ds.n * testFraction);
  return { train: takeSamples(ds, p.subarray(nTest)), test: takeSamples(ds, p.subarray(0, nTest)) };
}
