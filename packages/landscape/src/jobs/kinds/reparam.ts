/**
 * `reparam`: the reparametrisation lab (Dinh et al. 2017). A layer's weights and bias × α and the
 * next layer's weights × 1/α (through ReLU, pooling; or the batch norm's statistics): the same
 * function. The job checks that it is (max |Δlogits| over the data, in float64), then measures every
 * sharpness measure and two 1-D loss curves — along a fixed raw direction and along a
 * filter-normalised one — before and after, with the same seeds. A measure is `invariant` when its
 * ratio after/before is 1 within its own noise: |after − before| ≤ 3·√(noise_before² +
 * noise_after²) + 1e-3·|before| (the last term: the float32 rounding of the rescaled weights). With
 * several α the top eigenvalue's growth can be drawn against α (≈ α² for large α).
 */
import { z } from 'zod';
import { reparametrize } from '../../reparam/reparametrize.js';
import { maxLogitChange } from '../../reparam/logit-change.js';
import { sharpness, measureValues, SHARPNESS_MEASURES, type SharpnessResult } from '../../sharpness/sharpness.js';
import { computeSurface } from '../../surface/surface.js';
import { linspace, parseRange } from '../../surface/range.js';
import { normalizeDirection } from '../../directions/normalize.js';
import { randomDirection } from '../../directions/random.js';
import { exportOnnx } from '../../models/onnx-export.js';
import type { Model } from '../../models/model.js';
import type { Backend } from '../../backend/backend.js';
import { defineKind, type JobContext } from '../kind.js';
import { header, provenanceOf } from '../result.js';
import { lossOption, openModelData } from '../inputs.js';
import { withLeases } from '../backends.js';
import { int, list, output, range, type Opt } from '../options.js';
import { fmt } from '../format.js';
import { saveVector } from '../vectors.js';
import { directionSeeds } from '../directions.js';
import { measureOptions, measuresOption, measurementShape, sharpnessOptionsOf } from '../sharpness-options.js';
import { measuredSet, totalCounts } from './sharpness.js';

/** An option that must be given (the builders' optional form, unwrapped). */
const required = <S extends z.ZodType>(o: Opt<z.ZodOptional<S>>): Opt<S> => ({ schema: o.schema.unwrap().describe(o.meta.help) as S, meta: o.meta });

const layerOption: Opt<z.ZodString> = {
  schema: z.string().min(1).max(1000).describe("the layer: its weight parameter's name (nnll info lists them) or its 0-based index among the dense and conv layers"),
  meta: { type: 'string', placeholder: 'L', help: "the layer: its weight parameter's name (nnll info lists them) or its 0-based index among the dense and conv layers" },
};

const comparison = z.object({
  name: z.string(),
  before: z.number().nullable(),
  after: z.number().nullable(),
  ratio: z.number().nullable(),
  invariant: z.boolean(),
  noise_before: z.number().nullable(),
  noise_after: z.number().nullable(),
}).strict();

const curves = z.object({ raw: z.array(z.number().nullable()), filter: z.array(z.number().nullable()) }).strict();

const perAlpha = z.object({
  alpha: z.number(),
  max_logit_change: z.number(),
  max_logit: z.number(),
  loss_after: z.number().nullable(),
  measures: z.array(comparison),
  curves,
  curve_change: z.object({ raw: z.number().nullable(), filter: z.number().nullable() }).strict(),
  after: z.object(measurementShape).strict(),
}).strict();

/** Allowed |ratio − 1| from the float32 rounding of the rescaled weights. */
export const REPARAM_ROUNDING = 1e-3;

/** Each measure before and after, with its ratio and whether it is unchanged within its noise. */
export function compareMeasures(before: SharpnessResult, after: SharpnessResult): z.output<typeof comparison>[] {
  const a = new Map(measureValues(after).map((m) => [m.name, m]));
  return measureValues(before).map((b) => {
    const x = a.get(b.name);
    const after = x?.value ?? null;
    const noise = Math.hypot(b.noise, x?.noise ?? 0);
    const invariant = after !== null && Number.isFinite(b.value) && Number.isFinite(after) && Math.abs(after - b.value) <= 3 * noise + REPARAM_ROUNDING * Math.abs(b.value);
    return { name: b.name, before: b.value, after, ratio: after !== null && b.value !== 0 ? after / b.value : null, invariant, noise_before: b.noise, noise_after: x?.noise ?? null };
  });
}

