// End to end on the kernel: the full Hessian of a small MLP assembled from exact HVPs (column j =
// H·e_j), diagonalised, against Lanczos over the same HVPs. Symmetry of the assembled Hessian
// checks the HVP itself (float32 kernel: asymmetry ≲ 1e-5 relative).
import { describe, expect, it } from 'vitest';
import { Kernel } from '@nnll/core-wasm';
import { builtinModel, defaultInit } from '../src/models/builtin.js';
import { lanczos } from '../src/hessian/lanczos.js';
import { symmetricEigen } from '../src/hessian/symmetric-eigen.js';
import { normal } from '../src/random.js';

describe('Hessian spectrum through the kernel', () => {
  it('Lanczos top-3 matches the exact spectrum of a 4-6-3 tanh MLP', async () => {
    const { program } = builtinModel('mlp:4-6-3:tanh');
    const k = await Kernel.create(program, { simd: 'plain' });
    const P = k.paramCount;
    k.setParams(defaultInit(program, 1));
    const g = normal(2);
    const x = Float32Array.from({ length: 50 * 4 }, () => g());
    const labels = Int32Array.from({ length: 50 }, (_, i) => (x[4 * i] > 0 ? (x[4 * i + 1] > 0 ? 0 : 1) : 2));
    k.setData({ x, labels });
    const H = new Float64Array(P * P);
    for (let j = 0; j < P; j++) {
      const e = new Float32Array(P);
      e[j] = 1;
      H.set(k.hvp(e).hv, j * P);
    }
    let asym = 0, norm = 0;
    for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) { asym = Math.max(asym, Math.abs(H[i * P + j] - H[j * P + i])); norm = Math.max(norm, Math.abs(H[i * P + j])); }
    expect(asym / norm).toBeLessThan(1e-5);
    const sym = H.map((_, idx) => (H[idx] + H[(idx % P) * P + Math.floor(idx / P)]) / 2);
    const exact = symmetricEigen(sym, P).values;
    const r = await lanczos((v) => k.hvp(v).hv, P, { k: 3, tol: 1e-6, maxIter: P });
    expect(r.converged).toBe(true);
    // float32 HVPs: eigenvalues agree to ~1e-5 relative of the largest.
    r.eigenvalues.forEach((e, i) => expect(Math.abs(e - exact[i])).toBeLessThan(1e-4 * Math.abs(exact[0])));
  });
});
