// Householder tridiagonalisation + implicit QL against cyclic Jacobi, and exact mode on planted
// spectra. Tolerances: both eigensolvers are backward stable, so each eigenvalue is within
// ~n·ε·‖A‖ (≈ 1e-13·‖A‖ at these sizes) of the truth; 1e-10·‖A‖ leaves three orders of margin
// and still catches any real mistake (a wrong rotation or reflector moves eigenvalues by O(‖A‖)).
import { describe, expect, it } from 'vitest';
import { householderTridiagonal, tridiagonalEigen } from '../src/hessian/tridiagonal.js';
import { symmetricEigen, symmetricEigenvalues } from '../src/hessian/symmetric-eigen.js';
import { exactHessian, exactSpectrum } from '../src/hessian/exact.js';
import { plantedOperator } from '../src/hessian/planted.js';
import { denseHvp } from '../src/hessian/operator.js';
import { normal } from '../src/random.js';

function randomSymmetric(n: number, seed: number): Float64Array {
  const g = normal(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = g();
  return a;
}

function diagonal(values: readonly number[]): Float64Array {
  const n = values.length;
  const a = new Float64Array(n * n);
  values.forEach((v, i) => (a[i * n + i] = v));
  return a;
}

const normOf = (values: ArrayLike<number>): number => Math.max(Math.abs(values[0]), Math.abs(values[values.length - 1]));

describe('tridiagonal QL', () => {
  it('matches Jacobi on random symmetric 60×60 matrices to 1e-10·‖A‖, with orthonormal eigenvectors', () => {
    const n = 60;
    for (const seed of [1, 2, 3]) {
      const a = randomSymmetric(n, seed);
      const copy = a.slice();
      const jac = symmetricEigen(a, n, { method: 'jacobi' });
      const ql = symmetricEigen(a, n, { method: 'householder' });
      expect(a).toEqual(copy);
      const norm = normOf(jac.values);
      for (let i = 0; i < n; i++) expect(Math.abs(ql.values[i] - jac.values[i])).toBeLessThan(1e-10 * norm);
      expect(Math.max(...symmetricEigenvalues(a, n).map((v, i) => Math.abs(v - jac.values[i])))).toBeLessThan(1e-10 * norm);
      // A·v = λ·v and VᵀV = I for the QL eigenvectors.
      const Av = denseHvp(a, n);
      for (let k = 0; k < n; k += 7) {
        const v = Float64Array.from({ length: n }, (_, i) => ql.vectors[i * n + k]);
        const r = (Av(v) as Float64Array).map((x, i) => x - ql.values[k] * v[i]);
        expect(Math.hypot(...r)).toBeLessThan(1e-10 * norm);
        for (let l = 0; l < n; l += 11) {
          let s = 0;
          for (let i = 0; i < n; i++) s += v[i] * ql.vectors[i * n + l];
          expect(Math.abs(s - (k === l ? 1 : 0))).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('reproduces A = Q·T·Qᵀ and handles tiny and already-tridiagonal matrices', () => {
    const n = 12;
    const a = randomSymmetric(n, 4);
    const { d, e, q } = householderTridiagonal(a, n, { vectors: true });
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) {
          const tk = (r: number): number => (r === k ? d[k] : r === k - 1 ? e[k - 1] : r === k + 1 ? e[k] : 0);
          for (let l = Math.max(0, k - 1); l <= Math.min(n - 1, k + 1); l++) s += q![i * n + k] * tk(l) * q![j * n + l];
        }
        expect(Math.abs(s - a[i * n + j])).toBeLessThan(1e-12);
      }
    expect(Array.from(symmetricEigenvalues([5], 1))).toEqual([5]);
    expect(Array.from(symmetricEigenvalues([2, 1, 1, 2], 2, { method: 'householder' })).map((x) => Math.round(x * 1e12) / 1e12)).toEqual([3, 1]);
    // Diagonal and tridiagonal inputs (every reflector is skipped) and a zero matrix.
    expect(Array.from(symmetricEigenvalues([3, 0, 0, 0, 1, 0, 0, 0, 2], 3, { method: 'householder' }))).toEqual([3, 2, 1]);
    expect(Array.from(symmetricEigenvalues(new Float64Array(16), 4, { method: 'householder' }))).toEqual([0, 0, 0, 0]);
    expect(() => symmetricEigen([1, 2, 3], 2)).toThrow(/expected 2×2 values, got 3/);
    expect(() => symmetricEigen([1], 1, { method: 'qr' as never })).toThrow(/invalid method: qr/);
  });

  it('converges on a graded tridiagonal matrix running from 1e-66 up to 1 (a dead-ReLU Hessian)', () => {
    // The relative deflation test alone cycled here (no convergence after 60 sweeps) on the exact
    // Hessian of a ReLU MLP at init, whose reduction has a long run of entries far below ε·‖T‖.
    const n = 200;
    const g = normal(1);
    const d = Array.from({ length: n }, (_, i) => g() * 10 ** (-66 + (66 * i) / n));
    const e = Array.from({ length: n - 1 }, (_, i) => g() * 10 ** (-66 + (66 * i) / n));
    const { values } = tridiagonalEigen(d, e);
    const dense = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      dense[i * n + i] = d[i];
      if (i + 1 < n) dense[i * n + i + 1] = dense[(i + 1) * n + i] = e[i];
    }
    const jac = symmetricEigen(dense, n, { method: 'jacobi' }).values;
    const norm = normOf(jac);
    values.forEach((v, i) => expect(Math.abs(v - jac[i])).toBeLessThan(1e-10 * norm));
  });

  it('gives Gauss quadrature weights from the first row only', () => {
    // T of the Jacobi matrix of the Chebyshev weight on [−1, 1]: nodes cos((2k−1)π/2m), equal weights 1/m.
    const m = 8;
    const beta = Array.from({ length: m - 1 }, (_, i) => (i === 0 ? Math.SQRT1_2 : 0.5));
    const { values, vectors } = tridiagonalEigen(new Array(m).fill(0), beta, { rows: [0] });
    values.forEach((v, k) => expect(v).toBeCloseTo(Math.cos(((2 * k + 1) * Math.PI) / (2 * m)), 12));
    vectors.forEach((w) => expect(w * w).toBeCloseTo(1 / m, 12));
  });
});

describe('exact mode', () => {
  it('recovers a planted spectrum of n = 300 to 1e-10·‖A‖, with trace, eig_min and negative fraction', async () => {
    const n = 300;
    const lambda = Array.from({ length: n }, (_, i) => (i < 4 ? [40, -25, 12, 9][i] : Math.sin(1.3 * i) * 3 + 0.5));
    const A = plantedOperator(lambda, { seed: 7 });
    const r = await exactSpectrum(A.hvp, n);
    const norm = 40;
    r.eigenvalues.forEach((v, i) => expect(Math.abs(v - A.eigenvalues[i])).toBeLessThan(1e-10 * norm));
    expect(r.hvp_count).toBe(n);
    expect(r.relative_asymmetry).toBeLessThan(1e-13);
    expect(Math.abs(r.trace - lambda.reduce((a, b) => a + b, 0))).toBeLessThan(1e-10 * norm * n);
    expect(r.eig_min).toBeCloseTo(-25, 10);
    expect(r.eig_max).toBeCloseTo(40, 10);
    // τ by default: 1.5 gaps of the 90-node Gauss rule of the spectrum next to its node nearest 0
    // (negative.ts); the fractions count the exact eigenvalues on either side of ±τ.
    expect(r.neg_threshold).toBeGreaterThan(1e-5 * norm);
    expect(r.neg_fraction).toBe(lambda.filter((l) => l < -r.neg_threshold).length / n);
    expect(r.near_zero_fraction).toBe(lambda.filter((l) => Math.abs(l) <= r.neg_threshold).length / n);
    // A given τ is used as is.
    const fixed = await exactSpectrum(A.hvp, n, { negThreshold: 1e-6 * norm });
    expect(fixed.neg_threshold).toBe(1e-6 * norm);
    expect(fixed.neg_fraction).toBe(lambda.filter((l) => l < -1e-6 * norm).length / n);
  });

  it('with as many quadrature nodes as eigenvalues the rule is exact: τ is its floor, negTol·max|λ|', async () => {
    // The n-node Gauss rule of n distinct points is the points themselves, with zero residuals: no
    // node's sign is in doubt, so every negative eigenvalue counts.
    const lambda = [4, 2, 1, 0.3, 0.01, -0.05, -0.2, -1];
    const r = await exactSpectrum(denseHvp(diagonal(lambda), 8), 8, { steps: 8 });
    expect(r.neg_threshold).toBeCloseTo(4e-5, 15);
    expect(r.neg_fraction).toBe(3 / 8);
    expect(r.near_zero_fraction).toBe(0);
    // With fewer nodes than eigenvalues, τ is 1.5 gaps of the quadrature at 0: wider than the floor.
    const coarse = await exactSpectrum(denseHvp(diagonal(lambda), 8), 8, { steps: 4 });
    expect(coarse.neg_threshold).toBeGreaterThan(1e-3);
    expect(coarse.neg_fraction).toBe(lambda.filter((l) => l < -coarse.neg_threshold).length / 8);
    // The floor: τ ≥ negTol·max|λ|.
    expect((await exactSpectrum(denseHvp(diagonal(lambda), 8), 8, { steps: 8, negTol: 0.5 })).neg_threshold).toBeCloseTo(2, 12);
    await expect(exactSpectrum(denseHvp(diagonal(lambda), 8), 8, { steps: 0 })).rejects.toThrow(/invalid steps: 0/);
    await expect(exactSpectrum(denseHvp(diagonal(lambda), 8), 8, { negThreshold: -1 })).rejects.toThrow(/invalid negThreshold: -1/);
  });

  it('reports the asymmetry of the assembled columns, refuses oversized models and leaves no state behind', async () => {
    const n = 3;
    // Column j = A·e_j of a non-symmetric A: the assembled matrix is symmetrised and the gap reported.
    const A = [2, 1, 0, 1.5, 3, 0, 0, 0, 1];
    const cols: Float64Array[] = [];
    const hvp = (v: Float64Array): Float64Array => {
      cols.push(v);
      return Float64Array.from({ length: n }, (_, i) => A[i * n] * v[0] + A[i * n + 1] * v[1] + A[i * n + 2] * v[2]);
    };
    const h = await exactHessian(hvp, n);
    expect(h.asymmetry).toBeCloseTo(0.5, 15);
    expect(h.relative_asymmetry).toBeCloseTo(0.5 / 3, 15);
    expect(h.matrix[1]).toBe(1.25);
    await expect(exactHessian(hvp, 6000)).rejects.toThrow(/6000 parameters exceeds maxParams 5000/);
    await expect(exactSpectrum(hvp, n, { negTol: -1 })).rejects.toThrow(/invalid negTol: -1/);
  });

  it('diagonalises n = 800 exactly (the time at n = 2,000 and 5,000 is in pnpm bench)', async () => {
    const n = 800;
    const lambda = Array.from({ length: n }, (_, i) => Math.cos(0.7 * i) * (1 + i / n) + (i === 0 ? 10 : 0));
    // Eight reflectors keep the products cheap; the eigensolver's work is that of any dense matrix.
    const A = plantedOperator(lambda, { seed: 3, reflectors: 8 });
    const r = await exactSpectrum(A.hvp, n);
    console.log(`exact mode n = ${n}: assemble ${r.seconds.assemble.toFixed(2)} s, eigenvalues ${r.seconds.eigen.toFixed(2)} s`);
    r.eigenvalues.forEach((v, i) => expect(Math.abs(v - A.eigenvalues[i])).toBeLessThan(1e-10 * 11));
  });
});
