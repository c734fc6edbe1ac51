/**
 * `hessian`: the spectrum of the full-data loss's Hessian from exact HVPs — the top eigenvalues by
 * Lanczos, the smallest by Lanczos from the other end, the trace by Hutchinson, the density by
 * stochastic Lanczos quadrature; or, with `exact`, all of them from the assembled Hessian (small
 * models). `per_layer` repeats the same on every layer's diagonal block. Cancelling keeps the
 * estimators that ran to the end.
 * see: Pearlmutter 1994; Ghorbani, Krishnan & Xiao 2019; Yao et al. 2020 (PyHessian).
 */
import { z } from 'zod';
import { lanczos } from '../../hessian/lanczos.js';
import { hutchinson } from '../../hessian/hutchinson.js';
import { slq, slqDensity } from '../../hessian/slq.js';
import { exactSpectrum } from '../../hessian/exact.js';
import { blockHvp, parameterBlocks } from '../../hessian/blocks.js';
import type { Hvp } from '../../hessian/operator.js';
import { defineKind } from '../kind.js';
import { header, nnum, provenanceOf } from '../result.js';
import { lossOption, openModelData } from '../inputs.js';
import { withLeases } from '../backends.js';
import { bool, int, num } from '../options.js';
import { count, fmt } from '../format.js';
import { JobSpecError } from '../spec-error.js';

/** Largest model exact mode assembles (n HVPs and an n×n float64 matrix). */
export const EXACT_MAX_PARAMS = 5000;

const spectrumFields = {
  eigenvalues: z.array(z.number()),
  residuals: z.array(z.number()).nullable(),
  converged: z.boolean().nullable(),
  eig_min: nnum,
  trace: nnum,
  trace_stderr: z.number().nullable().optional(),
  density: z.object({ x: z.array(z.number()), y: z.array(z.number()) }).strict().nullable(),
  neg_fraction: nnum,
  /** Run-to-run standard error of neg_fraction (SLQ with more than one run). */
  neg_fraction_stderr: nnum,
  /** 95 % interval of neg_fraction (SLQ); exact mode: [neg_fraction, neg_fraction]. */
  neg_fraction_bounds: z.tuple([z.number(), z.number()]).nullable(),
  /** Fraction of eigenvalues with |λ| ≤ neg_threshold. */
  near_zero_fraction: nnum,
  /** τ: eigenvalues below −τ count as negative (the quadrature's resolution at 0, at least 1e-5·max|λ|). */
  neg_threshold: nnum,
  /** All eigenvalues, largest first (exact mode). */
  spectrum: z.array(z.number()).nullable(),
  method: z.string(),
  hvp_count: z.number().int(),
};
const spectrumSchema = z.object(spectrumFields).strict();
type Spectrum = z.output<typeof spectrumSchema>;

interface HessianOptions {
  top_k: number;
  min: boolean;
  trace: boolean;
  density: boolean;
  exact: boolean;
  max_iter: number;
  tol: number;
  probes: number;
  density_runs: number;
  density_steps: number;
}

/** Thrown by the HVP once cancelled: the estimator running stops, the ones done are kept. */
class Stop extends Error {}

