/**
 * `surface`: L(a, b) = loss(θ + a·d₁′ + b·d₂′) on a grid, `loss[i][j]` at a = x[i], b = y[j], or
 * along d₁′ alone without `y` (1-D). Points stream out coarse-to-fine as progress; cancelling keeps
 * the computed points (`complete: false`, null where missing) and `resume` continues such a result
 * when every setting that shapes the surface is the same.
 * see: Li, Xu, Taylor, Studer & Goldstein 2018, "Visualizing the Loss Landscape of Neural Nets".
 */
import { z } from 'zod';
import { computeSurface, type SurfacePoint } from '../../surface/surface.js';
import { parseRange } from '../../surface/range.js';
import { cosine } from '../../directions/random.js';
import { NORMS } from '../../directions/normalize.js';
import { defineKind } from '../kind.js';
import { header, nnum, provenanceOf, sha, testField, testOf } from '../result.js';
import { lossOption, openModelData } from '../inputs.js';
import { withLeases } from '../backends.js';
import { choice, file, range } from '../options.js';
import { directionSeeds, surfaceDirection } from '../directions.js';
import { count, fmt } from '../format.js';
import { JobSpecError } from '../spec-error.js';

/** Most grid points a surface may have: 1,000 × 1,000 (sizes are refused before any memory is taken). */
export const MAX_SURFACE_POINTS = 1_000_000;

const grid = z.union([z.array(z.array(nnum)), z.array(nnum)]);
const source = z.object({ path: z.string().nullable(), sha256: sha.nullable(), seed: z.number().int().nullable() }).strict();
const VECTOR_EXTS = ['.npz', '.safetensors', '.npy'];

export const surfaceKind = defineKind({
  kind: 'surface',
  version: 1,
  summary: 'loss surface L(a, b) = loss(θ + a·d₁ + b·d₂) on a grid (1-D along d₁ without --y)',
  examples: [
    'surface --model model.onnx --data data.npz --x -1:1:51 --y -1:1:51 --out surface.json',
    'surface --model model.onnx --data mnist --x -1:1:51 --y -1:1:51 --vtk surface.vtp --hdf5 surface.h5',
    'surface --model model.onnx --data data.npz --x -1:1:101 --norm filter --json',
    'surface --model model.onnx --data data.npz --x-dir d1.npz --y-dir d2.npz --y -1:1:51 --norm none',
    'surface --model model.onnx --data data.npz --x -1:1:51 --y -1:1:51 --resume surface.json --out surface.json',
  ],
  inputs: { model: {}, data: {}, test: { help: 'also the loss and accuracy on this data set (test_loss, test_accuracy)' } },
  options: {
    loss: lossOption,
    x: range({ default: '-1:1:51', maxNum: 10_001, help: 'coefficients of d₁ (default -1:1:51)' }),
    y: range({ maxNum: 10_001, help: 'coefficients of d₂; without --y (and --y-dir) the surface is 1-D' }),
    x_dir: file({ exts: VECTOR_EXTS, help: 'd₁ from .npz/.safetensors (one array per parameter); default seeded Gaussian' }),
    y_dir: file({ exts: VECTOR_EXTS, help: 'd₂ likewise (implies a 2-D surface, --y default -1:1:51)' }),
    norm: choice(NORMS, { default: 'filter', placeholder: 'N', help: 'filter (default), layer, weight, dfilter, dlayer or none (directions as given)' }),
    ignore: choice(['biasbn', 'none'] as const, { placeholder: 'I', help: 'biasbn (default with a normalisation: 1-D tensors get direction 0) or none (default with --norm none)' }),
  },
  fill: (o) => ({ ...o, y: o.y ?? (o.y_dir ? '-1:1:51' : undefined), ignore: o.ignore ?? (o.norm === 'none' ? 'none' : 'biasbn') }),
  check(spec) {
    const nx = parseRange(spec.options.x).num, ny = spec.options.y ? parseRange(spec.options.y).num : 1;
    if (nx * ny > MAX_SURFACE_POINTS) return { key: spec.options.y ? 'y' : 'x', value: spec.options.y ?? spec.options.x, reason: `${count(nx)} × ${count(ny)} = ${count(nx * ny)} grid points, at most ${count(MAX_SURFACE_POINTS)}` };
    return undefined;
  },
  resumable: true,
  result: {
    x: z.array(z.number()),
    y: z.array(z.number()).optional(),
    loss: grid,
    accuracy: grid.nullable(),
    test_loss: grid.optional(),
    test_accuracy: grid.nullable().optional(),
    points_done: z.number().int(),
    points_total: z.number().int(),
    test: testField.nullable(),
    directions: z.object({ norm: z.enum(NORMS), ignore: z.enum(['biasbn', 'none']), x_dir: source, y_dir: source.nullable(), cosine: nnum }).strict(),
  },
  async run(spec, ctx) {
    const o = spec.options;
    const { model, modelName, data, test } = await openModelData(spec, ctx);
    const x = parseRange(o.x), y = o.y ? parseRange(o.y) : undefined;
    const [s1, s2] = directionSeeds(spec.seed);
    const ignore = o.ignore!;
    const r1 = await surfaceDirection(ctx.io, model, { path: o.x_dir, seed: s1, flag: '--x-dir', norm: o.norm, ignore });
    const r2 = y ? await surfaceDirection(ctx.io, model, { path: o.y_dir, seed: s2, flag: '--y-dir', norm: o.norm, ignore }) : null;
    const head = header({ schema: 'nnll/surface@1', command: 'surface', seed: spec.seed, model, modelName, data });
    const resumed = ctx.resume ? resumePoints(ctx.resume, head, spec, test?.sha256 ?? null) : [];
    const total = x.num * (y?.num ?? 1);
    ctx.progress({ phase: 'surface', done: resumed.length, total, unit: 'points' });
    const wanted: [typeof model, typeof data][] = test ? [[model, data], [model, test]] : [[model, data]];
    const s = await withLeases(ctx.backends, wanted, (train, held) =>
      computeSurface(train, {
        d1: r1.d,
        d2: r2?.d,
        x,
        y,
        test: held,
        resume: resumed,
        chunk: Math.max(8, Math.min(64, Math.ceil(total / 50))),
        signal: ctx.signal,
        onPoints: (points, done) => ctx.progress({ phase: 'surface', done, total, unit: 'points', partial: points }),
      }),
    );
    return {
      ...head,
      x: s.x,
      ...(s.y ? { y: s.y } : {}),
      loss: s.loss,
      accuracy: s.accuracy,
      ...(s.test_loss ? { test_loss: s.test_loss, test_accuracy: s.test_accuracy } : {}),
      complete: s.complete,
      points_done: s.points.length,
      points_total: total,
      test: testOf(test),
      directions: { norm: o.norm, ignore, x_dir: r1.source, y_dir: r2?.source ?? null, cosine: r2 ? cosine(r1.d, r2.d) : null },
      provenance: provenanceOf(spec, model, data, { forwardPasses: s.forward_passes }),
    };
  },
  summarize(r) {
    const flat = (r.loss as (number | null | (number | null)[])[]).flat().filter((v): v is number => v !== null);
    const grid = r.y ? `${r.x.length}×${r.y.length}` : `${r.x.length}-point`;
    const norm = r.directions.norm === 'none' ? 'directions as given' : `${r.directions.norm} normalised${r.directions.ignore === 'biasbn' ? ', biases and batch-norm ignored' : ''}`;
    const lines = [`${r.model!.path} on ${r.data!.path}: ${grid} surface (${norm})`];
    if (!r.complete) lines.push(`  ${count(r.points_done)}/${count(r.points_total)} points computed before the interruption`);
    if (flat.length) lines.push(`  loss min ${fmt(Math.min(...flat), 5)}, max ${fmt(Math.max(...flat), 5)}; ${count(r.provenance.counts.forward_passes)} full-data evaluations`);
    return lines.join('\n');
  },
});

