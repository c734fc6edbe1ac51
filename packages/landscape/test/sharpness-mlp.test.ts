// The sharpness measures through the kernel on small MLPs whose Hessian is assembled exactly
// (n HVPs): λmax and the filter-normalised curvature against the dense matrix; the worst-case
// measures against their first-order closed forms at small radii (the box's maximum of a linear
// function is Σ rᵢ|gᵢ|, the ball's ρ‖D·g‖) with the second-order term bounded by the exact ‖H‖,
// and against random search; the reparametrisation keeps the logits and changes the Hessian to
// exactly T⁻¹HT⁻¹.
import { describe, expect, it } from 'vitest';
import { resolveProgram } from '@nnll/core-wasm';
import { builtinModel, defaultInit } from '../src/models/builtin.js';
import type { Model } from '../src/models/model.js';
import { localBackend } from '../src/backend/wasm-local.js';
import { hessianOf } from '../src/hessian/operator.js';
import { exactHessian } from '../src/hessian/exact.js';
import { symmetricEigenvalues } from '../src/hessian/symmetric-eigen.js';
import { sharpness } from '../src/sharpness/sharpness.js';
import { objective } from '../src/sharpness/objective.js';
import { epsSharpness } from '../src/sharpness/eps-sharpness.js';
import { adaptiveWorst } from '../src/sharpness/adaptive-worst.js';
import { filterScales } from '../src/sharpness/filter-curvature.js';
import { reparametrize, ReparamError } from '../src/reparam/reparametrize.js';
import { maxLogitChange } from '../src/reparam/logit-change.js';
import { normal, uniform } from '../src/random.js';

function mlp(spec: string, seed: number): Model {
  const { program, consts } = builtinModel(spec);
  return { program, params: defaultInit(program, seed), consts, source: { kind: 'builtin', spec, sha256: '0'.repeat(64) } };
}

function data(inputs: number, classes: number, samples: number, seed: number) {
  const g = normal(seed);
  const x = Float32Array.from({ length: samples * inputs }, () => g());
  const labels = Int32Array.from({ length: samples }, (_, i) => (x[inputs * i] + x[inputs * i + 1] > 0 ? 0 : x[inputs * i + 2] > 0 ? 1 % classes : 2 % classes));
  return { x, labels, n: samples };
}

async function backendFor(model: Model, d: ReturnType<typeof data>) {
  const b = await localBackend(model, { simd: 'plain' });
  await b.setData(d);
  return b;
}

