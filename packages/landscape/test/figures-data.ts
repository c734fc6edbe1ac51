/**
 * Seeded, deterministic results for the figure and export tests, in the shapes the commands print
 * (`nnll surface|interpolate|hessian|train --json`). Values are rounded to 6 significant digits so
 * golden files do not depend on the last bits of Math.exp/Math.sin.
 */
const r6 = (v: number) => Number(v.toPrecision(6));
const linspace = (lo: number, hi: number, n: number) => Array.from({ length: n }, (_, k) => r6(lo + ((hi - lo) * k) / (n - 1)));

/** Mulberry32: a small seeded generator. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An anisotropic basin with its minimum at (0.3, -0.2), a ripple, and a second basin at the (-1, 1) corner. */
export function bowl(a: number, b: number): number {
  const q = 2.5 * (a - 0.3) ** 2 + 0.8 * (b + 0.2) ** 2 + 0.9 * (a - 0.3) * (b + 0.2);
  const second = 1.2 * Math.exp(-((a + 1) ** 2 + (b - 1) ** 2) / 0.15);
  return 0.05 + q + 0.15 * Math.sin(3 * a) * Math.cos(2 * b) ** 2 - second + 1.2;
}

export function surface2d(nx = 21, ny = 17, withTest = true) {
  const x = linspace(-1, 1, nx);
  const y = linspace(-1, 1, ny);
  const random = rng(7);
  const loss = x.map((a) => y.map((b) => r6(bowl(a, b))));
  const accuracy = loss.map((row) => row.map((l) => r6(Math.min(1, Math.max(0, 1.05 - 0.3 * l + 0.01 * random())))));
  const result: Record<string, unknown> = { version: '0.1.0', command: 'surface', x, y, loss, accuracy };
  if (withTest) {
    result.test_loss = loss.map((row) => row.map((l) => r6(l * 1.1 + 0.05)));
    result.test_accuracy = accuracy.map((row) => row.map((v) => r6(v * 0.97)));
  }
  return result as { x: number[]; y: number[]; loss: number[][]; accuracy: number[][]; test_loss?: number[][]; test_accuracy?: number[][] };
}

export function surface1d(n = 41) {
  const x = linspace(-1, 1, n);
  const loss = x.map((a) => r6(bowl(a, -0.2)));
  const accuracy = loss.map((l) => r6(Math.max(0, Math.min(1, 1.05 - 0.2 * l))));
  return {
    version: '0.1.0', command: 'surface', x, loss, accuracy,
    test_loss: loss.map((l) => r6(l * 1.1 + 0.05)), test_accuracy: accuracy.map((v) => r6(v * 0.97)),
  };
}

export function interpolation() {
  const t = linspace(-0.5, 1.5, 21);
  const la = 0.3;
  const lb = 0.5;
  const loss = t.map((s) => r6((1 - s) * la + s * lb + 1.2 * Math.sin(Math.PI * s) ** 2 + 0.4 * s * s * (s < 0 || s > 1 ? 1 : 0)));
  const accuracy = loss.map((l) => r6(Math.max(0, Math.min(1, 1 - 0.35 * l))));
  return {
    version: '0.1.0', command: 'interpolate', t, loss, accuracy,
    test_loss: loss.map((l) => r6(l + 0.1)), test_accuracy: accuracy.map((v) => r6(v * 0.96)),
    loss_a: la, loss_b: lb, barrier: 1.2, barrier_above_max: 1, barrier_t: 0.5,
  };
}

export function spectrum() {
  const random = rng(11);
  // A bulk near zero and a few outliers, smoothed on a grid, as `nnll hessian --density` reports it.
  const nodes = [...Array.from({ length: 60 }, () => (random() - 0.4) * 0.6), 2.1, 4.8, 10.5];
  const x = linspace(-1, 12, 200);
  const s2 = 0.02;
  const y = x.map((v) => r6(nodes.reduce((s, n) => s + Math.exp(-((v - n) ** 2) / (2 * s2)), 0) / (nodes.length * Math.sqrt(2 * Math.PI * s2)) + 1e-12));
  return { version: '0.1.0', command: 'hessian', eigenvalues: [10.5, 4.8, 2.1], eig_min: -0.24, density: { x, y } };
}

export function training(epochs = 12) {
  const random = rng(3);
  const history = Array.from({ length: epochs }, (_, k) => {
    const e = k + 1;
    const train = 2.3 * Math.exp(-0.35 * e) + 0.05 + 0.02 * random();
    const test = train + 0.04 * e ** 0.8;
    return {
      epoch: e, step: e * 50,
      train_loss: r6(train), train_accuracy: r6(Math.min(1, 1 - 0.4 * train)),
      test_loss: r6(test), test_accuracy: r6(Math.min(1, 1 - 0.42 * test)),
    };
  });
  return { version: '0.1.0', command: 'train', history, final: history[history.length - 1] };
}

/** A PCA trajectory ending at the minimum. */
export function trajectory() {
  const a: number[] = [];
  const b: number[] = [];
  for (let k = 0; k <= 12; k++) {
    const f = Math.exp(-k / 3);
    a.push(r6(0.3 - 0.95 * f * Math.cos(k / 4)));
    b.push(r6(-0.2 + 0.8 * f * Math.sin(k / 3 + 0.5)));
  }
  return { a, b };
}

export type Charts = typeof import('@nnll/landscape/charts');

/** The chart factories (kept behind a function so that tests import Observable Plot only when they draw). */
export async function loadCharts(): Promise<Charts> {
  return import('@nnll/landscape/charts');
}
