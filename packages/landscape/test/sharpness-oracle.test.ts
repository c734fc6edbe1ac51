// Every sharpness measure against its closed form on a quadratic loss with a known Hessian,
// L(θ) = L₀ + ½(θ − c)ᵀH(θ − c), evaluated in float64 (quadratic-backend.ts): λmax and the trace are
// H's; the ε-box maximum is at a vertex (a convex function), in closed form for a diagonal H and by
// enumerating the vertices otherwise; the adaptive worst case is a trust-region problem solved by its
// secular equation; the averages are ½ρ²·Σ Hᵢᵢθᵢ² and the PAC-Bayes σ solves ½σ²·tr H = target.
// Monte Carlo estimates must hold the truth within 4 standard errors AND a fixed relative cap, so an
// estimator with an inflated error bar fails too.
import { describe, expect, it } from 'vitest';
import { sharpness } from '../src/sharpness/sharpness.js';
import { objective } from '../src/sharpness/objective.js';
import { epsSharpness } from '../src/sharpness/eps-sharpness.js';
import { adaptiveWorst } from '../src/sharpness/adaptive-worst.js';
import { adaptiveAverage } from '../src/sharpness/adaptive-average.js';
import { pacBayesSigma } from '../src/sharpness/pac-bayes.js';
import { filterScales } from '../src/sharpness/filter-curvature.js';
import { symmetricEigen, symmetricEigenvalues } from '../src/hessian/symmetric-eigen.js';
import { normalizeDirection } from '../src/directions/normalize.js';
import { randomDirection } from '../src/directions/random.js';
import { normal } from '../src/random.js';
import { gaussian, layoutModel, plantedMatrix, quadraticBackend } from './quadratic-backend.js';

const spectrum = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? 5 : i === 1 ? 2 : 1.5 / (1 + 0.3 * i)));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** M = D·H·D for a diagonal D (as a vector). */
function sandwich(H: Float64Array, d: ArrayLike<number>, n: number): Float64Array {
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M[i * n + j] = d[i] * H[i * n + j] * d[j];
  return M;
}

const quadForm = (H: Float64Array, v: ArrayLike<number>, n: number) => {
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += v[i] * H[i * n + j] * v[j];
  return s;
};

