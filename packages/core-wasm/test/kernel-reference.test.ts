// The WebAssembly kernel (float32 storage, float64 sums) against the float64 reference, every op
// family, both SIMD builds (plain and relaxed; relaxed where the engine validates it) and the
// debug build. Tolerances: the kernel stores activations in float32 (ε = 6e-8) and sums at most
// batchSize terms in float32 before adding into float64, so losses agree to ~1e-6 relative and
// gradients / HVPs to ~1e-5; the limits below (1e-5 loss, 1e-4 gradient and HVP, relative L2)
// are the acceptance limits of the PyTorch comparison.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Kernel } from '../src/kernel.js';
import { hasRelaxedSimd } from '../src/wasm.js';
import { ReferenceNetwork } from '../src/reference/network.js';
import { FAMILIES, FC, caseArb, type Case } from './networks.js';
import { relErr, relL2 } from './util.js';

const relaxed = await hasRelaxedSimd();
const configs = [
  { simd: 'plain', build: 'release' },
  { simd: 'relaxed', build: 'release' },
  { simd: 'plain', build: 'debug' },
] as const;

async function check(c: Case, simd: 'plain' | 'relaxed', build: 'release' | 'debug', batchSize: number): Promise<void> {
  const k = await Kernel.create(c.program, { simd, build, batchSize });
  k.setParams(c.theta);
  k.setConsts(c.consts);
  k.setData(c.data);
  const ref = new ReferenceNetwork(c.program, c.consts);
  const r = ref.run(c.theta, c.data, { gradient: true, v: c.v });
  const L = k.loss();
  expect(relErr(L.loss, r.loss)).toBeLessThanOrEqual(1e-5);
  if (c.program.loss === 'cross-entropy') expect(L.accuracy! * c.n).toBe(r.correct);
  const g = k.gradient();
  expect(relL2(g.gradient, r.gradient!)).toBeLessThanOrEqual(1e-4);
  const h = k.hvp(c.v, true);
  expect(relL2(h.hv, r.hv!)).toBeLessThanOrEqual(1e-4);
  expect(relL2(h.gradient!, r.gradient!)).toBeLessThanOrEqual(1e-4);
  const pts: [number, number][] = [[0, 0], [0.5, -0.25], [-1, 1], [0.125, 0.75]];
  const m = k.points(c.d1, c.d2, pts);
  pts.forEach(([a, b], i) => {
    const theta = Float64Array.from(c.theta, (t, j) => Math.fround(t + a * c.d1[j] + b * c.d2[j]));
    expect(relErr(m.loss[i], ref.run(theta, c.data).loss)).toBeLessThanOrEqual(1e-5);
  });
  // the same points one at a time (the first op's terms reused from the call before): the same sums
  pts.forEach((p, i) => expect(k.points(c.d1, c.d2, [p]).loss[0]).toBe(m.loss[i]));
}

describe('multi-point evaluation reuses the first op across calls only while θ, d₁, d₂ and the data stay', () => {
  it('recomputes after each change', async () => {
    const c = fc.sample(caseArb('dense-out-in'), { seed: 7, numRuns: 1 })[0];
    const k = await Kernel.create(c.program, { simd: 'plain', batchSize: 4 });
    k.setParams(c.theta);
    k.setConsts(c.consts);
    k.setData(c.data);
    const ref = new ReferenceNetwork(c.program, c.consts);
    const at = (theta: Float32Array, d1: Float32Array, d2: Float32Array, data: Case['data'], a: number, b: number) =>
      ref.run(Float64Array.from(theta, (t, j) => Math.fround(t + a * d1[j] + b * d2[j])), data).loss;
    const p: [number, number] = [0.5, -0.25];
    expect(relErr(k.points(c.d1, c.d2, [p]).loss[0], at(c.theta, c.d1, c.d2, c.data, ...p))).toBeLessThanOrEqual(1e-5);
    // new directions (d₁ and d₂ swapped)
    expect(relErr(k.points(c.d2, c.d1, [p]).loss[0], at(c.theta, c.d2, c.d1, c.data, ...p))).toBeLessThanOrEqual(1e-5);
    // new parameters
    const theta2 = c.theta.map((t) => 1.5 * t);
    k.setParams(theta2);
    expect(relErr(k.points(c.d2, c.d1, [p]).loss[0], at(theta2, c.d2, c.d1, c.data, ...p))).toBeLessThanOrEqual(1e-5);
    // new data (the samples reversed, labels with them)
    const n = c.n, w = c.data.x.length / n;
    const x = new Float32Array(c.data.x.length);
    for (let i = 0; i < n; i++) x.set(c.data.x.subarray((n - 1 - i) * w, (n - i) * w), i * w);
    const data2 = { ...c.data, x, labels: c.data.labels ? c.data.labels.slice().reverse() : undefined, targets: c.data.targets ? reverseRows(c.data.targets, n) : undefined };
    k.setData(data2);
    expect(relErr(k.points(c.d2, c.d1, [p]).loss[0], at(theta2, c.d2, c.d1, data2, ...p))).toBeLessThanOrEqual(1e-5);
  });
});

function reverseRows(a: Float32Array, n: number): Float32Array {
  const w = a.length / n, out = new Float32Array(a.length);
  for (let i = 0; i < n; i++) out.set(a.subarray((n - 1 - i) * w, (n - i) * w), i * w);
  return out;
}

describe('kernel against the float64 reference', () => {
  for (const { simd, build } of configs) {
    describe(`${simd} ${build}`, () => {
      for (const family of FAMILIES) {
        it.skipIf(simd === 'relaxed' && !relaxed)(family, async () => {
          await fc.assert(
            fc.asyncProperty(caseArb(family), fc.integer({ min: 1, max: 9 }), (c, batchSize) => check(c, simd, build, batchSize)),
            { ...FC, numRuns: build === 'debug' ? 4 : FC.numRuns },
          );
        });
      }
    });
  }
  it('relaxed SIMD is used where the engine has it', async () => {
    const k = await Kernel.create(caseArbSample().program);
    expect(k.flavor).toBe(relaxed ? 'relaxed' : 'plain');
  });
});

function caseArbSample(): Case {
  return fc.sample(caseArb('tanh'), { seed: 1, numRuns: 1 })[0];
}
