// ONNX import against float64 PyTorch references: the models of tools/reference/generate_onnx.py
// (test/fixtures/onnx) and, when the folder exists, the shared cases in <repo>/../shared/fixtures.
// Each model is imported, then evaluated by the float64 TypeScript reference (ReferenceNetwork)
// and by the float32 WebAssembly kernel.
//
// Tolerances:
//  * reference (float64, same float32 inputs as PyTorch): loss 1e-11, gradient / H·v 1e-9 relative —
//    only summation order differs, so agreement is near float64 rounding;
//  * kernel (float32 arithmetic, float64 accumulation of per-sample sums): loss 1e-5 relative,
//    gradient and H·v 1e-4 relative L2 — float32 rounding in the forward pass (~1e-7 per op) grows
//    through the layers and the backward pass; measured: loss ≤ 7e-7, H·v ≤ 2e-6, gradient ≤ 1e-5
//    (the largest on trained models near a minimum, whose small gradient is mostly cancellation);
//  * surfaces: 1e-4 relative per point (float32 forward at θ + a·d₁ + b·d₂, where the directions
//    can move the weights by their own size; measured ≤ 7e-7);
//  * spectrum from kernel HVPs: 1e-4 of the largest |λ| (float32 HVP columns, symmetrised;
//    measured ≤ 3e-7).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kernel, ReferenceNetwork, type DataSet } from '@nnll/core-wasm';
import { importOnnx } from '../src/models/onnx-import.js';
import { unitAxes, type Model } from '../src/models/model.js';
import { normalizeDirection } from '../src/directions/normalize.js';
import { symmetricEigen } from '../src/hessian/symmetric-eigen.js';
import { SHARED_FIXTURES, decode, flatByName, hasShared, onnxCases, readNpz, readOnnxCase, relErr } from './fixtures/onnx/fixtures.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
const grid = (g: number[]): [number, number][] => g.flatMap((a) => g.map((b) => [a, b] as [number, number]));

async function kernelFor(m: Model, data: DataSet): Promise<Kernel> {
  const k = await Kernel.create(m.program, { simd: 'plain' });
  k.setParams(m.params);
  k.setConsts(m.consts);
  k.setData(data);
  return k;
}

/** The full Hessian from kernel HVPs (columns H·eⱼ), symmetrised, and its eigenvalues (descending). */
function kernelSpectrum(k: Kernel): { eig: Float64Array; trace: number } {
  const P = k.paramCount;
  const H = new Float64Array(P * P);
  const e = new Float32Array(P);
  for (let j = 0; j < P; j++) {
    e.fill(0);
    e[j] = 1;
    H.set(k.hvp(e).hv, j * P);
  }
  let trace = 0;
  for (let i = 0; i < P; i++) trace += H[i * P + i];
  for (let i = 0; i < P; i++) for (let j = i + 1; j < P; j++) H[i * P + j] = H[j * P + i] = (H[i * P + j] + H[j * P + i]) / 2;
  const eig = Float64Array.from(symmetricEigen(H, P).values).sort().reverse();
  return { eig, trace };
}

const measured: Record<string, Record<string, number>> = {};
const note = (c: string, key: string, v: number): void => {
  (measured[c] ??= {})[key] = Math.max(measured[c][key] ?? 0, v);
};