async function spectrum(hvpOf: Hvp, n: number, o: HessianOptions, seed: number, tick: () => void): Promise<Spectrum & { complete: boolean }> {
  let hvps = 0;
  const hvp: Hvp = async (v) => {
    const r = await hvpOf(v);
    hvps++;
    tick();
    return r;
  };
  let complete = true;
  /** Runs one estimator; once cancelled it and the ones after it are skipped (undefined). */
  const stage = async <T>(f: () => Promise<T>): Promise<T | undefined> => {
    if (!complete) return undefined;
    try {
      return await f();
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
      complete = false;
      return undefined;
    }
  };
  if (o.exact) {
    const s = await stage(() => exactSpectrum(hvp, n, { maxParams: EXACT_MAX_PARAMS }));
    const all = s ? Array.from(s.eigenvalues) : [];
    const density = s && o.density ? slqDensity([{ nodes: [...all].reverse(), weights: all.map(() => 1 / n) }]).density : null;
    return {
      eigenvalues: all.slice(0, o.top_k),
      residuals: null,
      converged: null,
      eig_min: s ? s.eig_min : null,
      trace: s ? s.trace : null,
      density,
      neg_fraction: s ? s.neg_fraction : null,
      neg_fraction_stderr: s ? 0 : null,
      neg_fraction_bounds: s ? [s.neg_fraction, s.neg_fraction] : null,
      near_zero_fraction: s ? s.near_zero_fraction : null,
      neg_threshold: s ? s.neg_threshold : null,
      spectrum: s ? all : null,
      method: 'exact',
      hvp_count: hvps,
      complete,
    };
  }
  const methods = ['lanczos'];
  const k = Math.min(o.top_k, n);
  const steps = Math.min(n, Math.max(o.max_iter, k));
  const top = await stage(() => lanczos(hvp, n, { k, which: 'largest', maxIter: steps, tol: o.tol, seed }));
  const low = o.min ? await stage(() => lanczos(hvp, n, { k: 1, which: 'smallest', maxIter: steps, tol: o.tol, relativeTo: 'norm', seed: seed + 1 })) : undefined;
  if (o.trace) methods.push('hutchinson');
  const h = o.trace ? await stage(() => hutchinson(hvp, n, { maxProbes: o.probes, seed })) : undefined;
  if (o.density) methods.push('slq');
  const d = o.density ? await stage(() => slq(hvp, n, { seed, runs: o.density_runs, steps: Math.min(o.density_steps, n) })) : undefined;
  return {
    eigenvalues: top?.eigenvalues ?? [],
    residuals: top?.residuals ?? null,
    converged: top?.converged ?? null,
    eig_min: low?.eigenvalues[0] ?? null,
    trace: h?.trace ?? null,
    ...(h ? { trace_stderr: h.stderr } : {}),
    density: d?.density ?? null,
    neg_fraction: d?.neg_fraction ?? null,
    neg_fraction_stderr: d?.neg_fraction_stderr ?? null,
    neg_fraction_bounds: d?.neg_fraction_bounds ?? null,
    near_zero_fraction: d?.near_zero_fraction ?? null,
    neg_threshold: d?.neg_threshold ?? null,
    spectrum: null,
    method: methods.join('+'),
    hvp_count: hvps,
    complete,
  };
}

