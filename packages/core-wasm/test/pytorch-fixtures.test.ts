// The kernel against PyTorch: cases built and evaluated in float64 by tools/reference/generate.py
// (tanh and ReLU MLPs, a max-pool CNN, a residual net with batch norm, a sigmoid MSE regression,
// an [in,out]-weight MLP with leaky ReLU and softplus, a CNN with ELU, GELU, average pooling and
// BatchNorm1d). Acceptance limits: loss ≤ 1e-5 relative; gradient and HVP ≤ 1e-4 relative L2;
// the nine surface points ≤ 1e-5 relative. Every build the engine can run is checked.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Kernel } from '../src/kernel.js';
import { hasRelaxedSimd } from '../src/wasm.js';
import { ReferenceNetwork } from '../src/reference/network.js';
import type { Program } from '../src/program.js';
import { relErr, relL2 } from './util.js';

interface Arr { dtype: 'float32' | 'float64' | 'int32'; shape: number[]; base64: string }
interface Fixture {
  case: string; program: Program; n: number; param_count: number;
  params: Arr; consts: Arr; x: Arr; labels: Arr | null; targets: Arr | null; vector: Arr; d1: Arr; d2: Arr;
  points: [number, number][];
  expected: { loss: number; correct: number | null; grad: Arr; hvp: Arr; points_loss: number[]; points_correct: number[] | null };
  checks: { min_logit_margin?: number; points_min_logit_margin?: number[] | number };
}

function decode(a: Arr): Float32Array | Float64Array | Int32Array {
  const b = Buffer.from(a.base64, 'base64');
  const buf = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  return a.dtype === 'float32' ? new Float32Array(buf) : a.dtype === 'float64' ? new Float64Array(buf) : new Int32Array(buf);
}

const dir = new URL('./fixtures/', import.meta.url);
const index = JSON.parse(readFileSync(new URL('index.json', dir), 'utf8')) as { cases: { case: string; file: string }[] };
const fixtures = index.cases.map((c) => JSON.parse(readFileSync(new URL(c.file, dir), 'utf8')) as Fixture);
const relaxed = await hasRelaxedSimd();

describe('kernel against PyTorch float64 references', () => {
  it('covers every op family of the issue', () => {
    const ops = new Set(fixtures.flatMap((f) => f.program.ops.map((o) => (o.op === 'activation' ? o.kind : o.op))));
    for (const op of ['dense', 'conv2d', 'maxpool', 'avgpool', 'global-avgpool', 'reshape', 'batchnorm', 'add', 'relu', 'leaky-relu', 'elu', 'sigmoid', 'tanh', 'softplus', 'gelu']) {
      expect(ops, op).toContain(op);
    }
    expect(new Set(fixtures.map((f) => f.program.loss))).toEqual(new Set(['cross-entropy', 'mse']));
  });

  for (const f of fixtures) {
    for (const simd of ['plain', 'relaxed'] as const) {
      it.skipIf(simd === 'relaxed' && !relaxed)(`${f.case} (${simd})`, async () => {
        const k = await Kernel.create(f.program, { simd, batchSize: 32 });
        expect(k.paramCount).toBe(f.param_count);
        k.setParams(decode(f.params));
        k.setConsts(decode(f.consts));
        k.setData({ x: decode(f.x) as Float32Array, labels: f.labels ? (decode(f.labels) as Int32Array) : undefined, targets: f.targets ? (decode(f.targets) as Float32Array) : undefined });
        const L = k.loss();
        expect(relErr(L.loss, f.expected.loss)).toBeLessThanOrEqual(1e-5);
        // Correct counts are exact when no sample's two best logits are within float32 noise.
        if (f.expected.correct !== null && (f.checks.min_logit_margin ?? 0) > 1e-4) expect(Math.round(L.accuracy! * f.n)).toBe(f.expected.correct);
        const g = k.gradient();
        expect(relL2(g.gradient, decode(f.expected.grad))).toBeLessThanOrEqual(1e-4);
        const h = k.hvp(decode(f.vector));
        expect(relL2(h.hv, decode(f.expected.hvp))).toBeLessThanOrEqual(1e-4);
        const p = k.points(decode(f.d1), decode(f.d2), f.points);
        f.points.forEach((_, i) => expect(relErr(p.loss[i], f.expected.points_loss[i]), `point ${i}`).toBeLessThanOrEqual(1e-5));
      });
    }
    it(`${f.case} (float64 TypeScript reference)`, () => {
      const ref = new ReferenceNetwork(f.program, decode(f.consts));
      const data = { x: decode(f.x), labels: f.labels ? decode(f.labels) : undefined, targets: f.targets ? decode(f.targets) : undefined };
      const r = ref.run(decode(f.params), data, { gradient: true, v: decode(f.vector) });
      // Both sides in float64 from the same float32 inputs. The one difference: activation
      // slopes (leaky-ReLU 0.1, ELU 0.7) are float32 here, as ONNX stores them, and float64 in
      // PyTorch — a relative change of ~1e-8 in α, so up to ~1e-8 in the results.
      expect(relErr(r.loss, f.expected.loss)).toBeLessThanOrEqual(1e-8);
      expect(relL2(r.gradient!, decode(f.expected.grad))).toBeLessThanOrEqual(1e-7);
      expect(relL2(r.hv!, decode(f.expected.hvp))).toBeLessThanOrEqual(1e-7);
    });
  }
});
