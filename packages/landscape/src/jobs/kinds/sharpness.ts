/**
 * `sharpness`: every sharpness measure of a model at its weights on a data set (or a seeded subset
 * of it) — λmax and the trace of the Hessian and their filter-normalised counterparts, Keskar's
 * ε-sharpness per ε, adaptive worst- and average-case sharpness, the PAC-Bayes σ plain and
 * magnitude-aware — each with its parameters, seed, noise and the work it took. Cancelling keeps the
 * measures that finished.
 * see: src/sharpness/ (one file per measure, with its paper).
 */
import { z } from 'zod';
import { sharpness, measureValues, SHARPNESS_MEASURES } from '../../sharpness/sharpness.js';
import { permutation, takeSamples } from '../../data/split.js';
import { sha256Hex } from '../../data/sha256.js';
import type { Dataset } from '../../data/dataset.js';
import { defineKind } from '../kind.js';
import { header, provenanceOf } from '../result.js';
import { lossOption, openModelData } from '../inputs.js';
import { withLeases } from '../backends.js';
import { int } from '../options.js';
import { fmt } from '../format.js';
import { measureOptions, measuresOption, measurementShape, sharpnessOptionsOf } from '../sharpness-options.js';

/**
 * `subset` samples of `data`, drawn with the seed (all of them when subset is 0 or ≥ n). The subset
 * is named by its source's sha256, size and seed, so jobs measuring on the same subset share backends.
 */
export function measuredSet(data: Dataset, subset: number, seed: number): Dataset {
  if (!subset || subset >= data.n) return data;
  const picked = takeSamples(data, permutation(data.n, seed + 0x5a).subarray(0, subset));
  const sha256 = data.sha256 ? sha256Hex(new TextEncoder().encode(`${data.sha256}|subset ${subset}|seed ${seed}`)) : undefined;
  return { ...picked, name: `${data.name}[${subset}]`, ...(sha256 ? { sha256 } : {}) };
}

/** Total work of a measurement's counts. */
export function totalCounts(counts: Record<string, { forward_passes: number; hvps: number }>): { forwardPasses: number; hvps: number } {
  const all = Object.values(counts);
  return { forwardPasses: all.reduce((s, c) => s + c.forward_passes, 0), hvps: all.reduce((s, c) => s + c.hvps, 0) };
}

export const sharpnessKind = defineKind({
  kind: 'sharpness',
  version: 1,
  summary: 'sharpness measures: λmax, trace (raw and filter-normalised), ε-sharpness, adaptive worst/average, PAC-Bayes σ',
  examples: [
    'sharpness --model model.onnx --data data.npz',
    'sharpness --model model.onnx --data mnist --measures lambda_max,eps_sharpness --eps 1e-3,5e-4 --json',
    'sharpness --model model.onnx --data data.npz --measures adaptive_worst,adaptive_average --rho 0.05 --rho-average 0.01',
    'sharpness --model fashion.onnx --data /usr/share/datasets/fashion-mnist --subset 10000 --measures pac_bayes_sigma --pac-metric error',
  ],
  inputs: { model: {}, data: {} },
  options: {
    loss: lossOption,
    measures: measuresOption(),
    subset: int({ default: 0, min: 0, max: 100_000_000, placeholder: 'N', help: 'measure on N samples of the data, drawn with the seed (default 0: all)' }),
    ...measureOptions,
  },
  check(spec) {
    const m = spec.options.measures;
    if (new Set(m).size !== m.length) return { key: 'measures', value: m, reason: 'a measure is named twice' };
    return undefined;
  },
  result: {
    measures: z.array(z.enum(SHARPNESS_MEASURES)),
    subset: z.number().int().nullable(),
    ...measurementShape,
    seconds: z.number(),
  },
  async run(spec, ctx) {
    const o = spec.options;
    const t0 = performance.now();
    const opened = await openModelData(spec, ctx);
    const { model, modelName } = opened;
    const data = measuredSet(opened.data, o.subset, spec.seed);
    const measures = SHARPNESS_MEASURES.filter((m) => o.measures.includes(m));
    ctx.progress({ phase: 'sharpness', done: 0, total: measures.length, unit: 'measures' });
    const r = await withLeases(ctx.backends, [[model, data]], (b) =>
      sharpness(b, model, {
        ...sharpnessOptionsOf(o, spec.seed),
        measures,
        signal: ctx.signal,
        onMeasure: (name, done, total) => ctx.progress({ phase: 'sharpness', done, total, unit: 'measures', note: name === 'done' ? undefined : name }),
      }),
    );
    return {
      ...header({ schema: 'nnll/sharpness@1', command: 'sharpness', seed: spec.seed, model, modelName, data: { ...data, name: opened.data.name, sha256: opened.data.sha256 } }),
      measures,
      subset: data === opened.data ? null : data.n,
      ...r,
      seconds: (performance.now() - t0) / 1000,
      provenance: provenanceOf(spec, model, { ...data, name: opened.data.name, sha256: opened.data.sha256 }, totalCounts(r.counts)),
    };
  },
  summarize(r) {
    const rows = measureValues(r as never).map((m) => `  ${m.name.padEnd(24)} ${fmt(m.value, 5)}${m.noise ? ` ± ${fmt(m.noise, 2)}` : ''}`);
    const { forwardPasses, hvps } = totalCounts(r.counts);
    return [
      `${r.model!.path} on ${r.data!.path}${r.subset ? ` (${r.subset} samples)` : ''}: loss ${fmt(r.loss, 5)}${r.accuracy !== null ? `, accuracy ${fmt(r.accuracy, 4)}` : ''}`,
      ...rows,
      `  ${forwardPasses} full-data passes, ${hvps} HVPs, ${r.seconds.toFixed(1)} s${r.complete ? '' : ' (interrupted: the measures above finished, the rest did not run)'}`,
    ].join('\n');
  },
});