describe('ONNX import: reference models exported by torch.onnx.export', () => {
  for (const name of onnxCases()) {
    describe(name, () => {
      const { meta, bytes, bytesB, path } = readOnnxCase(name);
      const m = importOnnx(bytes, { path, loss: meta.loss_kind });
      const data: DataSet = {
        x: decode(meta.x) as Float32Array,
        labels: meta.labels ? (decode(meta.labels) as Int32Array) : undefined,
        targets: meta.targets ? (decode(meta.targets) as Float32Array) : undefined,
      };
      const v = decode(meta.vector) as Float32Array;
      const grad = decode(meta.expected.grad), hv = decode(meta.expected.hv);

      it('has the initializers as parameters, in initializer order, with their values', () => {
        expect(m.program.params).toEqual(meta.params);
        expect(m.params).toEqual(decode(meta.theta));
        expect(m.consts.length).toBe(meta.const_count);
        expect(Object.fromEntries(unitAxes(m.program))).toEqual(meta.unit_axes);
        expect(m.source).toMatchObject({ kind: 'onnx', path });
        expect(m.source.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(m.io).toEqual({ input: 'input', output: 'output' });
      });

      it('float64 reference: loss, gradient and H·v match PyTorch', () => {
        const r = new ReferenceNetwork(m.program, m.consts).run(m.params, data, { gradient: true, v });
        note(name, 'ref loss', rel(r.loss, meta.expected.loss));
        note(name, 'ref grad', relErr(r.gradient!, grad));
        note(name, 'ref hv', relErr(r.hv!, hv));
        expect(rel(r.loss, meta.expected.loss)).toBeLessThan(1e-11);
        expect(relErr(r.gradient!, grad)).toBeLessThan(1e-9);
        expect(relErr(r.hv!, hv)).toBeLessThan(1e-9);
      });

      it('kernel: loss, accuracy, gradient and H·v match PyTorch', async () => {
        const k = await kernelFor(m, data);
        const g = k.gradient();
        const h = k.hvp(v);
        note(name, 'loss', rel(g.loss, meta.expected.loss));
        note(name, 'grad', relErr(g.gradient, grad));
        note(name, 'hv', relErr(h.hv, hv));
        expect(rel(g.loss, meta.expected.loss)).toBeLessThan(1e-5);
        if (meta.expected.accuracy !== null) expect(Math.abs(g.accuracy! - meta.expected.accuracy)).toBeLessThanOrEqual(1 / meta.n);
        expect(relErr(g.gradient, grad)).toBeLessThan(1e-4);
        expect(relErr(h.hv, hv)).toBeLessThan(1e-4);
      });

      it('kernel: raw and filter-normalised 11×11 surfaces match', async () => {
        const k = await kernelFor(m, data);
        const d1 = decode(meta.d1) as Float32Array, d2 = decode(meta.d2) as Float32Array;
        const f1 = normalizeDirection(d1, m), f2 = normalizeDirection(d2, m);
        expect(relErr(f1, decode(meta.expected.d1_filter))).toBeLessThan(1e-6);
        expect(relErr(f2, decode(meta.expected.d2_filter))).toBeLessThan(1e-6);
        const pts = grid(meta.expected.surface_grid);
        for (const [key, a, b] of [['surface_none', d1, d2], ['surface_filter', f1, f2]] as const) {
          const got = k.points(a, b, pts).loss;
          const want = meta.expected[key].flat();
          const err = Math.max(...want.map((w, i) => rel(got[i], w)));
          note(name, key, err);
          expect(err).toBeLessThan(1e-4);
        }
      });

      if (meta.param_count <= 400) {
        it('kernel: the exact Hessian spectrum and trace match', async () => {
          const k = await kernelFor(m, data);
          const { eig, trace } = kernelSpectrum(k);
          const want = decode(meta.expected.eigenvalues);
          const scale = Math.abs(want[0]);
          const err = Math.max(...Array.from(want, (w, i) => Math.abs(eig[i] - w))) / scale;
          note(name, 'eigenvalues', err);
          expect(err).toBeLessThan(1e-4);
          expect(Math.abs(trace - meta.expected.trace) / scale).toBeLessThan(1e-4);
        });
      }

      if (meta.interpolation && bytesB) {
        it('kernel: interpolation to modelB and its barrier match', async () => {
          const ip = meta.interpolation!;
          const B = importOnnx(bytesB, { loss: meta.loss_kind });
          expect(B.program.params).toEqual(m.program.params);
          expect(B.params).toEqual(decode(ip.thetaB));
          const k = await kernelFor(m, data);
          const theta = new Float32Array(m.params.length);
          const losses = ip.t.map((t) => {
            for (let i = 0; i < theta.length; i++) theta[i] = (1 - t) * m.params[i] + t * B.params[i];
            k.setParams(theta);
            return k.loss().loss;
          });
          const err = Math.max(...losses.map((l, i) => rel(l, ip.loss[i])));
          note(name, 'interpolation', err);
          expect(err).toBeLessThan(1e-5);
          const [lA, lB] = [losses[ip.t.indexOf(0)], losses[ip.t.indexOf(1)]];
          const barrier = Math.max(...ip.t.flatMap((t, i) => (t >= 0 && t <= 1 ? [losses[i] - ((1 - t) * lA + t * lB)] : [])));
          expect(Math.abs(barrier - ip.barrier)).toBeLessThan(1e-5 * Math.max(...ip.loss));
        });
      }
    });
  }
});

interface SharedExpected {
  task: 'classification' | 'regression';
  n: number;
  param_count: number;
  param_names: { name: string; shape: number[] }[];
  loss: number;
  accuracy: number | null;
  eig_top5: number[] | null;
  trace: number | null;
  surface_grid: number[];
  surface_none: number[][];
  surface_filter: number[][];
  interpolation?: { t: number[]; loss: number[]; barrier: { linear: number } };
}

describe.skipIf(!hasShared)('ONNX import: shared fixtures (<repo>/../shared/fixtures)', () => {
  const index = hasShared ? (JSON.parse(readFileSync(join(SHARED_FIXTURES, 'index.json'), 'utf8')) as { cases: { case: string }[] }) : { cases: [] };
  for (const { case: name } of index.cases) {
    it(name, async () => {
      const dir = join(SHARED_FIXTURES, name);
      const exp = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as SharedExpected;
      const loss = exp.task === 'classification' ? 'cross-entropy' : 'mse';
      const path = join(dir, 'model.onnx');
      const m = importOnnx(new Uint8Array(readFileSync(path)), { path, loss });
      const names = m.program.params.map((p) => p.name);
      expect(m.program.params.map(({ name: n, shape }) => ({ name: n, shape }))).toEqual(exp.param_names.map(({ name: n, shape }) => ({ name: n, shape })));
      const npz = readNpz(join(dir, 'data.npz'));
      const data: DataSet = { x: npz.x.data as Float32Array };
      if (loss === 'cross-entropy') data.labels = Int32Array.from(npz.y.data as BigInt64Array, Number);
      else data.targets = Float32Array.from(npz.y.data as Float32Array);
      const grad = flatByName(readNpz(join(dir, 'grad.npz')), names);
      const hv = flatByName(readNpz(join(dir, 'hv.npz')), names);
      const v = Float32Array.from(flatByName(readNpz(join(dir, 'vector.npz')), names));

      const r = new ReferenceNetwork(m.program, m.consts).run(m.params, data, { gradient: true, v });
      note(name, 'ref loss', rel(r.loss, exp.loss));
      note(name, 'ref grad', relErr(r.gradient!, grad));
      note(name, 'ref hv', relErr(r.hv!, hv));
      expect(rel(r.loss, exp.loss)).toBeLessThan(1e-11);
      expect(relErr(r.gradient!, grad)).toBeLessThan(1e-9);
      expect(relErr(r.hv!, hv)).toBeLessThan(1e-9);

      const k = await kernelFor(m, data);
      const g = k.gradient();
      const h = k.hvp(v);
      note(name, 'loss', rel(g.loss, exp.loss));
      note(name, 'grad', relErr(g.gradient, grad));
      note(name, 'hv', relErr(h.hv, hv));
      expect(rel(g.loss, exp.loss)).toBeLessThan(1e-5);
      if (exp.accuracy !== null) expect(g.accuracy).toBeCloseTo(exp.accuracy, 10);
      expect(relErr(g.gradient, grad)).toBeLessThan(1e-4);
      expect(relErr(h.hv, hv)).toBeLessThan(1e-4);

      const d1 = Float32Array.from(flatByName(readNpz(join(dir, 'd1.npz')), names));
      const d2 = Float32Array.from(flatByName(readNpz(join(dir, 'd2.npz')), names));
      const f1 = normalizeDirection(d1, m), f2 = normalizeDirection(d2, m);
      expect(relErr(f1, flatByName(readNpz(join(dir, 'd1_filter.npz')), names))).toBeLessThan(1e-6);
      expect(relErr(f2, flatByName(readNpz(join(dir, 'd2_filter.npz')), names))).toBeLessThan(1e-6);
      const pts = grid(exp.surface_grid);
      for (const [key, a, b] of [['surface_none', d1, d2], ['surface_filter', f1, f2]] as const) {
        const got = k.points(a, b, pts).loss;
        const want = exp[key].flat();
        const err = Math.max(...want.map((w, i) => rel(got[i], w)));
        note(name, key, err);
        expect(err).toBeLessThan(1e-4);
      }

      if (exp.interpolation && existsSync(join(dir, 'modelB.onnx'))) {
        const B = importOnnx(new Uint8Array(readFileSync(join(dir, 'modelB.onnx'))), { loss });
        const theta = new Float32Array(m.params.length);
        const losses = exp.interpolation.t.map((t) => {
          for (let i = 0; i < theta.length; i++) theta[i] = (1 - t) * m.params[i] + t * B.params[i];
          k.setParams(theta);
          return k.loss().loss;
        });
        const err = Math.max(...losses.map((l, i) => rel(l, exp.interpolation!.loss[i])));
        note(name, 'interpolation', err);
        expect(err).toBeLessThan(1e-5);
      }

      if (exp.eig_top5 && m.params.length <= 400) {
        k.setParams(m.params);
        const { eig, trace } = kernelSpectrum(k);
        const scale = Math.abs(exp.eig_top5[0]);
        const err = Math.max(...exp.eig_top5.map((w, i) => Math.abs(eig[i] - w))) / scale;
        note(name, 'eigenvalues', err);
        expect(err).toBeLessThan(1e-4);
        expect(Math.abs(trace - exp.trace!) / scale).toBeLessThan(1e-4);
      }
    });
  }
});

describe('measured errors', () => {
  it('are reported', () => {
    // Printed for the record (max relative errors per case); the assertions above are the checks.
    console.log(JSON.stringify(measured, (_k, x) => (typeof x === 'number' ? Number(x.toExponential(1)) : x), 1));
  });
});
