// Directions from files, Hessian eigenvector directions, PCA plane losses, provenance.
import { describe, expect, it } from 'vitest';
import { builtinModel, defaultInit } from '../src/models/builtin.js';
import { localBackend } from '../src/backend/wasm-local.js';
import { directionFromArrays, arraysFromVector } from '../src/directions/read-direction.js';
import { hessianDirections } from '../src/directions/hessian-directions.js';
import { trajectoryPca } from '../src/directions/pca.js';
import { planeLosses } from '../src/directions/plane-losses.js';
import { randomDirection } from '../src/directions/random.js';
import { encodeNpz, parseNpz } from '../src/data/npz.js';
import { provenance } from '../src/provenance.js';
import { VERSION } from '../src/version.js';
import { normal } from '../src/random.js';
import type { Model } from '../src/models/model.js';

function setup(): { model: Model; data: { x: Float32Array; labels: Int32Array } } {
  const { program, consts } = builtinModel('mlp:4-6-3:tanh');
  const g = normal(3);
  const x = Float32Array.from({ length: 40 * 4 }, () => g());
  const labels = Int32Array.from({ length: 40 }, (_, i) => i % 3);
  return { model: { program, consts, params: defaultInit(program, 2), source: { kind: 'builtin', spec: 'mlp:4-6-3:tanh', sha256: 'ab'.repeat(32) } }, data: { x, labels } };
}

describe('directions from arrays', () => {
  it('round-trips through a .npz keyed by parameter name and rejects a wrong shape or a missing tensor', () => {
    const { model } = setup();
    const d = randomDirection(model.params.length, 4);
    const bytes = encodeNpz(arraysFromVector(d, model));
    const back = directionFromArrays(parseNpz(bytes, 'd.npz'), model, 'd.npz');
    expect(back).toEqual(d);
    const arrays = parseNpz(bytes, 'd.npz');
    arrays['fc1.weight'] = { ...arrays['fc1.weight'], shape: [4, 6] };
    expect(() => directionFromArrays(arrays, model, 'd.npz')).toThrow('d.npz: fc1.weight has shape [4,6], the model\'s parameter has [6,4]');
    delete arrays['fc1.weight'];
    expect(() => directionFromArrays(arrays, model, 'd.npz')).toThrow(/d.npz: no array named fc1.weight/);
  });
});

describe('Hessian eigenvector directions', () => {
  it('returns unit Ritz vectors with H·y ≈ λ·y', async () => {
    const { model, data } = setup();
    const b = await localBackend(model);
    await b.setData(data);
    const r = await hessianDirections(b, { k: 2, tol: 1e-6, maxIter: model.params.length });
    expect(r.directions).toHaveLength(2);
    for (const [k, y] of r.directions.entries()) {
      const hv = (await b.hvp(y)).hv;
      const res = Math.hypot(...Array.from(hv, (h, i) => h - r.eigenvalues[k] * y[i]));
      // float32 HVPs and a float32 copy of y: the residual is ~1e-6 of |λ|
      expect(res).toBeLessThan(1e-4 * Math.abs(r.eigenvalues[0]));
      expect(Math.hypot(...y)).toBeCloseTo(1, 5);
    }
  });
});

describe('PCA plane losses', () => {
  it('true and projected losses agree for checkpoints on the plane and not off it', async () => {
    const { model, data } = setup();
    const b = await localBackend(model);
    await b.setData(data);
    const u = randomDirection(model.params.length, 5).map((v) => 0.1 * v);
    const w = randomDirection(model.params.length, 6).map((v) => 0.1 * v);
    const final = model.params;
    const onPlane = [[1, 0], [0, 1], [0.5, -0.5]].map(([a, c]) => Float32Array.from(final, (f, i) => f + a * u[i] + c * w[i]));
    const pca = trajectoryPca(onPlane, final);
    const r = await planeLosses(b, final, pca, onPlane);
    for (const p of r) expect(Math.abs(p.true_loss - p.projected_loss) / p.true_loss).toBeLessThan(1e-5);
    const off = [...onPlane, Float32Array.from(final, (f, i) => f + 3 * randomDirection(final.length, 9)[i] * 0.1)];
    const r2 = await planeLosses(b, final, trajectoryPca(off, final), off);
    expect(Math.max(...r2.map((p) => p.distance))).toBeGreaterThan(0.1);
    expect(Math.max(...r2.map((p) => Math.abs(p.true_loss - p.projected_loss)))).toBeGreaterThan(1e-3);
    // the backend is left holding θ_final
    const fresh = await localBackend(model);
    await fresh.setData(data);
    expect((await b.loss()).loss).toBe((await fresh.loss()).loss);
  });
});

describe('provenance', () => {
  it('names version, model, data, seed, options and counts, and survives JSON', () => {
    const { model } = setup();
    const p = provenance({ model, data: { name: 'spirals', sha256: 'cd'.repeat(32), n: 40 }, seed: 7, options: { norm: 'filter' }, forwardPasses: 121, hvps: 3 });
    expect(JSON.parse(JSON.stringify(p))).toEqual({
      package: '@nnll/landscape', version: VERSION,
      model: { kind: 'builtin', spec: 'mlp:4-6-3:tanh', sha256: 'ab'.repeat(32), param_count: model.params.length },
      data: { name: 'spirals', sha256: 'cd'.repeat(32), n: 40 }, seed: 7, options: { norm: 'filter' }, counts: { forward_passes: 121, hvps: 3 },
    });
  });
});
