// Surfaces and interpolation through the real kernel, against evaluating every point on its own
// (setParams + loss). Same float32 model at the same θ + a·d₁ + b·d₂: agreement to 1e-6 relative
// (the shared first layer regroups float32 sums; the perturbed θ is rounded to float32 either way).
import { describe, expect, it } from 'vitest';
import { builtinModel, defaultInit } from '../src/models/builtin.js';
import { localBackend } from '../src/backend/wasm-local.js';
import { computeSurface, type SurfacePoint } from '../src/surface/surface.js';
import { interpolate } from '../src/surface/interpolate.js';
import { parseRange, linspace } from '../src/surface/range.js';
import { coarseToFine } from '../src/surface/order.js';
import { randomDirection } from '../src/directions/random.js';
import { normal } from '../src/random.js';
import type { Model } from '../src/models/model.js';

function setup(): { model: Model; data: { x: Float32Array; labels: Int32Array } } {
  const { program } = builtinModel('mlp:5-12-3:tanh');
  const params = defaultInit(program, 1);
  const g = normal(4);
  const x = Float32Array.from({ length: 60 * 5 }, () => g());
  const labels = Int32Array.from({ length: 60 }, (_, i) => (x[5 * i] > 0 ? 0 : x[5 * i + 1] > 0 ? 1 : 2));
  return { model: { program, params, consts: new Float32Array(0), source: { kind: 'builtin', sha256: '' } }, data: { x, labels } };
}

async function direct(model: Model, data: { x: Float32Array; labels: Int32Array }, theta: Float32Array): Promise<number> {
  const b = await localBackend({ ...model, params: theta });
  await b.setData(data);
  return (await b.loss()).loss;
}

describe('ranges and ordering', () => {
  it('parses min:max:num like loss-landscape and rejects malformed ranges naming the flag', () => {
    expect(linspace(parseRange('-1:1:5'))).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(() => parseRange('1:2', '--x')).toThrow('invalid --x: 1:2 (expected min:max:num with min < max and num ≥ 1, e.g. -1:1:51)');
    expect(() => parseRange('1:0:5', '--y')).toThrow(/invalid --y: 1:0:5/);
    expect(() => parseRange('a:1:5')).toThrow(/invalid range/);
  });
  it('orders a grid coarse-to-fine, every point exactly once, corners in the preview', () => {
    const { order, previewCount } = coarseToFine(11, 11);
    expect(new Set(order.map(([i, j]) => `${i},${j}`)).size).toBe(121);
    const preview = order.slice(0, previewCount).map(([i, j]) => `${i},${j}`);
    for (const c of ['0,0', '0,10', '10,0', '10,10', '4,8']) expect(preview).toContain(c);
    expect(previewCount).toBeLessThan(40);
  });
});

describe('computeSurface', () => {
  it('2-D: every point equals the loss at θ + a·d₁ + b·d₂', async () => {
    const { model, data } = setup();
    const b = await localBackend(model);
    await b.setData(data);
    const d1 = randomDirection(model.params.length, 1), d2 = randomDirection(model.params.length, 2);
    const seen: number[] = [];
    const r = await computeSurface(b, { d1, d2, x: parseRange('-1:1:5'), y: parseRange('-0.5:0.5:3'), chunk: 4, onPoints: (_p, done) => seen.push(done) });
    expect(r.complete).toBe(true);
    expect(seen.at(-1)).toBe(15);
    const loss = r.loss as number[][];
    for (const [i, a] of r.x.entries()) {
      for (const [j, bb] of r.y!.entries()) {
        const theta = Float32Array.from(model.params, (t, k) => t + a * d1[k] + bb * d2[k]);
        expect(Math.abs(loss[i][j] - (await direct(model, data, theta))) / loss[i][j]).toBeLessThan(1e-6);
      }
    }
    expect(loss[2][1]).toBeCloseTo((await b.loss()).loss, 6);
  });

  it('stops between chunks when aborted and resumes to the same result', async () => {
    const { model, data } = setup();
    const b = await localBackend(model);
    await b.setData(data);
    const d1 = randomDirection(model.params.length, 3), d2 = randomDirection(model.params.length, 4);
    const full = await computeSurface(b, { d1, d2, x: parseRange('-1:1:7'), y: parseRange('-1:1:7') });
    const ac = new AbortController();
    const part = await computeSurface(b, { d1, d2, x: parseRange('-1:1:7'), y: parseRange('-1:1:7'), chunk: 10, signal: ac.signal, onPoints: () => ac.abort() });
    expect(part.complete).toBe(false);
    expect(part.points).toHaveLength(10);
    expect((part.loss as number[][]).flat().filter(Number.isNaN)).toHaveLength(39);
    const resumed = await computeSurface(b, { d1, d2, x: parseRange('-1:1:7'), y: parseRange('-1:1:7'), resume: JSON.parse(JSON.stringify(part.points)) as SurfacePoint[] });
    expect(resumed.complete).toBe(true);
    expect(resumed.forward_passes).toBe(39);
    expect(resumed.loss).toEqual(full.loss);
  });

  it('1-D surfaces and test data', async () => {
    const { model, data } = setup();
    const train = await localBackend(model);
    await train.setData(data);
    const test = await localBackend(model);
    await test.setData({ x: data.x.slice(0, 100), labels: data.labels.slice(0, 20) });
    const d1 = randomDirection(model.params.length, 9);
    const r = await computeSurface(train, { d1, x: parseRange('-2:2:9'), test });
    expect(r.y).toBeUndefined();
    expect((r.loss as number[]).length).toBe(9);
    expect(r.forward_passes).toBe(18);
    const theta = Float32Array.from(model.params, (t, k) => t - 2 * d1[k]);
    expect(Math.abs((r.test_loss as number[])[0] - (await direct(model, { x: data.x.slice(0, 100), labels: data.labels.slice(0, 20) }, theta))) / (r.test_loss as number[])[0]).toBeLessThan(1e-6);
  });
});

describe('interpolate', () => {
  it('follows (1−t)A + tB and computes the barrier from its definition', async () => {
    const { model, data } = setup();
    const B = defaultInit(model.program, 99);
    const b = await localBackend(model);
    await b.setData(data);
    const ts = linspace(parseRange('-0.5:1.5:9'));
    const r = await interpolate(b, model.params, B, { t: ts, chunk: 4 });
    expect(r.complete).toBe(true);
    const la = await direct(model, data, model.params), lb = await direct(model, data, B);
    expect(r.loss_a).toBeCloseTo(la, 6);
    expect(r.loss_b).toBeCloseTo(lb, 6);
    let want = -Infinity;
    for (const [i, t] of ts.entries()) {
      const theta = Float32Array.from(model.params, (a, k) => (1 - t) * a + t * B[k]);
      expect(Math.abs(r.loss[i] - (await direct(model, data, theta))) / r.loss[i]).toBeLessThan(1e-5);
      if (t >= 0 && t <= 1) want = Math.max(want, r.loss[i] - ((1 - t) * r.loss_a + t * r.loss_b));
    }
    expect(r.barrier).toBeCloseTo(want, 12);
    expect(r.barrier_above_max).toBeLessThanOrEqual(r.barrier! + 1e-12);
  });
});