type Grid = (number | null)[][] | (number | null)[];

/** The points of a partial result of the same job: every non-null loss. Refuses a result of another job. */
function resumePoints(partial: Record<string, unknown>, head: ReturnType<typeof header>, spec: { seed: number; options: object }, testSha: string | null): SurfacePoint[] {
  const p = partial as { schema?: string; model?: { sha256?: string }; data?: { sha256?: string | null }; seed?: number; test?: { sha256?: string | null } | null; provenance?: { options?: Record<string, unknown> }; loss?: Grid; accuracy?: Grid | null; test_loss?: Grid; test_accuracy?: Grid | null; y?: unknown };
  if (p.schema !== head.schema || !Array.isArray(p.loss) || !p.provenance?.options) throw new JobSpecError('resume: not a partial result of a surface job');
  const same = (what: string, then: unknown, now: unknown) => {
    if (JSON.stringify(then ?? null) !== JSON.stringify(now ?? null)) throw new JobSpecError(`resume: ${what} differs (file: ${JSON.stringify(then ?? null)}, now: ${JSON.stringify(now ?? null)}); resume with the same options`);
  };
  same('model', p.model?.sha256, head.model!.sha256);
  same('data', p.data?.sha256, head.data!.sha256);
  same('test', p.test?.sha256 ?? null, testSha);
  same('seed', p.seed, spec.seed);
  for (const [key, now] of Object.entries(spec.options)) if (key !== 'loss') same(key, p.provenance.options[key], now);
  const twoD = p.y !== undefined;
  const at = (g: Grid | null | undefined, i: number, j: number): number | null | undefined => (g ? (twoD ? (g as (number | null)[][])[i]?.[j] : (g as (number | null)[])[i]) : undefined);
  const points: SurfacePoint[] = [];
  p.loss.forEach((row, i) => {
    const cols = twoD ? (row as unknown[]).length : 1;
    for (let j = 0; j < cols; j++) {
      const loss = at(p.loss, i, j);
      if (loss === null || loss === undefined) continue;
      const q: SurfacePoint = { i, j, loss, accuracy: at(p.accuracy, i, j) ?? null };
      if (p.test_loss) {
        q.test_loss = at(p.test_loss, i, j) ?? NaN;
        q.test_accuracy = at(p.test_accuracy, i, j) ?? null;
      }
      points.push(q);
    }
  });
  return points;
}