/** Upper bound of the HVPs a run takes, for progress. */
function budget(n: number, o: HessianOptions): number {
  if (o.exact) return n;
  const it = Math.min(n, Math.max(o.max_iter, o.top_k));
  return it + (o.min ? it : 0) + (o.trace ? o.probes : 0) + (o.density ? o.density_runs * Math.min(o.density_steps, n) : 0);
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** `negative 7.6% (95%: 3.8–12.9%), |λ| ≤ 1.1e-3: 80.1%` — the estimate with how sure it is. */
export function negativeText(s: Pick<Spectrum, 'neg_fraction' | 'neg_fraction_bounds' | 'near_zero_fraction' | 'neg_threshold'> & { method?: string }): string {
  if (s.neg_fraction === null) return '';
  const b = s.neg_fraction_bounds;
  const sure = b && b[0] !== b[1] ? ` (95%: ${(100 * b[0]).toFixed(1)}–${pct(b[1])})` : '';
  const zero = s.near_zero_fraction !== null && s.neg_threshold !== null ? `, |λ| ≤ ${s.neg_threshold.toExponential(1)}: ${pct(s.near_zero_fraction)}` : '';
  return `negative ${pct(s.neg_fraction)}${sure}${zero}`;
}

function line(s: Spectrum): string {
  return [
    s.eigenvalues.length ? `top ${s.eigenvalues.length}: ${s.eigenvalues.map((e) => fmt(e, 5)).join(', ')}${s.converged === false ? ` (not converged: relative residuals up to ${fmt(Math.max(...(s.residuals ?? []).map((r, i) => r / Math.abs(s.eigenvalues[i] || 1))), 2)})` : ''}` : '',
    s.eig_min !== null ? `eig_min ${fmt(s.eig_min, 5)}` : '',
    s.trace !== null ? `trace ${fmt(s.trace, 5)}${s.trace_stderr != null ? ` ± ${fmt(s.trace_stderr, 2)}` : ''}` : '',
    s.neg_fraction !== null ? negativeText(s) : '',
  ].filter(Boolean).join('; ');
}

export const hessianKind = defineKind({
  kind: 'hessian',
  version: 1,
  summary: 'Hessian spectrum: top eigenvalues, eig_min, trace, density (Lanczos, Hutchinson, SLQ, or --exact)',
  examples: [
    'hessian --model model.onnx --data data.npz --top-k 5',
    'hessian --model model.onnx --data data.npz --min --trace --density --json --out spectrum.json',
    'hessian --model model.onnx --data data.npz --exact --density',
    'hessian --model model.onnx --data data.npz --top-k 3 --per-layer',
  ],
  inputs: { model: {}, data: {} },
  options: {
    loss: lossOption,
    top_k: int({ default: 5, min: 1, max: 10_000, placeholder: 'K', help: 'largest eigenvalues (default 5)' }),
    min: bool({ help: 'also the smallest eigenvalue (eig_min)' }),
    trace: bool({ help: 'also the trace (Hutchinson, with trace_stderr)' }),
    density: bool({ help: 'also the spectral density {x, y} and neg_fraction (stochastic Lanczos quadrature)' }),
    exact: bool({ help: `assemble the full Hessian and diagonalise it (up to ${count(EXACT_MAX_PARAMS)} parameters)` }),
    per_layer: bool({ help: "the same for every layer's diagonal block (result field layers)" }),
    max_iter: int({ default: 100, min: 1, max: 10_000, help: 'most Lanczos steps (default 100)' }),
    tol: num({ default: 1e-4, gt: 0, lt: 1, help: 'relative residual of a converged eigenvalue (default 1e-4)' }),
    probes: int({ default: 100, min: 1, max: 100_000, help: 'most Hutchinson probes (default 100)' }),
    density_runs: int({ default: 5, min: 1, max: 1000, help: 'random start vectors of the density (default 5)' }),
    density_steps: int({ default: 90, min: 2, max: 10_000, help: 'Lanczos steps per start vector of the density (default 90)' }),
  },
  result: {
    ...spectrumFields,
    layers: z.array(z.object({ name: z.string(), params: z.array(z.string()), size: z.number().int(), ...spectrumFields }).strict()).optional(),
  },
  async run(spec, ctx) {
    const o = spec.options;
    const { model, modelName, data } = await openModelData(spec, ctx);
    const n = model.params.length;
    if (o.exact && n > EXACT_MAX_PARAMS) throw new JobSpecError(`--exact: ${modelName} has ${count(n)} parameters, exact mode handles up to ${count(EXACT_MAX_PARAMS)} (leave out --exact for the estimators)`);
    const blocks = o.per_layer ? parameterBlocks(model.program, { by: 'layer' }) : [];
    const total = budget(n, o) + blocks.reduce((s, b) => s + budget(b.size, o), 0);
    let done = 0;
    const tick = (): void => ctx.progress({ phase: 'hessian', done: ++done, total, unit: 'HVPs' });
    ctx.progress({ phase: 'hessian', done: 0, total, unit: 'HVPs' });
    const { whole, layers, complete } = await withLeases(ctx.backends, [[model, data]], async (backend) => {
      const fullHvp: Hvp = async (v) => {
        if (ctx.signal?.aborted) throw new Stop('cancelled');
        return (await backend.hvp(v)).hv;
      };
      const { complete: wholeComplete, ...whole } = await spectrum(fullHvp, n, o, spec.seed, tick);
      let complete = wholeComplete;
      const layers = [];
      for (const b of blocks) {
        if (!complete) break;
        const { complete: blockComplete, ...s } = await spectrum(blockHvp(fullHvp, n, b), b.size, o, spec.seed, tick);
        layers.push({ name: b.name, params: b.params, size: b.size, ...s });
        complete = blockComplete;
      }
      return { whole, layers, complete };
    });
    const hvps = whole.hvp_count + layers.reduce((s, l) => s + l.hvp_count, 0);
    return {
      ...header({ schema: 'nnll/hessian@1', command: 'hessian', seed: spec.seed, model, modelName, data }),
      ...whole,
      hvp_count: hvps,
      ...(o.per_layer ? { layers } : {}),
      complete,
      provenance: provenanceOf(spec, model, data, { hvps }),
    };
  },
  summarize: (r) =>
    [
      `${r.model!.path} on ${r.data!.path}: Hessian of ${count(r.model!.param_count)} parameters (${r.method}, ${r.hvp_count} HVPs)`,
      `  ${line(r)}`,
      ...(r.layers ?? []).map((l) => `  ${l.name} (${l.size}): ${line(l)}`),
      ...(r.complete ? [] : ['  (interrupted: the estimators above ran to the end, the rest did not run)']),
    ].join('\n'),
});
