/**
 * `blobs`: isotropic Gaussian blobs, one class per blob, as scikit-learn's make_blobs (without
 * its shuffle). The k centres are drawn uniformly from [−box, box]^d; class j has n/k points
 * (the first classes one more when k does not divide n) drawn from N(centre_j, std²·I), in
 * class order. Browser-safe.
 */
import type { Dataset } from './dataset.js';
import { normal, uniform } from '../random.js';
import { checkOption, evenSplit, generated, specName } from './synthetic.js';

export interface BlobsOptions {
  /** Number of points. Default 300. */
  n?: number;
  /** Number of blobs (= classes). Default 3. */
  k?: number;
  /** Input dimension. Default 2. */
  d?: number;
  /** Standard deviation of each blob along every axis. Default 1. */
  std?: number;
  /** Half-width of the box the centres are drawn from. Default 10. */
  box?: number;
  /** Seed: centres come from uniform(seed), the points from a normal stream seeded by the next draw. Default 0. */
  seed?: number;
}

export const blobsDefaults: Required<BlobsOptions> = { n: 300, k: 3, d: 2, std: 1, box: 10, seed: 0 };

/** The blob centres of `blobs(options)`, k × d row-major. */
export function blobCenters(options: BlobsOptions = {}): Float64Array {
  return draw({ ...blobsDefaults, ...options }).centers;
}

export function blobs(options: BlobsOptions = {}): Dataset {
  const o = { ...blobsDefaults, ...options };
  checkOption('blobs', 'n', o.n, 'positive-int');
  checkOption('blobs', 'k', o.k, 'positive-int');
  checkOption('blobs', 'd', o.d, 'positive-int');
  checkOption('blobs', 'std', o.std, 'non-negative');
  checkOption('blobs', 'box', o.box, 'non-negative');
  checkOption('blobs', 'seed', o.seed, 'int');
  const { centers, rnd } = draw(o);
  const x = new Float32Array(o.n * o.d), labels = new Int32Array(o.n);
  let i = 0;
  evenSplit(o.n, o.k).forEach((m, j) => {
    for (let s = 0; s < m; s++, i++) {
      for (let a = 0; a < o.d; a++) x[i * o.d + a] = centers[j * o.d + a] + o.std * rnd();
      labels[i] = j;
    }
  });
  return generated({ name: specName('blobs', o), shape: [o.d], x, labels, n: o.n, classes: o.k });
}

function draw(o: Required<BlobsOptions>): { centers: Float64Array; rnd: () => number } {
  const u = uniform(o.seed);
  const centers = Float64Array.from({ length: o.k * o.d }, () => o.box * (2 * u() - 1));
  return { centers, rnd: normal(Math.floor(u() * 2 ** 32)) };
}
