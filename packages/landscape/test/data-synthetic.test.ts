import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { spirals } from '../src/data/spirals.js';
import { moons } from '../src/data/moons.js';
import { blobCenters, blobs } from '../src/data/blobs.js';
import { teacher, teacherNetwork } from '../src/data/teacher.js';
import { parseDataSpec, syntheticData } from '../src/data/builtin-data.js';
import { parseNpz } from '../src/data/npz.js';
import { datasetBytes, sha256Hex } from '../src/data/sha256.js';
import type { Dataset } from '../src/data/dataset.js';

// Tolerances on sample statistics are about 4 standard errors of the estimate (stated per test),
// so they hold for any seed; the seeds are fixed anyway, so the tests are deterministic.

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const std = (a: number[]) => {
  const m = mean(a);
  return Math.sqrt(mean(a.map((v) => (v - m) ** 2)));
};
const wrap = (t: number) => t - 2 * Math.PI * Math.round(t / (2 * Math.PI));
const rows = (ds: Dataset, c: number) => Array.from({ length: ds.n }, (_, i) => i).filter((i) => ds.labels![i] === c);

describe('spirals', () => {
  it('has 3 arms with radius linspace(0, 1, m) and angle linspace(4j, 4j+4, m) + 0.2·N(0, 1)', () => {
    const ds = spirals({ n: 3000, seed: 1 });
    expect([ds.n, ds.shape, ds.classes, ds.x.length]).toEqual([3000, [2], 3, 6000]);
    const residuals: number[] = [];
    for (let j = 0; j < 3; j++) {
      const idx = rows(ds, j);
      expect(idx).toEqual(Array.from({ length: 1000 }, (_, k) => 1000 * j + k)); // class order
      idx.forEach((i, k) => {
        const [a, b] = [ds.x[2 * i], ds.x[2 * i + 1]];
        expect(Math.hypot(a, b)).toBeCloseTo(k / 999, 6); // exact up to float32 rounding (~1e-7)
        if (k > 0) residuals.push(wrap(Math.atan2(a, b) - (4 * j + (4 * k) / 999)));
      });
    }
    // 2997 angle residuals: s.e. of the std ≈ 0.2/√(2·2997) ≈ 0.0026, of the mean ≈ 0.0037
    expect(Math.abs(std(residuals) - 0.2)).toBeLessThan(0.01);
    expect(Math.abs(mean(residuals))).toBeLessThan(0.015);
  });
  it('follows the recipe of the numpy-made mlp_tanh_spirals reference data', () => {
    const ref = parseNpz(new Uint8Array(readFileSync(new URL('./fixtures/data/spirals-reference.npz', import.meta.url))));
    const x = ref.x.data as Float32Array, y = Array.from(ref.y.data as BigInt64Array, Number);
    const residuals: number[] = [];
    for (let j = 0; j < 3; j++) {
      const pts = y.flatMap((c, i) => (c === j ? [[x[2 * i], x[2 * i + 1]]] : [])).sort((p, q) => Math.hypot(...p) - Math.hypot(...q));
      expect(pts.length).toBe(80);
      pts.forEach(([a, b], k) => {
        expect(Math.hypot(a, b)).toBeCloseTo(k / 79, 6);
        if (k > 0) residuals.push(wrap(Math.atan2(a, b) - (4 * j + (4 * k) / 79)));
      });
    }
    // 237 residuals: s.e. of the std ≈ 0.2/√474 ≈ 0.009
    expect(Math.abs(std(residuals) - 0.2)).toBeLessThan(0.035);
    const ours = spirals({ n: 240 });
    expect([0, 1, 2].map((c) => rows(ours, c).length)).toEqual([80, 80, 80]);
  });
  it('shares n unevenly with the first arms one larger and honours arms and noise', () => {
    expect([0, 1, 2, 3].map((c) => rows(spirals({ n: 10, arms: 4 }), c).length)).toEqual([3, 3, 2, 2]);
    const clean = spirals({ n: 30, noise: 0 });
    expect(clean.x[2 * 29]).toBeCloseTo(Math.sin(12), 6);
    expect(clean.x[2 * 29 + 1]).toBeCloseTo(Math.cos(12), 6);
  });
});