const absMax = (v: ArrayLike<number>) => Math.max(...Array.from(v, Math.abs));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('sharpness measures through the kernel', () => {
  it('λmax and the filter-normalised curvature match the exact Hessian of a 6-8-3 tanh MLP', async () => {
    const model = mlp('mlp:6-8-3:tanh', 1);
    const b = await backendFor(model, data(6, 3, 64, 4));
    const H = await exactHessian(hessianOf(b).hvp, model.params.length);
    const n = model.params.length;
    const top = symmetricEigenvalues(H.matrix, n)[0];
    const s = filterScales(model);
    const M = Float64Array.from(H.matrix, (v, k) => s[Math.floor(k / n)] * v * s[k % n]);
    const topS = symmetricEigenvalues(M, n)[0];
    let trS = 0;
    for (let i = 0; i < n; i++) trS += M[i * n + i];
    const r = await sharpness(b, model, { measures: ['lambda_max', 'lambda_max_filter', 'trace_filter'], tol: 1e-6, lanczosIter: n, directions: 400, seed: 3 });
    // float32 products: the assembled matrix is symmetric to ~1e-6 of ‖H‖ (hessian-mlp.test.ts); 1e-4 leaves margin
    expect(rel(r.lambda_max!, top)).toBeLessThan(1e-4);
    expect(rel(r.lambda_max_filter!, topS)).toBeLessThan(1e-4);
    const d = { stderr: r.details.trace_filter!.stderr! };
    expect(Math.abs(r.trace_filter! - trS)).toBeLessThan(4 * d.stderr + 1e-5 * Math.abs(trS));
    expect(d.stderr).toBeLessThan(0.1 * Math.abs(trS));
  });

  it('the worst-case measures reach their first-order maxima at small radii and beat random search', async () => {
    const model = mlp('mlp:6-8-3:tanh', 2); // at initialisation: a large gradient
    const b = await backendFor(model, data(6, 3, 64, 5));
    const n = model.params.length;
    const H = await exactHessian(hessianOf(b).hvp, n);
    const normH = absMax(symmetricEigenvalues(H.matrix, n));
    const obj = objective(b, model.params);
    const { loss, gradient: g } = await obj.gradient(null);

    // box: max gᵀy = Σ rᵢ|gᵢ|, the rest at most ½‖H‖‖r‖² (+ third order, hence the factor 2)
    const eps = 1e-3;
    const r = Float64Array.from(model.params, (t) => eps * (Math.abs(t) + 1));
    const linear = r.reduce((s, ri, i) => s + ri * Math.abs(g[i]), 0);
    const second = 0.5 * normH * r.reduce((s, v) => s + v * v, 0);
    const e = await epsSharpness(obj, { eps, loss });
    const rise = e.max_loss - loss;
    expect(Math.abs(rise - linear)).toBeLessThan(2 * second + 1e-6 * loss);
    expect(second).toBeLessThan(0.1 * linear); // the check is first-order dominated
    // random vertices of the box never beat the ascent
    const u = uniform(1);
    let random = -Infinity;
    for (let k = 0; k < 100; k++) random = Math.max(random, (await obj.loss(Float64Array.from(r, (ri) => (u() < 0.5 ? -ri : ri)))).loss);
    expect(e.max_loss).toBeGreaterThanOrEqual(random);

    // ball: max over ‖u‖ ≤ ρ of (D·g)ᵀu = ρ‖D·g‖, D = diag|θ|
    const rho = 1e-2;
    const Dg = Float64Array.from(g, (v, i) => Math.abs(model.params[i]) * v);
    const lin = rho * Math.hypot(...Dg);
    const sec = 0.5 * normH * rho * rho * absMax(model.params) ** 2;
    const w = await adaptiveWorst(obj, { rho, loss, seed: 1 });
    expect(Math.abs(w.value - lin)).toBeLessThan(2 * sec + 1e-6 * loss);
    expect(sec).toBeLessThan(0.1 * lin);
    await obj.restore();
  });

  it('reparametrisation keeps the logits to float32 precision and turns H into T⁻¹HT⁻¹ exactly', async () => {
    const model = mlp('mlp:5-7-6-3:relu', 3);
    const d = data(5, 3, 48, 6);
    const n = model.params.length;
    for (const alpha of [0.1, 10]) {
      const rp = reparametrize(model, { layer: 'fc1.weight', alpha });
      expect(rp.next).toBe('fc2.weight');
      expect(rp.chain).toEqual(['relu']);
      // logits on the data, before and after, in float64: only the float32 rounding of the scaled parameters differs
      const c = maxLogitChange(model, rp.model, d);
      expect(c.samples).toBe(48);
      expect(c.max_logit_change).toBeLessThan(1e-6 * c.max_logit);
      expect(c.max_logit_change).toBeGreaterThan(0); // rounding did happen: the check is not comparing a model with itself

      // T: α on fc1 (weights, bias), 1/α on fc2's weights, 1 elsewhere
      const t = new Float64Array(n).fill(1);
      for (const s of rp.scaled) {
        const slot = resolveProgram(model.program).paramIndex.get(s.name)!;
        t.fill(s.factor, slot.offset, slot.offset + slot.size);
      }
      const H0 = (await exactHessian(hessianOf(await backendFor(model, d)).hvp, n)).matrix;
      const H1 = (await exactHessian(hessianOf(await backendFor(rp.model, d)).hvp, n)).matrix;
      const predicted = Float64Array.from(H0, (v, k) => v / (t[Math.floor(k / n)] * t[k % n]));
      const top0 = symmetricEigenvalues(H0, n)[0], top1 = symmetricEigenvalues(H1, n)[0], topP = symmetricEigenvalues(predicted, n)[0];
      // entry-wise to float32 accuracy of the largest entry, the top eigenvalue to 1e-4
      const big = absMax(predicted);
      for (let k = 0; k < n * n; k++) expect(Math.abs(H1[k] - predicted[k])).toBeLessThan(1e-4 * big);
      expect(rel(top1, topP)).toBeLessThan(1e-4);
      // large α: fc2's block (× α²) dominates
      if (alpha === 10) expect(top1 / top0).toBeGreaterThan(10);
    }
  });

  it('refuses layers without a function-preserving rescaling', () => {
    const tanh = mlp('mlp:4-5-3:tanh', 0);
    expect(() => reparametrize(tanh, { layer: 'fc1.weight', alpha: 2 })).toThrow(/layer fc1.weight: followed by tanh \(tanh\(αx\) ≠ α·tanh\(x\)\)/);
    const relu = mlp('mlp:4-5-3:relu', 0);
    expect(() => reparametrize(relu, { layer: 1, alpha: 2 })).toThrow(/the network's output \(the last layer\)/);
    expect(() => reparametrize(relu, { layer: 'fc9.weight', alpha: 2 })).toThrow(/invalid layer: "fc9.weight" \(a dense or conv layer's weight: fc1.weight, fc2.weight, or its index\)/);
    expect(() => reparametrize(relu, { layer: 0, alpha: -1 })).toThrow(ReparamError);
    const res = mlp('resmlp:4-5-1-3:relu', 0);
    expect(() => reparametrize(res, { layer: 0, alpha: 2 })).toThrow(/feeds 2 ops \(a branch\)/);
  });

  it('a conv layer followed by batch norm is rescaled alone, running statistics and ε with it', async () => {
    const { program, consts } = builtinModel('rescnn:1x6x6:3-1:2:relu');
    const params = defaultInit(program, 2);
    // running statistics away from their initial values
    const stats = Float32Array.from(consts, (v, i) => (v === 1 ? 0.02 + (i % 3) * 0.01 : 0.1 * Math.sin(i)));
    const model: Model = { program, params, consts: stats, source: { kind: 'builtin', spec: 'rescnn', sha256: '0'.repeat(64) } };
    const rp = reparametrize(model, { layer: 0, alpha: 7 });
    expect(rp.via).toBe('batchnorm');
    const x = Float32Array.from({ length: 4 * 36 }, (_, i) => Math.cos(i));
    const c = maxLogitChange(model, rp.model, { x, n: 4, labels: new Int32Array(4) });
    expect(c.max_logit_change).toBeLessThan(1e-6 * c.max_logit);
    // without ε × α² the normalisation would differ by ε(1 − 1/α²)/(2σ²) ≈ 2e-4 here: 10× what rounding leaves
    const epsKept = { ...rp.model, program: model.program };
    expect(maxLogitChange(model, epsKept, { x, n: 4, labels: new Int32Array(4) }).max_logit_change).toBeGreaterThan(10 * c.max_logit_change);
  });
});
