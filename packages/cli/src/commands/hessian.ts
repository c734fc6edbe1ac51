/**
 * `nnll hessian --model M --data D [--top-k 5] [--min] [--trace] [--density] [--exact] [--per-layer]`:
 * the Hessian spectrum of the full-data loss from exact HVPs — top eigenvalues by Lanczos, the
 * smallest by Lanczos from the other end, the trace by Hutchinson, the density by stochastic
 * Lanczos quadrature; or, with --exact, all of them from the assembled Hessian (small models).
 * --per-layer repeats the same on every layer's diagonal block.
 */
import { blockHvp, exactSpectrum, hutchinson, lanczos, parameterBlocks, slq, slqDensity, type Hvp } from '@nnll/landscape';
import type { CommonOptions } from '../args.js';
import { backendFor, emit, fmt, header, interruptedError, interruptible, openModelAndData, provenanceOf, type LossFlag } from '../context.js';
import { UsageError } from '../errors.js';
import { progressBar } from '../output.js';
import { renderOutputs } from '../render.js';

export interface HessianOptions extends CommonOptions {
  model: string;
  data: string;
  /** Largest eigenvalues. Default 5. */
  topK: number;
  min: boolean;
  trace: boolean;
  density: boolean;
  /** Assemble and diagonalise the full Hessian (up to 5,000 parameters). */
  exact: boolean;
  perLayer: boolean;
  /** Most Lanczos steps. Default 100. */
  maxIter: number;
  /** Relative residual of a converged Ritz pair. Default 1e-4. */
  tol: number;
  /** Most Hutchinson probes. Default 100. */
  probes: number;
  plot?: string;
  csv?: string;
  loss?: LossFlag;
}

export interface Spectrum {
  eigenvalues: number[];
  residuals: number[] | null;
  converged: boolean | null;
  eig_min: number | null;
  trace: number | null;
  trace_stderr?: number;
  density: { x: number[]; y: number[] } | null;
  neg_fraction: number | null;
  method: string;
  hvp_count: number;
}

/** Thrown by the HVP after Ctrl-C: the estimator running stops, the ones done are kept. */
class Stop extends Error {}

async function spectrum(hvpOf: Hvp, n: number, o: HessianOptions, tick: () => void): Promise<Spectrum & { complete: boolean }> {
  let count = 0;
  const hvp: Hvp = async (v) => {
    const r = await hvpOf(v);
    count++;
    tick();
    return r;
  };
  let complete = true;
  /** Runs one estimator; after Ctrl-C it and the ones after it are skipped (undefined). */
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
    const s = await stage(() => exactSpectrum(hvp, n));
    const all = s ? Array.from(s.eigenvalues) : [];
    const density = s && o.density ? slqDensity([{ nodes: [...all].reverse(), weights: all.map(() => 1 / n) }]).density : null;
    return {
      eigenvalues: all.slice(0, o.topK),
      residuals: null,
      converged: null,
      eig_min: s ? s.eig_min : null,
      trace: s ? s.trace : null,
      density,
      neg_fraction: s ? s.neg_fraction : null,
      method: 'exact',
      hvp_count: count,
      complete,
    };
  }
  const methods = ['lanczos'];
  const k = Math.min(o.topK, n);
  const steps = Math.min(n, Math.max(o.maxIter, k));
  const top = await stage(() => lanczos(hvp, n, { k, which: 'largest', maxIter: steps, tol: o.tol, seed: o.seed }));
  const low = o.min ? await stage(() => lanczos(hvp, n, { k: 1, which: 'smallest', maxIter: steps, tol: o.tol, relativeTo: 'norm', seed: o.seed + 1 })) : undefined;
  if (o.trace) methods.push('hutchinson');
  const h = o.trace ? await stage(() => hutchinson(hvp, n, { maxProbes: o.probes, seed: o.seed })) : undefined;
  if (o.density) methods.push('slq');
  const d = o.density ? await stage(() => slq(hvp, n, { seed: o.seed, steps: Math.min(90, n) })) : undefined;
  return {
    eigenvalues: top?.eigenvalues ?? [],
    residuals: top?.residuals ?? null,
    converged: top?.converged ?? null,
    eig_min: low?.eigenvalues[0] ?? null,
    trace: h?.trace ?? null,
    ...(h ? { trace_stderr: h.stderr } : {}),
    density: d?.density ?? null,
    neg_fraction: d?.neg_fraction ?? null,
    method: methods.join('+'),
    hvp_count: count,
    complete,
  };
}

