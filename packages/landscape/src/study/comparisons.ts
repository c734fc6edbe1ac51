/**
 * What a study compares once its runs are done, each a job of its own (saved as a part of the
 * study folder): the interpolation between the best SGD-family and the best Adam-family solution
 * and the filter-normalised surfaces around both (Wilson et al. 2017: one basin or two?), and
 * Keskar et al.'s line θ_small + α(θ_large − θ_small), α ∈ [−1, 2], between the smallest- and the
 * largest-batch solution of the first seed.
 */
import type { JobProgress } from '../jobs/kind.js';

/** A job of the study, taken from its folder when the part is there with the same spec. */
export type StudyPart = (name: string | null, job: Record<string, unknown>, note: (p: JobProgress) => string | undefined, keep?: (spec: Record<string, unknown>) => unknown) => Promise<{ result: Record<string, unknown>; resumed: boolean }>;

/** The fields of a finished run the comparisons read. */
export interface ComparedRun {
  id: string;
  optimizer: string;
  batch_size: number;
  seed: number;
  train_loss: number | null;
  test_loss: number | null;
  test_accuracy: number | null;
}

export interface ComparisonContext {
  part: StudyPart;
  /** The model reference of a run (its file in the folder, or in memory). */
  ref(id: string): string;
  /** The study's data, test set, seed and loss. */
  base: { data: string; test?: string; seed: number; loss?: string };
  progress(note: string): void;
}

/** Test accuracy (else −test loss, else −train loss): how a run ranks for "best". */
export function score(r: ComparedRun): number {
  return r.test_accuracy ?? (r.test_loss !== null ? -r.test_loss : -(r.train_loss ?? Infinity));
}

const bestOf = <R extends ComparedRun>(rs: R[]): R | null => rs.reduce<R | null>((b, r) => (!b || score(r) > score(b) ? r : b), null);

/** An interpolate job between two runs, its part keyed by the runs' ids. */
function interpolation(c: ComparisonContext, name: string, a: string, b: string, t: string, note: string) {
  const { data, test, seed, loss } = c.base;
  const job = { kind: 'interpolate', model: c.ref(a), data, ...(test ? { test } : {}), seed, options: { to: c.ref(b), t, ...(loss ? { loss } : {}) } };
  return c.part(name, job, () => note, (s) => ({ ...s, model: a, options: { ...(s.options as object), to: b } }));
}

/** The best SGD-family against the best Adam-family run: interpolation and surfaces; null without both. */
export async function optimizerComparison(c: ComparisonContext, runs: ComparedRun[], surfaceGrid: number) {
  const sgd = bestOf(runs.filter((r) => !r.optimizer.startsWith('adam')));
  const adam = bestOf(runs.filter((r) => r.optimizer.startsWith('adam')));
  if (!sgd || !adam) return null;
  c.progress(`interpolation ${sgd.id} → ${adam.id}`);
  const interp = await interpolation(c, 'interpolation.json', sgd.id, adam.id, '-0.5:1.5:21', 'interpolation');
  const surfaces = [];
  if (surfaceGrid > 0) {
    const g = `-1:1:${surfaceGrid}`;
    for (const r of [sgd, adam]) {
      const job = { kind: 'surface', model: c.ref(r.id), data: c.base.data, seed: c.base.seed, options: { x: g, y: g, norm: 'filter', ...(c.base.loss ? { loss: c.base.loss } : {}) } };
      const s = await c.part(`surface-${r.id}.json`, job, () => `surface around ${r.id}`, (spec) => ({ ...spec, model: r.id }));
      surfaces.push({ id: r.id, surface: s.result });
    }
  }
  return { sgd: sgd.id, adam: adam.id, interpolation: interp.result, surfaces };
}

/** Keskar's line between the smallest- and largest-batch runs of `seed`; null without two batch sizes. */
export async function keskarComparison(c: ComparisonContext, runs: ComparedRun[], seed: number, points: number) {
  const first = runs.filter((r) => r.seed === seed);
  const small = first.reduce<ComparedRun | null>((b, r) => (!b || r.batch_size < b.batch_size ? r : b), null);
  const large = first.reduce<ComparedRun | null>((b, r) => (!b || r.batch_size > b.batch_size ? r : b), null);
  if (!small || !large || small.batch_size === large.batch_size) return null;
  c.progress(`Keskar's line ${small.id} → ${large.id}`);
  const interp = await interpolation(c, 'keskar.json', small.id, large.id, `-1:2:${points}`, 'Keskar line');
  return { small: small.id, large: large.id, interpolation: interp.result };
}
