/**
 * `moons`: two interleaving half circles, as scikit-learn's make_moons (without its shuffle).
 * Class 0 (the first ⌊n/2⌋ points) lies on (cos s, sin s), class 1 on (1 − cos s, 0.5 − sin s),
 * s = linspace(0, π, m) per class; every coordinate gets N(0, noise²) added. Browser-safe.
 */
import type { Dataset } from './dataset.js';
import { normal } from '../random.js';
import { checkOption, generated, linspace, specName } from './synthetic.js';

export interface MoonsOptions {
  /** Number of points. Default 200. */
  n?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate. Default 0.1. */
  noise?: number;
  /** Seed of the noise. Default 0. */
  seed?: number;
}

export const moonsDefaults: Required<MoonsOptions> = { n: 200, noise: 0.1, seed: 0 };

export function moons(options: MoonsOptions = {}): Dataset {
  const o = { ...moonsDefaults, ...options };
  checkOption('moons', 'n', o.n, 'positive-int');
  checkOption('moons', 'noise', o.noise, 'non-negative');
  checkOption('moons', 'seed', o.seed, 'int');
  const rnd = normal(o.seed);
  const nOut = Math.floor(o.n / 2);
  const x = new Float32Array(2 * o.n), labels = new Int32Array(o.n);
  const outer = linspace(0, Math.PI, nOut), inner = linspace(0, Math.PI, o.n - nOut);
  for (let i = 0; i < o.n; i++) {
    const c = i < nOut ? 0 : 1;
    const s = c === 0 ? outer[i] : inner[i - nOut];
    x[2 * i] = (c === 0 ? Math.cos(s) : 1 - Math.cos(s)) + o.noise * rnd();
    x[2 * i + 1] = (c === 0 ? Math.sin(s) : 0.5 - Math.sin(s)) + o.noise * rnd();
    labels[i] = c;
  }
  return generated({ name: specName('moons', o), shape: [2], x, labels, n: o.n, classes: 2 });
}