describe('sharpness measures on a quadratic with a known Hessian', () => {
  const model = layoutModel('mlp:3-4-2:relu', 3); // 26 parameters: the layout filter normalisation reads
  const n = model.params.length;
  const theta = Float64Array.from(model.params);
  const H = plantedMatrix(spectrum(n), 1);
  const trH = spectrum(n).reduce((a, b) => a + b, 0);

  it('λmax and the trace are those of H', async () => {
    const q = quadraticBackend(H, theta, 0.3);
    const r = await sharpness(q.backend, model, { measures: ['lambda_max', 'trace'], tol: 1e-10, lanczosIter: n, probes: 4000, seed: 2 });
    // n Lanczos steps in float64: exact to rounding
    expect(rel(r.lambda_max!, 5)).toBeLessThan(1e-10);
    const t = { stderr: r.details.trace!.stderr! };
    expect(Math.abs(r.trace! - trH)).toBeLessThan(4 * t.stderr);
    expect(t.stderr).toBeLessThan(0.02 * trH);
    expect(r.loss).toBeCloseTo(0.3, 12);
    expect(r.counts.lambda_max!.hvps).toBeGreaterThan(0);
    expect(r.counts.trace!.hvps).toBe(4000);
  });

  it('the filter-normalised curvature is that of S·H·S, S = diag(‖w_f‖/√m_f)', async () => {
    const q = quadraticBackend(H, theta);
    const s = filterScales(model);
    // S by hand: every output unit of a weight tensor (rows of [out, in]), biases 0
    const w1 = model.params.subarray(0, 12); // fc0.weight [4, 3]
    for (let u = 0; u < 4; u++) {
      const norm = Math.hypot(...w1.subarray(3 * u, 3 * u + 3));
      for (let k = 0; k < 3; k++) expect(s[3 * u + k]).toBeCloseTo(norm / Math.sqrt(3), 6);
    }
    for (let i = 12; i < 16; i++) expect(s[i]).toBe(0); // fc0.bias
    const M = sandwich(H, s, n);
    const top = symmetricEigenvalues(M, n)[0];
    let trM = 0;
    for (let i = 0; i < n; i++) trM += M[i * n + i];
    const r = await sharpness(q.backend, model, { measures: ['lambda_max_filter', 'trace_filter'], tol: 1e-10, lanczosIter: n, directions: 3000, seed: 5 });
    expect(rel(r.lambda_max_filter!, top)).toBeLessThan(1e-8);
    const d = { values: r.details.trace_filter!.values as number[], stderr: r.details.trace_filter!.stderr! };
    // every direction's curvature is dᵀHd of the filter-normalised direction (the surface's own)
    for (const k of [0, 1, 2999]) {
      const dir = normalizeDirection(randomDirection(n, 5 + k), model, { norm: 'filter', ignore: 'biasbn' });
      expect(rel(d.values[k], quadForm(H, dir, n))).toBeLessThan(1e-12);
    }
    // unbiased for tr(SHS): 4 standard errors, and the error bar itself within 5 %
    expect(Math.abs(r.trace_filter! - trM)).toBeLessThan(4 * d.stderr);
    expect(d.stderr).toBeLessThan(0.05 * trM);
  });

  it('ε-sharpness: a diagonal H has its maximum at the vertex away from c', async () => {
    const h = Float64Array.from({ length: n }, (_, i) => 0.5 + (i % 5));
    const Hd = new Float64Array(n * n);
    for (let i = 0; i < n; i++) Hd[i * n + i] = h[i];
    const off = gaussian(n, 7).map((v) => 0.01 * v);
    const c = theta.map((t, i) => t - off[i]);
    const q = quadraticBackend(Hd, c, 0.2);
    for (const eps of [1e-3, 5e-4, 0.05]) {
      const r = await epsSharpness(objective(q.backend, model.params), { eps });
      const L = q.f(model.params);
      let max = 0.2;
      for (let i = 0; i < n; i++) max += 0.5 * h[i] * (Math.abs(model.params[i] - c[i]) + eps * (Math.abs(model.params[i]) + 1)) ** 2;
      // the ascent clamps to the vertex: exact up to float64 rounding of the sums
      expect(rel(r.value, ((max - L) / (1 + L)) * 100)).toBeLessThan(1e-9);
      expect(r.converged).toBe(true);
    }
  });

  it('ε-sharpness: a dense H against every vertex of the box (full space and a 3-dimensional subspace)', async () => {
    const small = layoutModel('mlp:1-2-1:relu', 4); // 7 parameters: 128 vertices
    const m = small.params.length;
    const Hs = plantedMatrix([3, 1, 0.7, 0.5, 0.3, 0.2, 0.1], 9);
    const c = Float64Array.from(small.params, (t, i) => t - 0.02 * Math.sin(3 * i + 1));
    const q = quadraticBackend(Hs, c);
    const eps = 0.05;
    const L = q.f(small.params);
    const r = Float64Array.from(small.params, (t) => eps * (Math.abs(t) + 1));
    let best = -Infinity;
    for (let v = 0; v < 2 ** m; v++) best = Math.max(best, q.f(Float64Array.from(small.params, (t, i) => t + ((v >> i) & 1 ? r[i] : -r[i]))));
    const full = await epsSharpness(objective(q.backend, small.params), { eps, restarts: 8, seed: 1, maxIter: 100 });
    expect(rel(full.max_loss, best)).toBeLessThan(1e-9);
    expect(rel(full.value, ((best - L) / (1 + L)) * 100)).toBeLessThan(1e-9);

    // subspace: A (7×3) Gaussian as the measure draws it, the box around A⁺θ, 8 vertices
    const p = 3;
    const g = normal(11);
    const A = Array.from({ length: p }, () => Float64Array.from({ length: m }, () => Math.fround(g())));
    const w = leastSquares(A, Float64Array.from(small.params));
    const rz = w.map((v) => eps * (Math.abs(v) + 1));
    let bestZ = -Infinity;
    for (let v = 0; v < 2 ** p; v++) {
      const x = Float64Array.from(small.params);
      for (let j = 0; j < p; j++) for (let i = 0; i < m; i++) x[i] += A[j][i] * ((v >> j) & 1 ? rz[j] : -rz[j]);
      bestZ = Math.max(bestZ, q.f(x));
    }
    const sub = await epsSharpness(objective(q.backend, small.params), { eps, subspace: p, restarts: 8, seed: 11, maxIter: 100 });
    expect(sub.subspace).toBe(3);
    expect(rel(sub.max_loss, bestZ)).toBeLessThan(1e-9);
  });

  it('adaptive worst case: ½ρ²·λmax(DHD) at a minimum, the trust-region maximum elsewhere', async () => {
    const D = Float64Array.from(theta, Math.abs);
    const M = sandwich(H, D, n);
    const rho = 0.5;
    const atMin = await adaptiveWorst(objective(quadraticBackend(H, theta).backend, model.params), { rho, restarts: 3, maxIter: 500, tol: 1e-12, seed: 3 });
    const top = symmetricEigenvalues(M, n)[0];
    expect(rel(atMin.value, 0.5 * rho * rho * top)).toBeLessThan(1e-6);
    // u = 0 is a stationary point at the minimum: the random starts find the maximum
    expect(atMin.starts[0]).toBe(0);

    const off = gaussian(n, 8).map((v) => 0.05 * v);
    const c = theta.map((t, i) => t - off[i]);
    const q = quadraticBackend(H, c);
    const r = await adaptiveWorst(objective(q.backend, model.params), { rho, restarts: 3, maxIter: 500, tol: 1e-12, seed: 3 });
    // max gᵀu + ½uᵀMu over ‖u‖ ≤ ρ with g = D·H·(θ − c): u = (λI − M)⁻¹g, λ > λmax(M), ‖u‖ = ρ
    const hd = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) hd[i] += H[i * n + j] * off[j];
    const gu = hd.map((v, i) => D[i] * v);
    const truth = trustRegionMax(M, gu, rho, n);
    expect(rel(r.value, truth)).toBeLessThan(1e-6);
  });

  it('adaptive average case: ½ρ²·Σ Hᵢᵢθᵢ², within 4 standard errors and 5 %', async () => {
    const off = gaussian(n, 8).map((v) => 0.05 * v);
    const q = quadraticBackend(H, theta.map((t, i) => t - off[i]));
    const rho = 0.3;
    let truth = 0;
    for (let i = 0; i < n; i++) truth += 0.5 * rho * rho * H[i * n + i] * theta[i] ** 2;
    const r = await adaptiveAverage(objective(q.backend, model.params), { rho, samples: 4000, seed: 4 });
    expect(Math.abs(r.value - truth)).toBeLessThan(4 * r.stderr);
    expect(r.stderr).toBeLessThan(0.05 * truth);
  });

  it('PAC-Bayes σ: the root of ½σ²·tr H = target (plain) and of ½Σ Hᵢᵢ(σ²θᵢ² + ε²) = target (magnitude-aware)', async () => {
    const q = quadraticBackend(H, theta);
    const target = 0.1, M = 400, seed = 6;
    const r = await pacBayesSigma(objective(q.backend, model.params), { target, samples: M, seed, depth: 30 });
    // the same draws z_k as the measure: its rise is ½σ²·mean zᵀHz exactly, so the bisection brackets that root
    const g = normal(seed);
    let mean = 0;
    for (let k = 0; k < M; k++) mean += quadForm(H, Float64Array.from({ length: n }, () => g()), n) / M;
    const crn = Math.sqrt((2 * target) / mean);
    expect(r.bracket[0]).toBeLessThanOrEqual(crn * (1 + 1e-12));
    expect(r.bracket[1]).toBeGreaterThanOrEqual(crn * (1 - 1e-12));
    expect(rel(r.value, crn)).toBeLessThan(1e-7);
    // the expectation's root: 4 of the measure's own noise, and that noise within 5 %
    const truth = Math.sqrt((2 * target) / trH);
    expect(Math.abs(r.value - truth)).toBeLessThan(4 * r.noise);
    expect(r.noise).toBeLessThan(0.05 * truth);

    const magEps = 1e-3;
    const mag = await pacBayesSigma(objective(q.backend, model.params), { target, samples: M, seed, depth: 30, magnitude: true, magEps });
    let hth = 0;
    for (let i = 0; i < n; i++) hth += H[i * n + i] * theta[i] ** 2;
    const magTruth = Math.sqrt((2 * target - magEps * magEps * trH) / hth);
    expect(Math.abs(mag.value - magTruth)).toBeLessThan(4 * mag.noise);
    expect(mag.noise).toBeLessThan(0.05 * magTruth);
    // the rise at σ* is within the target and above it at the bracket's top (checked densely here)
    const riseAt = (sigma: number) => {
      const z = normal(seed);
      let s = 0;
      for (let k = 0; k < M; k++) s += 0.5 * quadForm(H, Float64Array.from(theta, (t) => Math.sqrt(sigma * sigma * t * t + magEps * magEps) * z()), n) / M;
      return s;
    };
    expect(riseAt(mag.bracket[0])).toBeLessThanOrEqual(target);
    expect(riseAt(mag.bracket[1])).toBeGreaterThan(target);
  });

  it('a cancelled run keeps the measures it finished and leaves the backend at θ', async () => {
    const q = quadraticBackend(H, theta);
    const ac = new AbortController();
    const r = await sharpness(q.backend, model, {
      measures: ['lambda_max', 'trace', 'adaptive_average'],
      onMeasure: (m) => m === 'trace' && ac.abort(),
      signal: ac.signal,
    });
    expect(r.complete).toBe(false);
    expect(r.lambda_max).not.toBeNull();
    expect(r.trace).toBeNull();
    expect(r.adaptive_average).toBeNull();
    expect((await q.backend.loss()).loss).toBe(q.f(model.params));
  });
});

