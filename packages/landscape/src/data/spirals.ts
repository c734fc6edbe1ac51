/**
 * `spirals`: interleaved 2-D spiral arms, one class per arm (the CS231n toy set, and the data of
 * the mlp_tanh_spirals reference fixture). Arm j has m = n/arms points (the first arms one more
 * when arms does not divide n) with radius r = linspace(0, 1, m) and angle
 * t = linspace(4j, 4(j+1), m) + noise·N(0, 1); the point is (r·sin t, r·cos t). Points are in
 * class order. Browser-safe.
 * see: https://cs231n.github.io/neural-networks-case-study/
 */
import type { Dataset } from './dataset.js';
import { normal } from '../random.js';
import { checkOption, evenSplit, generated, linspace, specName } from './synthetic.js';

export interface SpiralsOptions {
  /** Number of points. Default 300. */
  n?: number;
  /** Number of arms (= classes). Default 3. */
  arms?: number;
  /** Standard deviation of the Gaussian angle noise, in radians. Default 0.2. */
  noise?: number;
  /** Seed of the angle noise. Default 0. */
  seed?: number;
}

export const spiralsDefaults: Required<SpiralsOptions> = { n: 300, arms: 3, noise: 0.2, seed: 0 };

export function spirals(options: SpiralsOptions = {}): Dataset {
  const o = { ...spiralsDefaults, ...options };
  checkOption('spirals', 'n', o.n, 'positive-int');
  checkOption('spirals', 'arms', o.arms, 'positive-int');
  checkOption('spirals', 'noise', o.noise, 'non-negative');
  checkOption('spirals', 'seed', o.seed, 'int');
  const rnd = normal(o.seed);
  const x = new Float32Array(2 * o.n), labels = new Int32Array(o.n);
  let i = 0;
  evenSplit(o.n, o.arms).forEach((m, j) => {
    const r = linspace(0, 1, m), t = linspace(4 * j, 4 * (j + 1), m);
    for (let k = 0; k < m; k++, i++) {
      const angle = t[k] + o.noise * rnd();
      x[2 * i] = r[k] * Math.sin(angle);
      x[2 * i + 1] = r[k] * Math.cos(angle);
      labels[i] = j;
    }
  });
  return generated({ name: specName('spirals', o), shape: [2], x, labels, n: o.n, classes: o.arms });
}
