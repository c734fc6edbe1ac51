/**
 * `nnll hessian --model M --data D [--top-k 5] [--min] [--trace] [--density] [--exact] [--per-layer]`:
 * the Hessian spectrum of the full-data loss from exact HVPs — top eigenvalues by Lanczos, the
 * smallest by Lanczos from the other end, the trace by Hutchinson, the density by stochastic
 * Lanczos quadrature; or, with --exact, all of them from the assembled Hessian (small models).
 * --per-layer repeats the same on every layer's diagonal block.
 */
import { blockHvp, exactSpectrum, hutchinson, lanczos, parameterBlocks, slq, slqDensity, type Hvp } from '@nnll/landscape';
import type { CommonOptions } from '../args.js';
import { backendFor, emit, fmt, header, interruptible, openModelAndData, provenanceOf, type LossFlag } from '../context.js';
import { Interrupted, UsageError } from '../errors.js';
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

async function spectrum(hvpOf: Hvp, n: number, o: HessianOptions, tick: () => void): Promise<Spectrum> {
  let count = 0;
  const hvp: Hvp = async (v) => {
    const r = await hvpOf(v);
    count++;
    tick();
    return r;
  };
  if (o.exact) {
    const s = await exactSpectrum(hvp, n);
    const all = Array.from(s.eigenvalues);
    const density = o.density ? slqDensity([{ nodes: [...all].reverse(), weights: all.map(() => 1 / n) }]).density : null;
    return {
      eigenvalues: all.slice(0, o.topK),
      residuals: null,
      converged: null,
      eig_min: s.eigMin,
      trace: s.trace,
      density,
      neg_fraction: s.negFraction,
      method: 'exact',
      hvp_count: count,
    };
  }
  const methods = ['lanczos'];
  const k = Math.min(o.topK, n);
  const top = await lanczos(hvp, n, { k, which: 'largest', maxIter: Math.min(o.maxIter, n), tol: o.tol, seed: o.seed });
  let eigMin: number | null = null;
  if (o.min) eigMin = (await lanczos(hvp, n, { k: 1, which: 'smallest', maxIter: Math.min(o.maxIter, n), tol: o.tol, relativeTo: 'norm', seed: o.seed + 1 })).eigenvalues[0];
  let trace: number | null = null, stderr: number | undefined;
  if (o.trace) {
    methods.push('hutchinson');
    const h = await hutchinson(hvp, n, { maxProbes: o.probes, seed: o.seed });
    trace = h.trace;
    stderr = h.stderr;
  }
  let density = null, neg: number | null = null;
  if (o.density) {
    methods.push('slq');
    const s = await slq(hvp, n, { seed: o.seed, steps: Math.min(90, n) });
    density = s.density;
    neg = s.negFraction;
  }
  return {
    eigenvalues: top.eigenvalues,
    residuals: top.residuals,
    converged: top.converged,
    eig_min: eigMin,
    trace,
    ...(stderr !== undefined ? { trace_stderr: stderr } : {}),
    density,
    neg_fraction: neg,
    method: methods.join('+'),
    hvp_count: count,
  };
}

/** Upper bound of the HVPs a run takes, for the progress bar. */
function budget(n: number, o: HessianOptions): number {
  if (o.exact) return n;
  const it = Math.min(o.maxIter, n);
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
      if (stop.interrupted()) throw new Interrupted('interrupted: the Hessian spectrum is not complete, nothing written');
      return (await backend.hvp(v)).hv;
    };
    const blocks = o.perLayer ? parameterBlocks(model.program, { by: 'layer' }) : [];
    const total = budget(n, o) + blocks.reduce((s, b) => s + budget(b.size, o), 0);
    const bar = progressBar('hessian', total, 'HVPs', o.quiet);
    let done = 0;
    const tick = (): void => bar.update(++done);
    bar.update(0);
    const whole = await spectrum(fullHvp, n, o, tick);
    const layers = [];
    for (const b of blocks) {
      const s = await spectrum(blockHvp(fullHvp, n, b), b.size, o, tick);
      layers.push({ name: b.name, params: b.params, size: b.size, ...s });
    }
    bar.end();
    const hvps = whole.hvp_count + layers.reduce((s, l) => s + l.hvp_count, 0);
    const result = {
      ...header('hessian', o, model, modelName, data),
      ...whole,
      hvp_count: hvps,
      ...(o.perLayer ? { layers } : {}),
      provenance: provenanceOf(model, data, o, { loss: model.program.loss, top_k: o.topK, min: o.min, trace: o.trace, density: o.density, exact: o.exact, per_layer: o.perLayer, max_iter: o.maxIter, tol: o.tol, probes: o.probes }, { hvps }),
    };
    const line = (s: Spectrum) =>
      [
        `top ${s.eigenvalues.length}: ${s.eigenvalues.map((e) => fmt(e, 5)).join(', ')}`,
        s.eig_min !== null ? `eig_min ${fmt(s.eig_min, 5)}` : '',
        s.trace !== null ? `trace ${fmt(s.trace, 5)}${s.trace_stderr !== undefined ? ` ± ${fmt(s.trace_stderr, 2)}` : ''}` : '',
        s.neg_fraction !== null ? `negative ${(100 * s.neg_fraction).toFixed(1)}%` : '',
      ].filter(Boolean).join('; ');
    const text = [
      `${modelName} on ${data.name}: Hessian of ${n.toLocaleString('en-US')} parameters (${whole.method}, ${hvps} HVPs)`,
      `  ${line(whole)}`,
      ...layers.map((l) => `  ${l.name} (${l.size}): ${line(l)}`),
    ].join('\n');
    await renderOutputs('hessian', result, { plot: o.plot, csv: o.csv });
    await emit(o, result, text);
  } finally {
    stop.release();
    await backend.close();
  }
}
