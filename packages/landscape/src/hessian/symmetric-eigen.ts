/**
 * Eigen-decomposition of a dense symmetric matrix in float64, by cyclic Jacobi rotations (small
 * matrices: accurate to a few ulps of ‖A‖ for every eigenvalue, O(n³) per sweep, fine up to a few
 * hundred) or by Householder tridiagonalisation + implicit QL (any size: O(n³) once; the choice
 * for exact Hessians of thousands of parameters).
 * see: Golub & Van Loan, "Matrix Computations", §8.5 (the cyclic Jacobi method), §8.3 (tridiagonal QR).
 */
import { householderTridiagonal, tridiagonalEigen } from './tridiagonal.js';

export interface SymmetricEigen {
  /** Eigenvalues, descending (algebraic). */
  values: Float64Array;
  /** Column k of the row-major n×n matrix is the eigenvector of values[k]. */
  vectors: Float64Array;
}

export interface SymmetricEigenOptions {
  /**
   * 'jacobi', 'householder' (tridiagonalisation + QL) or 'auto' (Jacobi up to n = 64). Default
   * 'jacobi' for symmetricEigen (eigenvector signs stay what callers saw before; pass 'householder'
   * or 'auto' above a few hundred) and 'auto' for symmetricEigenvalues.
   */
  method?: 'auto' | 'jacobi' | 'householder';
}

function pick(method: SymmetricEigenOptions['method'], n: number): 'jacobi' | 'householder' {
  switch (method ?? 'auto') {
    case 'auto':
      return n <= 64 ? 'jacobi' : 'householder';
    case 'jacobi':
      return 'jacobi';
    case 'householder':
      return 'householder';
    default:
      throw new RangeError(`invalid method: ${method}`);
  }
}

/** Eigenvalues and orthonormal eigenvectors of a symmetric row-major n×n matrix (not modified). */
export function symmetricEigen(matrix: ArrayLike<number>, n: number, options: SymmetricEigenOptions = {}): SymmetricEigen {
  if (matrix.length !== n * n) throw new Error(`symmetricEigen: expected ${n}×${n} values, got ${matrix.length}`);
  if (pick(options.method ?? 'jacobi', n) === 'householder') {
    const t = householderTridiagonal(matrix, n, { vectors: true });
    return tridiagonalEigen(t.d, t.e, { z: t.q });
  }
  return jacobi(matrix, n);
}

/**
 * Eigenvalues only, descending, by Householder + QL (reads the lower triangle). `overwrite: true`
 * lets it destroy `matrix` (a Float64Array) instead of copying it: n = 5,000 is 200 MB per copy.
 */
export function symmetricEigenvalues(matrix: ArrayLike<number>, n: number, options: SymmetricEigenOptions & { overwrite?: boolean } = {}): Float64Array {
  if (matrix.length !== n * n) throw new Error(`symmetricEigenvalues: expected ${n}×${n} values, got ${matrix.length}`);
  if (pick(options.method, n) === 'jacobi') return jacobi(matrix, n).values;
  const t = householderTridiagonal(matrix, n, { overwrite: options.overwrite });
  return tridiagonalEigen(t.d, t.e).values;
}

function jacobi(matrix: ArrayLike<number>, n: number): SymmetricEigen {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, total = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        total += a[i * n + j] ** 2;
        if (i !== j) off += a[i * n + j] ** 2;
      }
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n - 1; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p], akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k], aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p], vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j] - a[i * n + i]);
  const values = Float64Array.from(order, (i) => a[i * n + i]);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    for (let k = 0; k < n; k++) vectors[k * n + dst] = v[k * n + src];
  });
  return { values, vectors };
}