describe('moons', () => {
  it('puts class 0 on the upper unit half circle and class 1 on the shifted lower one, plus N(0, noise²)', () => {
    const clean = moons({ n: 8001, noise: 0 }), noisy = moons({ n: 8001, seed: 4 });
    expect([clean.n, clean.classes, rows(clean, 0).length, rows(clean, 1).length]).toEqual([8001, 2, 4000, 4001]);
    for (let i = 0; i < clean.n; i += 97) {
      const [a, b] = [clean.x[2 * i], clean.x[2 * i + 1]];
      if (clean.labels![i] === 0) {
        expect(Math.hypot(a, b)).toBeCloseTo(1, 6);
        expect(b).toBeGreaterThanOrEqual(-1e-7);
      } else {
        expect(Math.hypot(a - 1, b - 0.5)).toBeCloseTo(1, 6);
        expect(b).toBeLessThanOrEqual(0.5 + 1e-7);
      }
    }
    const noise = Array.from(noisy.x, (v, i) => v - clean.x[i]);
    // 16002 draws: s.e. of the std ≈ 0.1/√32004 ≈ 0.0006
    expect(Math.abs(std(noise) - 0.1)).toBeLessThan(0.003);
    expect(Math.abs(mean(noise))).toBeLessThan(0.004);
  });
});

describe('blobs', () => {
  it('draws k centres in [−box, box]^d and N(centre, std²) points around them', () => {
    const o = { n: 4000, k: 4, d: 5, std: 1.5, seed: 2 };
    const ds = blobs(o), c = blobCenters(o);
    expect([ds.n, ds.shape, ds.classes]).toEqual([4000, [5], 4]);
    expect(c.length).toBe(20);
    expect(Math.max(...Array.from(c, Math.abs))).toBeLessThanOrEqual(10);
    for (let j = 0; j < 4; j++) {
      const idx = rows(ds, j);
      expect(idx.length).toBe(1000);
      for (let a = 0; a < 5; a++) {
        const v = idx.map((i) => ds.x[5 * i + a]);
        // 1000 points per blob: s.e. of the mean 1.5/√1000 ≈ 0.047, of the std ≈ 1.5/√2000 ≈ 0.034
        expect(Math.abs(mean(v) - c[5 * j + a])).toBeLessThan(0.2);
        expect(Math.abs(std(v) - 1.5)).toBeLessThan(0.14);
      }
    }
  });
  it('has documented defaults: 300 points, 3 blobs in 2-D', () => {
    const ds = blobs();
    expect([ds.n, ds.shape, ds.classes, ds.name]).toEqual([300, [2], 3, 'blobs:n=300,k=3,d=2,std=1,box=10,seed=0']);
  });
});

describe('teacher', () => {
  it('has standard-normal inputs and targets = sigmoid-MLP teacher + N(0, 0.05²)', () => {
    const o = { n: 4000, seed: 9 };
    const ds = teacher(o), net = teacherNetwork(o);
    expect([ds.n, ds.shape, ds.targets!.length, ds.labels, ds.classes]).toEqual([4000, [6], 8000, undefined, undefined]);
    const x = Array.from(ds.x);
    // 24000 draws: s.e. of the mean ≈ 0.0065, of the std ≈ 0.0046
    expect(Math.abs(mean(x))).toBeLessThan(0.03);
    expect(Math.abs(std(x) - 1)).toBeLessThan(0.02);
    const residuals: number[] = [];
    for (let i = 0; i < ds.n; i++) {
      const y = net.predict(ds.x.subarray(6 * i, 6 * i + 6));
      residuals.push(ds.targets![2 * i] - y[0], ds.targets![2 * i + 1] - y[1]);
    }
    // 8000 draws: s.e. of the std ≈ 0.05/√16000 ≈ 0.0004 (float32 rounding of targets adds < 1e-7)
    expect(Math.abs(std(residuals) - 0.05)).toBeLessThan(0.002);
    expect(std(Array.from(ds.targets!))).toBeGreaterThan(0.2); // the teacher's signal dominates the noise
  });
  it('keeps the teacher fixed across n: a smaller set is a prefix of a larger one', () => {
    const a = teacher({ n: 50, seed: 3 }), b = teacher({ n: 120, seed: 3 });
    expect(a.x).toEqual(b.x.subarray(0, 300));
    expect(a.targets).toEqual(b.targets!.subarray(0, 100));
    const t = teacher({ n: 10, inputs: 3, hidden: 4, outputs: 1 });
    expect([t.shape, t.targets!.length]).toEqual([[3], 10]);
  });
});

