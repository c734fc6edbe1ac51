/** The `mnist` data set from the `mnist` package's ten per-class arrays (784 values per digit). Browser-safe. */
import type { Dataset } from './dataset.js';
import { datasetBytes, sha256Hex } from './sha256.js';

/** parts[d] holds class d's digits back to back, 28×28 in [0, 1]; samples are in class order. */
export function digitsDataset(parts: readonly (readonly number[])[]): Dataset {
  const n = parts.reduce((s, p) => s + p.length / 784, 0);
  const x = new Float32Array(n * 784);
  const labels = new Int32Array(n);
  let i = 0;
  parts.forEach((p, d) => {
    x.set(p, i * 784);
    labels.fill(d, i, i + p.length / 784);
    i += p.length / 784;
  });
  return { name: 'mnist', shape: [1, 28, 28], x, labels, n, classes: 10, sha256: sha256Hex(...datasetBytes({ x, labels })) };
}