export const reparamKind = defineKind({
  kind: 'reparam',
  version: 1,
  summary: "the reparametrisation lab: rescale a ReLU layer by α and the next by 1/α (same function), sharpness before and after",
  examples: [
    'reparam --model model.onnx --data data.npz --layer fc1.weight --alpha 10',
    'reparam --model model.onnx --data mnist --layer 0 --alpha 0.1,1,10,100 --measures lambda_max,adaptive_worst --plot lambda-vs-alpha.svg',
    'reparam --model model.onnx --data data.npz --layer fc1.weight --alpha 10 --save rescaled.onnx --json',
  ],
  inputs: { model: {}, data: {} },
  options: {
    loss: lossOption,
    layer: layerOption,
    alpha: required(list('number', { min: 1e-30, max: 1e30, maxItems: 50, placeholder: 'A,…', help: 'α > 0, or a list of them (each rescaling is measured)' })),
    measures: measuresOption(),
    x: range({ default: '-1:1:21', maxNum: 1001, help: 'coefficients of the 1-D curves (default -1:1:21)' }),
    subset: int({ default: 0, min: 0, max: 100_000_000, placeholder: 'N', help: 'measure on N samples of the data, drawn with the seed (default 0: all)' }),
    check_samples: int({ default: 2048, min: 0, max: 100_000_000, placeholder: 'N', help: 'samples on which the logits are compared in float64 (default 2048; 0: all)' }),
    save: output({ exts: ['.onnx', '.npz', '.safetensors'], help: 'write the rescaled model (one --alpha)' }),
    ...measureOptions,
  },
  check(spec) {
    const o = spec.options;
    if (o.save && o.alpha.length > 1) return { key: 'save', value: o.save, reason: 'needs a single --alpha' };
    if (new Set(o.measures).size !== o.measures.length) return { key: 'measures', value: o.measures, reason: 'a measure is named twice' };
    return undefined;
  },
  result: {
    layer: z.string(),
    next: z.string(),
    via: z.enum(['next-layer', 'batchnorm']),
    chain: z.array(z.string()),
    scaled: z.array(z.object({ name: z.string(), factor: z.number() }).strict()),
    checked_samples: z.number().int(),
    subset: z.number().int().nullable(),
    max_logit_change: z.number(),
    loss_before: z.number().nullable(),
    loss_after: z.number().nullable(),
    measures: z.array(comparison),
    x: z.array(z.number()),
    curves_before: curves,
    alphas: z.array(perAlpha),
    before: z.object(measurementShape).strict(),
    saved: z.string().nullable(),
    seconds: z.number(),
  },
  async run(spec, ctx) {
    const o = spec.options;
    const t0 = performance.now();
    const opened = await openModelData(spec, ctx);
    const { model, modelName } = opened;
    if (o.save) await ctx.io.checkWritable(o.save, '--save');
    // every rescaling first: a layer that cannot be rescaled is refused before any work
    const rescaled = o.alpha.map((alpha) => ({ alpha, ...reparametrize(model, { layer: o.layer, alpha }) }));
    const data = measuredSet(opened.data, o.subset, spec.seed);
    const measures = SHARPNESS_MEASURES.filter((m) => o.measures.includes(m));
    const x = parseRange(o.x);
    const [seed] = directionSeeds(spec.seed);
    const z0 = randomDirection(model.params.length, seed);
    const filterBefore = normalizeDirection(z0, model, { norm: 'filter' });
    // the raw direction: z scaled to the filter direction's length at θ, then fixed
    const fn = norm2(filterBefore), zn = norm2(z0);
    const raw = Float32Array.from(z0, (v) => (v * fn) / zn);
    const total = (o.alpha.length + 1) * measures.length;
    let done = 0;
    const measure = (m: Model, label: string) => (b: Backend) => sharpness(b, m, {
      ...sharpnessOptionsOf(o, spec.seed),
      measures,
      signal: ctx.signal,
      onMeasure: (name) => name !== 'done' && ctx.progress({ phase: 'reparam', done: done++, total, unit: 'measures', note: `${label}: ${name}` }),
    });
    const before = await withLeases(ctx.backends, [[model, data]], async (b) => ({ s: await measure(model, 'before')(b), curves: await curvesOf(b, raw, filterBefore, x, ctx) }));
    const alphas: z.output<typeof perAlpha>[] = [];
    let complete = before.s.complete;
    for (const r of rescaled) {
      if (!complete) break;
      const logits = maxLogitChange(model, r.model, opened.data, { samples: o.check_samples });
      const filterAfter = normalizeDirection(z0, r.model, { norm: 'filter' });
      const after = await withLeases(ctx.backends, [[r.model, data]], async (b) => ({ s: await measure(r.model, `α = ${r.alpha}`)(b), curves: await curvesOf(b, raw, filterAfter, x, ctx) }));
      complete = after.s.complete;
      alphas.push({
        alpha: r.alpha,
        max_logit_change: logits.max_logit_change,
        max_logit: logits.max_logit,
        loss_after: after.s.loss,
        measures: compareMeasures(before.s, after.s),
        curves: after.curves,
        curve_change: { raw: maxChange(before.curves.raw, after.curves.raw), filter: maxChange(before.curves.filter, after.curves.filter) },
        after: strip(after.s),
      });
    }
    if (o.save && complete) {
      const m = rescaled[0].model;
      if (o.save.toLowerCase().endsWith('.onnx')) await ctx.io.write(o.save, exportOnnx(m), '--save');
      else await saveVector(ctx.io, o.save, m.params, m, '--save');
    }
    const first = rescaled[0];
    const head = header({ schema: 'nnll/reparam@1', command: 'reparam', seed: spec.seed, model, modelName, data: { ...data, name: opened.data.name, sha256: opened.data.sha256 } });
    const work = [before.s, ...alphas.map((a) => a.after)].map((s) => totalCounts(s.counts));
    return {
      ...head,
      layer: first.layer,
      next: first.next,
      via: first.via,
      chain: first.chain,
      scaled: first.scaled.map((s) => ({ name: s.name, factor: s.factor })),
      checked_samples: Math.min(o.check_samples || opened.data.n, opened.data.n),
      subset: data === opened.data ? null : data.n,
      max_logit_change: Math.max(0, ...alphas.map((a) => a.max_logit_change)),
      loss_before: before.s.loss,
      loss_after: alphas[0]?.loss_after ?? null,
      measures: alphas[0]?.measures ?? [],
      x: linspace(x),
      curves_before: before.curves,
      alphas,
      before: strip(before.s),
      saved: o.save && complete ? o.save : null,
      complete,
      seconds: (performance.now() - t0) / 1000,
      provenance: provenanceOf(spec, model, { ...data, name: opened.data.name, sha256: opened.data.sha256 }, {
        forwardPasses: work.reduce((s, w) => s + w.forwardPasses, 0) + 2 * (alphas.length + 1) * x.num,
        hvps: work.reduce((s, w) => s + w.hvps, 0),
      }),
    };
  },
  summarize(r) {
    const lines = [`${r.model!.path} on ${r.data!.path}: ${r.layer} × α, ${r.next} ${r.via === 'batchnorm' ? '(batch norm statistics and ε rescaled)' : `× 1/α (through ${r.chain.join(', ') || 'nothing'})`}`];
    for (const a of r.alphas) {
      lines.push(`  α = ${a.alpha}: max |Δlogits| ${fmt(a.max_logit_change, 2)} (logits up to ${fmt(a.max_logit, 3)}), loss ${fmt(r.loss_before, 6)} → ${fmt(a.loss_after, 6)}`);
      for (const m of a.measures) lines.push(`    ${m.name.padEnd(24)} ${fmt(m.before, 5)} → ${fmt(m.after, 5)}  ×${fmt(m.ratio, 4)}${m.invariant ? '  invariant' : ''}`);
      lines.push(`    1-D curves, max |Δloss|: raw direction ${fmt(a.curve_change.raw, 3)}, filter-normalised ${fmt(a.curve_change.filter, 3)}`);
    }
    if (!r.complete) lines.push('  (interrupted)');
    if (r.saved) lines.push(`  saved to ${r.saved}`);
    return lines.join('\n');
  },
});

const norm2 = (v: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
};

/** The 1-D curves along the raw and the filter-normalised direction at the backend's θ. */
async function curvesOf(b: Backend, raw: Float32Array, filter: Float32Array, x: ReturnType<typeof parseRange>, ctx: JobContext) {
  const along = async (d: Float32Array) => (await computeSurface(b, { d1: d, x, signal: ctx.signal })).loss as number[];
  return { raw: await along(raw), filter: await along(filter) };
}

function maxChange(a: number[], b: number[]): number | null {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]) || !Number.isFinite(b[i])) return null;
    m = Math.max(m, Math.abs(a[i] - b[i]));
  }
  return m;
}

/** A measurement as the result holds it (without `complete`). */
function strip(s: SharpnessResult) {
  const { complete: _, ...rest } = s;
  return rest;
}
