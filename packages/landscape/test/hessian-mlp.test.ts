// End to end through the kernel: a 6-8-3 tanh MLP (83 parameters) on seeded Gaussian inputs,
// through localBackend and hessianOf. The kernel computes HVPs in float32, so the assembled
// Hessian is symmetric only to ~1e-6 relative, and estimates agree with exact mode to float32
// accuracy (~1e-5 of ‖H‖), not to float64's.
import { describe, expect, it } from 'vitest';
import { resolveProgram } from '@nnll/core-wasm';
import { builtinModel, defaultInit } from '../src/models/builtin.js';
import type { Model } from '../src/models/model.js';
import { localBackend } from '../src/backend/wasm-local.js';
import { hessianOf } from '../src/hessian/operator.js';
import { exactHessian, exactSpectrum } from '../src/hessian/exact.js';
import { lanczos } from '../src/hessian/lanczos.js';
import { hutchinson } from '../src/hessian/hutchinson.js';
import { hutchpp } from '../src/hessian/hutchpp.js';
import { slq } from '../src/hessian/slq.js';
import { compareEstimators } from '../src/hessian/compare.js';
import { blockHvp, parameterBlocks } from '../src/hessian/blocks.js';
import { normal } from '../src/random.js';

async function setup() {
  const { program } = builtinModel('mlp:6-8-3:tanh');
  const model: Model = { program, params: defaultInit(program, 1), consts: new Float32Array(resolveProgram(program).constCount), source: { kind: 'builtin', spec: 'mlp:6-8-3:tanh', sha256: '' } };
  const backend = await localBackend(model, { simd: 'plain' });
  const g = normal(4);
  const samples = 64;
  const x = Float32Array.from({ length: samples * 6 }, () => g());
  const labels = Int32Array.from({ length: samples }, (_, i) => (x[6 * i] + x[6 * i + 1] > 0 ? 0 : x[6 * i + 2] > 0 ? 1 : 2));
  await backend.setData({ x, labels });
  return { model, backend };
}

describe('Hessian estimators through the kernel', () => {
  it('exact mode, Lanczos top-3, Hutchinson and SLQ agree on a 6-8-3 tanh MLP', async () => {
    const { backend } = await setup();
    const H = hessianOf(backend);
    const n = H.n;
    expect(n).toBe(83);
    const exact = await exactSpectrum(H.hvp, n);
    expect(H.hvp_count).toBe(n);
    expect(exact.hvp_count).toBe(n);
    // float32 R-op: columns agree with rows to ~1e-6 of max|Hᵢⱼ|.
    expect(exact.relative_asymmetry).toBeLessThan(1e-5);
    expect(exact.eigenvalues).toHaveLength(n);
    // Cross-entropy at a random init: an indefinite Hessian with a few negative directions.
    expect(exact.eig_min).toBeLessThan(0);

    const top = await lanczos(H.hvp, n, { k: 3, tol: 1e-6, maxIter: n, seed: 1 });
    expect(top.converged).toBe(true);
    expect(H.hvp_count).toBe(n + top.hvp_count);
    const hutch = await hutchinson(H.hvp, n, { maxProbes: 200, tol: 0, seed: 2 });
    const pp = await hutchpp(H.hvp, n, { hvps: 60, seed: 2 });
    const density = await slq(H.hvp, n, { runs: 3, steps: 40, seed: 3 });
    const c = compareEstimators(exact, { lanczos: top, hutchinson: hutch, hutchpp: pp, slq: density }, { variance: (0.02 * (exact.eig_max - exact.eig_min)) ** 2 });
    console.log(
      `mlp:6-8-3:tanh  λ = ${Array.from(exact.eigenvalues.slice(0, 3), (l) => l.toPrecision(6)).join(', ')} … ${exact.eig_min.toPrecision(4)}; ` +
        `trace ${exact.trace.toPrecision(6)}; Lanczos max rel err ${c.lanczos!.max_relative_error.toExponential(2)} (${top.hvp_count} HVPs); ` +
        `Hutchinson ${hutch.trace.toPrecision(6)} ± ${hutch.stderr.toPrecision(3)} (${c.hutchinson!.standard_errors.toFixed(2)} SE); ` +
        `Hutch++ ${pp.trace.toPrecision(6)} ± ${pp.stderr.toPrecision(3)} (${c.hutchpp!.standard_errors.toFixed(2)} SE); ` +
        `SLQ L1 ${c.slq!.l1.toFixed(3)}, neg (λ < −${density.neg_threshold.toExponential(2)}) ${density.neg_fraction.toFixed(3)} ± ${density.neg_fraction_stderr!.toFixed(3)} vs ${c.slq!.neg_fraction.truth.toFixed(3)}`,
    );
    // Same float32 products on both sides: Lanczos converges to the eigenvalues of the operator the
    // kernel applies, which differs from the symmetrised assembled matrix by ~1e-6·‖H‖; 1e-4 of
    // λmax (as in hessian-kernel.test.ts) leaves margin for that and for the residual tolerance.
    expect(c.lanczos!.max_relative_error).toBeLessThan(1e-4);
    // Trace: statistical check (3 standard errors) plus the float32 rounding of the products.
    expect(Math.abs(hutch.trace - exact.trace)).toBeLessThan(3 * hutch.stderr + 1e-5 * Math.abs(exact.trace));
    expect(Math.abs(pp.trace - exact.trace)).toBeLessThan(3 * pp.stderr + 1e-5 * Math.abs(exact.trace));
    // 3 runs over 83 eigenvalues: the negative weight's sampling std is ≤ √(2p/83/3) ≲ 0.05, so 0.15
    // is 3σ; the 95 % interval must hold the exact fraction at the same τ.
    expect(Math.abs(c.slq!.neg_fraction.error)).toBeLessThan(0.15);
    expect(c.slq!.neg_fraction.within_bounds).toBe(true);
    // Density shape at a kernel 2% of the spectral range wide: 120 nodes against 83 eigenvalues,
    // measured L1 0.17; 0.4 still fails a density with a misplaced or missing bulk (L1 ≳ 1).
    expect(c.slq!.l1).toBeLessThan(0.4);
    await backend.close();
  });

  it('per-layer blocks of the kernel Hessian are the diagonal blocks of the full one', async () => {
    const { model, backend } = await setup();
    const H = hessianOf(backend);
    const full = await exactHessian(H.hvp, H.n);
    for (const block of parameterBlocks(model.program)) {
      const sub = await exactHessian(blockHvp(H.hvp, H.n, block), block.size);
      const o = block.ranges[0].offset;
      // Identical kernel products for e_j either way: equal to the last bit.
      for (let i = 0; i < block.size; i++) for (let j = 0; j < block.size; j++) expect(sub.matrix[i * block.size + j]).toBe(full.matrix[(o + i) * H.n + o + j]);
      const top = await lanczos(blockHvp(H.hvp, H.n, block), block.size, { k: 1, tol: 1e-6, maxIter: block.size });
      expect(top.converged).toBe(true);
    }
    await backend.close();
  });
});