/** A⁺θ by modified Gram–Schmidt QR of A (columns), independent of the measure's Cholesky. */
function leastSquares(A: Float64Array[], b: Float64Array): Float64Array {
  const p = A.length;
  const Q = A.map((c) => Float64Array.from(c));
  const R = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < j; i++) {
      let s = 0;
      for (let k = 0; k < b.length; k++) s += Q[i][k] * Q[j][k];
      R[i * p + j] = s;
      for (let k = 0; k < b.length; k++) Q[j][k] -= s * Q[i][k];
    }
    const norm = Math.hypot(...Q[j]);
    R[j * p + j] = norm;
    for (let k = 0; k < b.length; k++) Q[j][k] /= norm;
  }
  const qb = Q.map((q) => q.reduce((s, v, k) => s + v * b[k], 0));
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = qb[i];
    for (let k = i + 1; k < p; k++) s -= R[i * p + k] * x[k];
    x[i] = s / R[i * p + i];
  }
  return x;
}

/** max gᵀu + ½uᵀMu over ‖u‖ ≤ ρ for a positive semi-definite M (the maximum lies on the sphere). */
function trustRegionMax(M: Float64Array, g: Float64Array, rho: number, n: number): number {
  const { values, vectors } = symmetricEigen(M, n);
  const gq = Array.from({ length: n }, (_, k) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += vectors[i * n + k] * g[i];
    return s;
  });
  // ‖u(λ)‖² = Σ (qₖᵀg)²/(λ − μₖ)², decreasing in λ > μ₁
  const normAt = (lambda: number) => Math.sqrt(gq.reduce((s, c, k) => s + (c / (lambda - values[k])) ** 2, 0));
  let lo = values[0] + 1e-15, hi = values[0] + 1;
  while (normAt(hi) > rho) hi = values[0] + 2 * (hi - values[0]);
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    if (normAt(mid) > rho) lo = mid;
    else hi = mid;
  }
  const lambda = (lo + hi) / 2;
  return gq.reduce((s, c, k) => {
    const uk = c / (lambda - values[k]);
    return s + c * uk + 0.5 * values[k] * uk * uk;
  }, 0);
}
