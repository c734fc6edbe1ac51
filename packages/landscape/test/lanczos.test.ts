// Lanczos and the Jacobi eigensolver against planted spectra. Tolerances: Jacobi is backward
// stable (eigenvalue error ≲ n·ε·‖A‖ ≈ 1e-13 here, we allow 1e-10·‖A‖); Lanczos stops at a relative
// residual of 1e-8, and an eigenvalue's error is bounded by its residual (and by residual²/gap),
// so 1e-7 relative is a safe and still discriminating bound.
import { describe, expect, it } from 'vitest';
import { lanczos } from '../src/hessian/lanczos.js';
import { symmetricEigen } from '../src/hessian/symmetric-eigen.js';
import { normal } from '../src/random.js';

/** A = Q·diag(λ)·Qᵀ with a random orthogonal Q (Gram–Schmidt of Gaussian columns). */
function planted(lambda: number[], seed: number): Float64Array {
  const n = lambda.length;
  const g = normal(seed);
  const Q: Float64Array[] = [];
  while (Q.length < n) {
    const v = Float64Array.from({ length: n }, () => g());
    for (const q of Q) {
      const c = v.reduce((s, x, i) => s + x * q[i], 0);
      for (let i = 0; i < n; i++) v[i] -= c * q[i];
    }
    const nv = Math.hypot(...v);
    Q.push(v.map((x) => x / nv));
  }
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) A[i * n + j] = lambda.reduce((s, l, k) => s + l * Q[k][i] * Q[k][j], 0);
  return A;
}

const matvec = (A: Float64Array, n: number) => (v: Float64Array): Float64Array =>
  Float64Array.from({ length: n }, (_, i) => v.reduce((s, x, j) => s + A[i * n + j] * x, 0));

describe('symmetricEigen', () => {
  it('recovers a planted spectrum and orthonormal eigenvectors', () => {
    const lambda = Array.from({ length: 30 }, (_, i) => Math.sin(i * 1.7) * 5 + (i === 3 ? 20 : 0));
    const A = planted(lambda, 1);
    const { values, vectors } = symmetricEigen(A, 30);
    const want = [...lambda].sort((a, b) => b - a);
    values.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(1e-10 * 20));
    const Av = matvec(A, 30);
    for (let k = 0; k < 30; k++) {
      const y = Float64Array.from({ length: 30 }, (_, i) => vectors[i * 30 + k]);
      const r = Av(y).map((x, i) => x - values[k] * y[i]);
      expect(Math.hypot(...r)).toBeLessThan(1e-10 * 20);
      expect(Math.hypot(...y)).toBeCloseTo(1, 12);
    }
  });
});

describe('lanczos', () => {
  const lambda = [9, 7.5, 6, 5.2, 4.9, ...Array.from({ length: 55 }, (_, i) => 4 * Math.cos(i) - 1), -8, -7];
  const n = lambda.length;
  const A = planted(lambda, 2);
  const sorted = [...lambda].sort((a, b) => b - a);

  it('finds the top-5 algebraic eigenvalues with fewer HVPs than the dimension', async () => {
    const r = await lanczos(matvec(A, n), n, { k: 5, tol: 1e-8, maxIter: n, seed: 3 });
    expect(r.converged).toBe(true);
    r.eigenvalues.forEach((e, i) => expect(Math.abs(e - sorted[i]) / Math.abs(sorted[i])).toBeLessThan(1e-7));
    expect(r.hvp_count).toBeLessThan(n);
    r.residuals.forEach((res, i) => expect(res).toBeLessThanOrEqual(1e-8 * Math.abs(r.eigenvalues[i])));
  });

  it('finds the smallest and the largest-magnitude eigenvalues', async () => {
    const s = await lanczos(matvec(A, n), n, { k: 2, which: 'smallest', tol: 1e-8, maxIter: n });
    expect(s.eigenvalues[0]).toBeCloseTo(-8, 6);
    expect(s.eigenvalues[1]).toBeCloseTo(-7, 6);
    const m = await lanczos(matvec(A, n), n, { k: 3, which: 'magnitude', tol: 1e-8, maxIter: n });
    expect(m.eigenvalues.map((x) => Math.round(x * 1e6) / 1e6)).toEqual([9, -8, 7.5]);
  });

  it('returns Ritz vectors whose true residual matches the reported one', async () => {
    const r = await lanczos(matvec(A, n), n, { k: 2, tol: 1e-6, vectors: true, seed: 5 });
    const y = r.eigenvectors![0];
    const res = matvec(A, n)(y).map((x, i) => x - r.eigenvalues[0] * y[i]);
    expect(Math.hypot(...res)).toBeCloseTo(r.residuals[0], 6);
  });

  it('reports the same Ritz values and HVP count with and without vectors', async () => {
    const a = await lanczos(matvec(A, n), n, { k: 3, tol: 1e-8, maxIter: n, seed: 4 });
    const b = await lanczos(matvec(A, n), n, { k: 3, tol: 1e-8, maxIter: n, seed: 4, vectors: true });
    b.eigenvalues.forEach((e, i) => expect(Math.abs(e - a.eigenvalues[i])).toBeLessThan(1e-12 * 9));
    b.residuals.forEach((r, i) => expect(Math.abs(r - a.residuals[i])).toBeLessThan(1e-12 * 9));
    expect([a.hvp_count, a.converged, a.which]).toEqual([b.hvp_count, b.converged, b.which]);
  });

  it('is exact after an invariant subspace (breakdown) and after n steps', async () => {
    // Start in the span of two eigenvectors of a diagonal matrix: Lanczos breaks down after 2 steps.
    const diag = (v: Float64Array): Float64Array => v.map((x, i) => (i + 1) * x);
    const start = new Float64Array(10);
    start[2] = 1;
    start[7] = 1;
    const r = await lanczos(diag, 10, { k: 2, start, tol: 1e-14 });
    expect(r.hvp_count).toBe(2);
    expect(r.converged).toBe(true);
    expect(r.eigenvalues.map((e) => Math.round(e * 1e12) / 1e12)).toEqual([8, 3]);
    const all = await lanczos(diag, 10, { k: 10, tol: 1e-14, maxIter: 50 });
    expect(all.hvp_count).toBe(10);
    expect(all.converged).toBe(true);
    expect(all.eigenvalues.map((e) => Math.round(e * 1e9) / 1e9)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('does not modify the caller\'s start vector and rejects bad options', async () => {
    const start = new Float64Array(n).fill(1);
    await lanczos(matvec(A, n), n, { start, maxIter: 5 });
    expect(Array.from(start).every((x) => x === 1)).toBe(true);
    await expect(lanczos(matvec(A, n), n, { k: 0 })).rejects.toThrow(/invalid k: 0/);
    await expect(lanczos(matvec(A, n), n, { which: 'middle' as never })).rejects.toThrow(/invalid which: middle/);
  });
});
