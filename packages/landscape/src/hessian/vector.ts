/** Small float64 vector helpers shared by the Hessian estimators (none modifies its inputs unless named `…InPlace`). */
import { uniform } from '../random.js';

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** w ← w − Σ (qᵢ·w)·qᵢ, twice (classical Gram–Schmidt with one reorthogonalisation pass). */
export function orthogonalizeInPlace(w: Float64Array, basis: readonly Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (const q of basis) {
      const c = dot(q, w);
      for (let i = 0; i < w.length; i++) w[i] -= c * q[i];
    }
  }
}

/** A source of Rademacher vectors (entries ±1 with equal probability), seeded. */
export function rademacher(seed: number): (n: number) => Float64Array {
  const u = uniform(seed);
  return (n) => {
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) z[i] = u() < 0.5 ? -1 : 1;
    return z;
  };
}
