// Every command end to end (spawned) on the reference cases, compared with their float64 references.
// Tolerances: loss ≤ 1e-5 relative; gradient and H·v ≤ 1e-4 relative L2; surface points ≤ 1e-5
// relative each; eigenvalues and trace ≤ 1e-4 of |λ_max| (float32 HVPs assembled into the Hessian);
// interpolation losses ≤ 1e-5 relative, barrier ≤ 1e-5 of the largest loss.
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { SHARED_FIXTURES, decode, flat, hasShared, nnllJson, readNpz, rel, relL2, repoCase, repoCaseNames, tempDir } from './helpers.js';

const measured: Record<string, Record<string, number>> = {};
const note = (c: string, what: string, err: number): number => {
  (measured[c] ??= {})[what] = err;
  return err;
};
afterAll(() => {
  const rows = Object.entries(measured).map(([c, m]) => `  ${c.padEnd(26)} ${Object.entries(m).map(([k, v]) => `${k} ${v.toExponential(1)}`).join('  ')}`);
  console.log(`largest relative errors against the float64 references:\n${rows.join('\n')}`);
});

const maxRel = (got: (number | null)[], want: number[]): number => Math.max(...want.map((w, i) => rel(got[i] as number, w)));

describe('reference cases of the repo (packages/landscape/test/fixtures/onnx)', () => {
  for (const name of repoCaseNames()) {
    it(`${name}: info, eval, grad, hvp, surface, hessian${name === 'mlp_tanh' ? ', interpolate' : ''}`, () => {
      const c = repoCase(name);
      const out = tempDir();
      const { meta } = c;
      const names = meta.params.map((p) => p.name);
      const md = ['--model', c.model, '--data', c.data];

      const info = nnllJson(['info', '--model', c.model]);
      expect(info.param_count).toBe(meta.param_count);
      expect(info.params).toEqual(meta.params.map((p) => ({ ...p, size: p.shape.reduce((a, b) => a * b, 1) })));

      const ev = nnllJson(['eval', ...md]);
      expect(ev).toMatchObject({ version: expect.any(String), command: 'eval', n: meta.n, seed: 0 });
      expect(ev.model).toMatchObject({ path: c.model, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(ev.data).toMatchObject({ path: c.data, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(ev.provenance.counts.forward_passes).toBe(1);
      expect(note(name, 'loss', rel(ev.loss, meta.expected.loss))).toBeLessThan(1e-5);
      if (meta.expected.accuracy === null) expect(ev.accuracy).toBeNull();
      else expect(Math.abs(ev.accuracy - meta.expected.accuracy)).toBeLessThanOrEqual(1 / meta.n);

      const g = nnllJson(['grad', ...md, '--save', join(out, 'g.npz')]);
      const grad = decode(meta.expected.grad);
      expect(note(name, 'grad', relL2(flat(readNpz(join(out, 'g.npz')), names), grad))).toBeLessThan(1e-4);
      expect(rel(g.grad_norm, Math.hypot(...grad))).toBeLessThan(1e-4);

      const h = nnllJson(['hvp', ...md, '--vector', c.vector, '--save', join(out, 'hv.npz')]);
      const hv = decode(meta.expected.hv);
      expect(note(name, 'hvp', relL2(flat(readNpz(join(out, 'hv.npz')), names), hv))).toBeLessThan(1e-4);
      expect(rel(h.hv_norm, Math.hypot(...hv))).toBeLessThan(1e-4);

      for (const norm of ['none', 'filter'] as const) {
        const s = nnllJson(['surface', ...md, '--x-dir', c.d1, '--y-dir', c.d2, '--x', '-1:1:11', '--y', '-1:1:11', '--norm', norm]);
        expect(s.x).toHaveLength(11);
        expect(s.complete).toBe(true);
        expect(note(name, `surface_${norm}`, maxRel(s.loss.flat(), meta.expected[`surface_${norm}`].flat()))).toBeLessThan(1e-5);
      }

      if (meta.param_count <= 1000) {
        const e = nnllJson(['hessian', ...md, '--exact', '--top-k', '5', '--density']);
        const want = decode(meta.expected.eigenvalues);
        const scale = Math.abs(want[0]);
        expect(e.method).toBe('exact');
        expect(e.hvp_count).toBe(meta.param_count);
        expect(note(name, 'eigenvalues', Math.max(...e.eigenvalues.map((v: number, i: number) => Math.abs(v - want[i]))) / scale)).toBeLessThan(1e-4);
        expect(Math.abs(e.eig_min - want[want.length - 1]) / scale).toBeLessThan(1e-4);
        expect(note(name, 'trace', Math.abs(e.trace - meta.expected.trace) / scale)).toBeLessThan(1e-4);
        expect(e.density.x.length).toBe(e.density.y.length);
        expect(e.neg_fraction).toBeGreaterThanOrEqual(0);
      }

      if (meta.interpolation && c.modelB) {
        const ip = meta.interpolation;
        const r = nnllJson(['interpolate', ...md, '--to', c.modelB, '--t', '-0.5:1.5:21']);
        expect(r.t).toHaveLength(ip.t.length);
        expect(note(name, 'interpolation', maxRel(r.loss, ip.loss))).toBeLessThan(1e-5);
        expect(Math.abs(r.barrier - ip.barrier)).toBeLessThan(1e-5 * Math.max(...ip.loss));
      }
    });
  }

  it('hessian estimators (Lanczos, Hutchinson, SLQ) agree with the exact spectrum on mlp_tanh', () => {
    const c = repoCase('mlp_tanh');
    const want = decode(c.meta.expected.eigenvalues);
    const r = nnllJson(['hessian', '--model', c.model, '--data', c.data, '--top-k', '3', '--min', '--trace', '--density']);
    expect(r.method).toBe('lanczos+hutchinson+slq');
    expect(r.converged).toBe(true);
    expect(note('mlp_tanh (Lanczos)', 'eigenvalues', Math.max(...r.eigenvalues.map((v: number, i: number) => rel(v, want[i]))))).toBeLessThan(1e-3);
    // Hutchinson: within four standard errors of the exact trace.
    expect(Math.abs(r.trace - c.meta.expected.trace)).toBeLessThan(4 * r.trace_stderr);
    expect(r.density.x).toHaveLength(r.density.y.length);
    expect(r.hvp_count).toBeGreaterThan(0);
    expect(r.provenance.counts.hvps).toBe(r.hvp_count);
    const layers = nnllJson(['hessian', '--model', c.model, '--data', c.data, '--top-k', '2', '--exact', '--per-layer']);
    expect(layers.layers.map((l: { name: string }) => l.name)).toEqual(['fc1', 'fc2', 'fc3']);
    expect(layers.layers.reduce((s: number, l: { size: number }) => s + l.size, 0)).toBe(c.meta.param_count);
    // The trace of H is the sum of its diagonal blocks' traces.
    expect(rel(layers.layers.reduce((s: number, l: { trace: number }) => s + l.trace, 0), c.meta.expected.trace)).toBeLessThan(1e-4);
  });
});

interface SharedExpected {
  task: string;
  n: number;
  param_count: number;
  param_names: { name: string; shape: number[] }[];
  loss: number;
  accuracy: number | null;
  eig_top5: number[] | null;
  eig_min: number | null;
  trace: number | null;
  surface_none: number[][];
  surface_filter: number[][];
  interpolation?: { t: number[]; loss: number[] };
  barrier?: { linear: number };
}

describe.skipIf(!hasShared)('shared reference cases (<repo>/../shared/fixtures)', () => {
  const cases = hasShared ? (JSON.parse(readFileSync(join(SHARED_FIXTURES, 'index.json'), 'utf8')) as { cases: { case: string }[] }).cases.map((c) => c.case) : [];
  for (const name of cases) {
    it(`${name}: eval, grad, hvp, surface, hessian, interpolate`, () => {
      const dir = join(SHARED_FIXTURES, name);
      const exp = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as SharedExpected;
      const names = exp.param_names.map((p) => p.name);
      const out = tempDir();
      const md = ['--model', join(dir, 'model.onnx'), '--data', join(dir, 'data.npz')];
      const tag = `shared/${name}`;
      const ev = nnllJson(['eval', ...md]);
      expect(ev.n).toBe(exp.n);
      expect(note(tag, 'loss', rel(ev.loss, exp.loss))).toBeLessThan(1e-5);
      nnllJson(['grad', ...md, '--save', join(out, 'g.npz')]);
      expect(note(tag, 'grad', relL2(flat(readNpz(join(out, 'g.npz')), names), flat(readNpz(join(dir, 'grad.npz')), names)))).toBeLessThan(1e-4);
      nnllJson(['hvp', ...md, '--vector', join(dir, 'vector.npz'), '--save', join(out, 'hv.npz')]);
      expect(note(tag, 'hvp', relL2(flat(readNpz(join(out, 'hv.npz')), names), flat(readNpz(join(dir, 'hv.npz')), names)))).toBeLessThan(1e-4);
      const s = nnllJson(['surface', ...md, '--x-dir', join(dir, 'd1.npz'), '--y-dir', join(dir, 'd2.npz'), '--x', '-1:1:11', '--y', '-1:1:11', '--norm', 'filter']);
      expect(note(tag, 'surface_filter', maxRel(s.loss.flat(), exp.surface_filter.flat()))).toBeLessThan(1e-5);
      if (exp.eig_top5 && exp.param_count <= 1000) {
        const e = nnllJson(['hessian', ...md, '--exact', '--top-k', '5']);
        const scale = Math.abs(exp.eig_top5[0]);
        expect(note(tag, 'eigenvalues', Math.max(...exp.eig_top5.map((w, i) => Math.abs(e.eigenvalues[i] - w))) / scale)).toBeLessThan(1e-4);
        expect(Math.abs(e.eig_min - exp.eig_min!) / scale).toBeLessThan(1e-4);
        expect(note(tag, 'trace', Math.abs(e.trace - exp.trace!) / scale)).toBeLessThan(1e-4);
      }
      if (exp.interpolation && existsSync(join(dir, 'modelB.onnx'))) {
        const r = nnllJson(['interpolate', ...md, '--to', join(dir, 'modelB.onnx'), '--t', '-0.5:1.5:21']);
        expect(note(tag, 'interpolation', maxRel(r.loss, exp.interpolation.loss))).toBeLessThan(1e-5);
        if (exp.barrier) expect(Math.abs(r.barrier - exp.barrier.linear)).toBeLessThan(1e-5 * Math.max(...exp.interpolation.loss));
      }
    });
  }
});
