/** Shared pieces of the seeded synthetic data sets (spirals, moons, blobs, teacher). Browser-safe. */
import type { Dataset } from './dataset.js';
import { DataError } from './errors.js';
import { datasetBytes, sha256Hex } from './sha256.js';

/** Checks one numeric option of a generator, naming the set and the option and echoing the value. */
export function checkOption(set: string, key: string, value: number, kind: 'int' | 'positive-int' | 'non-negative' | 'finite'): number {
  const ok = kind === 'int' ? Number.isSafeInteger(value)
    : kind === 'positive-int' ? Number.isSafeInteger(value) && value > 0
      : kind === 'non-negative' ? Number.isFinite(value) && value >= 0
        : Number.isFinite(value);
  if (!ok) throw new DataError(`invalid ${key} for ${set}: ${value} (expected ${kind === 'finite' ? 'a number' : `a ${kind.replace('-', ' ')} number`})`);
  return value;
}

/** Sizes of `parts` groups that share `n` as evenly as possible, the first ones one larger (as scikit-learn does). */
export function evenSplit(n: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, j) => Math.floor(n / parts) + (j < n % parts ? 1 : 0));
}

/** numpy.linspace(a, b, m). */
export function linspace(a: number, b: number, m: number): number[] {
  return Array.from({ length: m }, (_, i) => (m === 1 ? a : a + ((b - a) * i) / (m - 1)));
}

/** The canonical spec of a generated set, e.g. `spirals:n=300,arms=3,noise=0.2,seed=0`. */
export function specName(set: string, options: object): string {
  return `${set}:${Object.entries(options).map(([k, v]) => `${k}=${v}`).join(',')}`;
}

/** Completes a generated data set with its sha256 (see datasetBytes). */
export function generated(ds: Omit<Dataset, 'sha256'>): Dataset {
  return { ...ds, sha256: sha256Hex(...datasetBytes(ds)) };
}
