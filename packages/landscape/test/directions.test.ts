// Direction normalisation against its definition (Li et al. 2018 / loss-landscape), and the
// trajectory PCA on trajectories with known structure. Float32 directions: norms agree to 1e-6.
import { describe, expect, it } from 'vitest';
import { ProgramBuilder } from '@nnll/core-wasm';
import { normalizeDirection, DirectionError } from '../src/directions/normalize.js';
import { randomDirection, cosine, orthogonalize } from '../src/directions/random.js';
import { trajectoryPca } from '../src/directions/pca.js';
import { defaultInit } from '../src/models/builtin.js';
import type { Model } from '../src/models/model.js';

function model(): Model {
  const b = new ProgramBuilder([2, 5, 5]);
  let h = b.conv2d(b.input, { out: 3, kernel: 3 });
  h = b.batchnorm(h);
  h = b.dense(b.reshape(h), 4, { layout: 'in-out' });
  h = b.dense(h, 2);
  const program = b.build(h, 'cross-entropy');
  const params = defaultInit(program, 3);
  return { program, params, consts: new Float32Array(6).fill(1), source: { kind: 'builtin', sha256: '' } };
}

const norm = (a: Float32Array, idx: number[]) => Math.sqrt(idx.reduce((s, i) => s + a[i] ** 2, 0));
const range = (o: number, n: number, step = 1) => Array.from({ length: n }, (_, k) => o + k * step);

describe('normalizeDirection', () => {
  const m = model();
  const d = randomDirection(m.params.length, 1);
  // layout: conv1.weight [3,2,3,3] @0 (54), conv1.bias @54, bn1.weight @57, bn1.bias @60, fc1.weight [27,4] @63 (108), fc1.bias @171, fc2.weight [2,4] @175, fc2.bias @183
  it('filter: each output unit of conv (dim 0), [in,out] dense (columns) and [out,in] dense (rows) takes the weight slice norm', () => {
    const f = normalizeDirection(d, m, { norm: 'filter' });
    const check = (idx: number[]) => expect(norm(f, idx) / norm(m.params, idx)).toBeCloseTo(1, 5);
    for (let u = 0; u < 3; u++) check(range(u * 18, 18));
    for (let j = 0; j < 4; j++) check(range(63 + j, 27, 4));
    for (let u = 0; u < 2; u++) check(range(175 + 4 * u, 4));
    // direction within a slice keeps its shape
    expect(cosine(f.subarray(0, 18), d.subarray(0, 18))).toBeCloseTo(1, 6);
  });
  it('ignores biases and batch-norm parameters with biasbn, copies the weights without (loss-landscape)', () => {
    const f = normalizeDirection(d, m, { norm: 'filter' });
    for (const [o, n] of [[54, 3], [57, 3], [60, 3], [171, 4], [183, 2]]) expect(Array.from(f.subarray(o, o + n)).every((v) => v === 0)).toBe(true);
    const g = normalizeDirection(d, m, { norm: 'filter', ignore: 'none' });
    expect(Array.from(g.subarray(57, 60))).toEqual(Array.from(m.params.subarray(57, 60)));
  });
  it('layer, weight, dfilter, dlayer and none', () => {
    const l = normalizeDirection(d, m, { norm: 'layer' });
    expect(norm(l, range(63, 108)) / norm(m.params, range(63, 108))).toBeCloseTo(1, 5);
    const w = normalizeDirection(d, m, { norm: 'weight' });
    expect(w[70]).toBeCloseTo(d[70] * m.params[70], 6);
    const df = normalizeDirection(d, m, { norm: 'dfilter' });
    expect(norm(df, range(63 + 2, 27, 4))).toBeCloseTo(1, 5);
    const dl = normalizeDirection(d, m, { norm: 'dlayer' });
    expect(norm(dl, range(0, 54))).toBeCloseTo(1, 5);
    const n = normalizeDirection(d, m, { norm: 'none' });
    expect(Array.from(n.subarray(0, 54))).toEqual(Array.from(d.subarray(0, 54)));
  });
  it('does not change its input and validates options', () => {
    const copy = d.slice();
    normalizeDirection(d, m);
    expect(d).toEqual(copy);
    expect(() => normalizeDirection(d, m, { norm: 'unit' as never })).toThrow(new DirectionError('invalid norm: unit'));
    expect(() => normalizeDirection(d.subarray(1), m)).toThrow(/direction has 184 values, the model has 185 parameters/);
  });
  it('orthogonalize keeps the length and reports the cosine before', () => {
    const a = randomDirection(50, 1), b = Float32Array.from(randomDirection(50, 2), (v, i) => v + 0.5 * a[i]);
    const { d2, cosineBefore } = orthogonalize(a, b);
    expect(cosineBefore).toBeCloseTo(cosine(a, b), 12);
    expect(Math.abs(cosine(a, d2))).toBeLessThan(1e-6);
    expect(norm(d2, range(0, 50))).toBeCloseTo(norm(b, range(0, 50)), 4);
  });
});

describe('trajectoryPca', () => {
  it('recovers a planar trajectory exactly and reports where each checkpoint sits', () => {
    const P = 40;
    const u = randomDirection(P, 5), v0 = randomDirection(P, 6);
    const v = orthogonalize(u, v0).d2;
    const final = randomDirection(P, 7);
    const coords = Array.from({ length: 12 }, (_, k) => [3 * Math.cos(k / 3), Math.sin(k / 2)]);
    const traj = coords.map(([a, b]) => Float32Array.from(final, (f, i) => f + a * u[i] + b * v[i]));
    const r = trajectoryPca(traj, final);
    expect(r.explained_variance[0] + r.explained_variance[1]).toBeCloseTo(1, 5);
    expect(r.explained_variance[0]).toBeGreaterThan(r.explained_variance[1]);
    for (const p of r.points) expect(p.distance).toBeLessThan(1e-4 * 3 * norm(u, range(0, P)));
    // each reconstruction θ_final + a·d₁ + b·d₂ matches the checkpoint
    traj.forEach((t, k) => {
      const { a, b } = r.points[k];
      const err = Math.max(...Array.from(t, (x, i) => Math.abs(final[i] + a * r.d1[i] + b * r.d2[i] - x)));
      expect(err).toBeLessThan(1e-4);
    });
  });
  it('measures how far a non-planar path leaves the plane', () => {
    const P = 30;
    const final = new Float32Array(P);
    const traj = [0, 1, 2].map((k) => Float32Array.from({ length: P }, (_, i) => (i === k ? 1 : 0)));
    const r = trajectoryPca(traj, final);
    // three orthogonal unit offsets: the plane keeps 2/3 of the variance, one checkpoint is off it
    expect(r.explained_variance[0] + r.explained_variance[1]).toBeCloseTo(2 / 3, 6);
    expect(Math.max(...r.points.map((p) => p.distance))).toBeGreaterThan(0.5);
  });
});