/** Upper bound of the HVPs a run takes, for the progress bar. */
function budget(n: number, o: HessianOptions): number {
  if (o.exact) return n;
  const it = Math.min(n, Math.max(o.maxIter, o.topK));
  return it + (o.min ? it : 0) + (o.trace ? o.probes : 0) + (o.density ? 5 * Math.min(90, n) : 0);
}

export async function hessian(o: HessianOptions): Promise<void> {
  const { model, modelName, data } = await openModelAndData({ loss: o.loss }, o, o);
  const backend = await backendFor(model, data, o);
  const stop = interruptible();
  try {
    const n = backend.paramCount;
    if (o.exact && n > 5000) throw new UsageError(`--exact: ${modelName} has ${n.toLocaleString('en-US')} parameters, exact mode handles up to 5,000 (leave out --exact for the estimators)`);
    const fullHvp: Hvp = async (v) => {
      if (stop.interrupted()) throw new Stop('interrupted');
      return (await backend.hvp(v)).hv;
    };
    const blocks = o.perLayer ? parameterBlocks(model.program, { by: 'layer' }) : [];
    const total = budget(n, o) + blocks.reduce((s, b) => s + budget(b.size, o), 0);
    const bar = progressBar('hessian', total, 'HVPs', o.quiet);
    let done = 0;
    const tick = (): void => bar.update(++done);
    bar.update(0);
    const { complete: wholeComplete, ...whole } = await spectrum(fullHvp, n, o, tick);
    let complete = wholeComplete;
    const layers = [];
    for (const b of blocks) {
      if (!complete) break;
      const { complete: done, ...s } = await spectrum(blockHvp(fullHvp, n, b), b.size, o, tick);
      layers.push({ name: b.name, params: b.params, size: b.size, ...s });
      complete = done;
    }
    bar.end();
    const hvps = whole.hvp_count + layers.reduce((s, l) => s + l.hvp_count, 0);
    const result = {
      ...header('hessian', o, model, modelName, data),
      ...whole,
      hvp_count: hvps,
      ...(o.perLayer ? { layers } : {}),
      complete,
      provenance: provenanceOf(model, data, o, { loss: model.program.loss, top_k: o.topK, min: o.min, trace: o.trace, density: o.density, exact: o.exact, per_layer: o.perLayer, max_iter: o.maxIter, tol: o.tol, probes: o.probes }, { hvps }),
    };
    const line = (s: Spectrum) =>
      [
        s.eigenvalues.length ? `top ${s.eigenvalues.length}: ${s.eigenvalues.map((e) => fmt(e, 5)).join(', ')}` : '',
        s.eig_min !== null ? `eig_min ${fmt(s.eig_min, 5)}` : '',
        s.trace !== null ? `trace ${fmt(s.trace, 5)}${s.trace_stderr !== undefined ? ` ± ${fmt(s.trace_stderr, 2)}` : ''}` : '',
        s.neg_fraction !== null ? `negative ${(100 * s.neg_fraction).toFixed(1)}%` : '',
      ].filter(Boolean).join('; ');
    const text = [
      `${modelName} on ${data.name}: Hessian of ${n.toLocaleString('en-US')} parameters (${whole.method}, ${hvps} HVPs)`,
      `  ${line(whole)}`,
      ...layers.map((l) => `  ${l.name} (${l.size}): ${line(l)}`),
    ].join('\n');
    if (!complete) {
      await emit(o, result, `${text}\n  (interrupted: the estimators above ran to the end, the rest did not run)`);
      throw interruptedError(`the Hessian spectrum is not complete (${hvps} HVPs done)`, o.out);
    }
    await renderOutputs('hessian', result, { plot: o.plot, csv: o.csv });
    await emit(o, result, text);
  } finally {
    stop.release();
    await backend.close();
  }
}
