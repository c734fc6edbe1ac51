/**
 * The one thing every Hessian estimator needs: v ↦ H·v in float64 over the flat parameter vector.
 * Estimators never modify the vectors they pass in or receive; an `Hvp` must not modify its argument.
 */
import type { Backend } from '../backend/backend.js';

/** A symmetric linear operator given by its products (Hessian-vector products for a model). */
export type Hvp = (v: Float64Array) => Promise<Float64Array> | Float64Array;

export interface HessianOperator {
  /** Dimension (parameter count). */
  readonly n: number;
  /** H·v; counted. */
  readonly hvp: Hvp;
  /** Products computed so far through `hvp`. */
  readonly hvp_count: number;
}

/** Counts the products of any `hvp`. */
export function countingOperator(hvp: Hvp, n: number): HessianOperator {
  let count = 0;
  return {
    n,
    hvp: (v) => {
      count++;
      return hvp(v);
    },
    get hvp_count() {
      return count;
    },
  };
}

/**
 * The Hessian of the backend's mean loss over its resident data, at its current parameters, as a
 * counted operator. Products are exact (Pearlmutter's R-operator in the kernel).
 */
export function hessianOf(backend: Backend): HessianOperator {
  return countingOperator(async (v) => (await backend.hvp(v)).hv, backend.paramCount);
}

/** y = A·v for a dense row-major symmetric n×n matrix (e.g. an assembled Hessian). */
export function denseHvp(matrix: Float64Array, n: number): Hvp {
  if (matrix.length !== n * n) throw new RangeError(`denseHvp: expected ${n}×${n} values, got ${matrix.length}`);
  return (v) => {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      const row = i * n;
      for (let j = 0; j < n; j++) s += matrix[row + j] * v[j];
      y[i] = s;
    }
    return y;
  };
}
