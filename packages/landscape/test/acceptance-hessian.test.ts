// Acceptance of the library's Hessian API on the ONNX reference cases (torch.onnx.export, float64
// PyTorch spectra): exact mode (Hessian assembled from exact HVPs, float64 eigensolver) within 1e-4
// of the largest |λ| for every eigenvalue, its trace likewise; Lanczos top-5 within 1e-3 relative
// of each true eigenvalue. The kernel's HVPs are float32 (≈1e-6 relative), which sets both margins.
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../src/models/onnx-import.js';
import { localBackend } from '../src/backend/wasm-local.js';
import { exactSpectrum } from '../src/hessian/exact.js';
import { hessianOf } from '../src/hessian/operator.js';
import { lanczos } from '../src/hessian/lanczos.js';
import { decode, onnxCases, readOnnxCase } from './fixtures/onnx/fixtures.js';

describe('Hessian spectra from ONNX files against PyTorch', () => {
  for (const name of onnxCases()) {
    it(name, async () => {
      const { meta, bytes, path } = readOnnxCase(name);
      const model = importOnnx(bytes, { path, loss: meta.loss_kind });
      const b = await localBackend(model);
      await b.setData({ x: decode(meta.x) as Float32Array, labels: meta.labels ? (decode(meta.labels) as Int32Array) : undefined, targets: meta.targets ? (decode(meta.targets) as Float32Array) : undefined });
      const want = decode(meta.expected.eigenvalues) as Float64Array;
      const sorted = Array.from(want).sort((p, q) => q - p);
      const scale = Math.max(...sorted.map(Math.abs));
      const op = hessianOf(b);
      const exact = await exactSpectrum(op.hvp, op.n);
      expect(exact.hvp_count).toBe(model.params.length);
      const worst = Math.max(...sorted.map((w, i) => Math.abs(exact.eigenvalues[i] - w)));
      expect(worst / scale).toBeLessThan(1e-4);
      expect(Math.abs(exact.trace - meta.expected.trace) / scale).toBeLessThan(1e-4);
      const top = await lanczos(op.hvp, op.n, { k: 5, tol: 1e-4, maxIter: op.n, seed: 1 });
      expect(top.converged).toBe(true);
      top.eigenvalues.forEach((e, i) => expect(Math.abs(e - sorted[i]) / Math.abs(sorted[i])).toBeLessThan(1e-3));
    });
  }
});