describe('synthetic sets: seeding, hashes, specs', () => {
  const make = { spirals, moons, blobs, teacher };
  it.each(Object.entries(make))('%s is deterministic per seed and hashes its arrays', (_, f) => {
    const a = f({ seed: 5 }), b = f({ seed: 5 }), c = f({ seed: 6 });
    expect(a).toEqual(b);
    expect(c.x).not.toEqual(a.x);
    expect(a.sha256).not.toBe(c.sha256);
    const h = createHash('sha256');
    for (const part of datasetBytes(a)) h.update(part);
    expect(a.sha256).toBe(h.digest('hex'));
  });
  it('pins the default sets (changing a generator changes these hashes; V8 math is deterministic)', () => {
    expect(Object.fromEntries(Object.entries(make).map(([k, f]) => [k, f().sha256!.slice(0, 16)]))).toMatchInlineSnapshot(`
      {
        "blobs": "41522e52582cb203",
        "moons": "08b5a1ffd55c56f2",
        "spirals": "c1c6be2b67460f13",
        "teacher": "605d56104a400572",
      }
    `);
  });
  it('parses NAME:key=value specs', () => {
    expect(parseDataSpec('spirals:n=600,seed=3')).toEqual({ name: 'spirals', options: { n: 600, seed: 3 } });
    expect(syntheticData('spirals:n=600,seed=3')).toEqual(spirals({ n: 600, seed: 3 }));
    expect(syntheticData('moons', { seed: 4 })).toEqual(moons({ seed: 4 }));
    expect(syntheticData('moons:seed=2', { seed: 4 })).toEqual(moons({ seed: 2 }));
    expect(syntheticData('blobs:k=5, d=3,std=0.5').name).toBe('blobs:n=300,k=5,d=3,std=0.5,box=10,seed=0');
    expect(syntheticData('teacher:inputs=4,outputs=1').shape).toEqual([4]);
  });
  it('rejects bad specs and options naming them', () => {
    expect(() => syntheticData('spirals:arms=x')).toThrow('invalid data option in spirals:arms=x: "arms=x" (expected key=number)');
    expect(() => syntheticData('spirals:n')).toThrow('invalid data option in spirals:n: "n" (expected key=number)');
    expect(() => syntheticData('spirals:k=3')).toThrow('invalid option for spirals: k (accepted: n, arms, noise, seed)');
    expect(() => syntheticData('circles')).toThrow('unknown data set: circles (built-in: mnist, spirals, moons, blobs, teacher)');
    expect(() => syntheticData('spirals:n=0')).toThrow('invalid n for spirals: 0 (expected a positive int number)');
    expect(() => syntheticData('moons:noise=-1')).toThrow('invalid noise for moons: -1 (expected a non negative number)');
    expect(() => blobs({ k: 2.5 })).toThrow('invalid k for blobs: 2.5');
  });
  it('sha256Hex agrees with node:crypto across block boundaries', () => {
    for (const len of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const bytes = Uint8Array.from({ length: len }, (_, i) => (i * 31 + 7) & 255);
      const cut = Math.floor(len / 3);
      expect(sha256Hex(bytes.subarray(0, cut), bytes.subarray(cut))).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
