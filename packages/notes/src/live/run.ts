/**
 * Runs a parsed live job over a backend and returns the result JSON `nnll COMMAND --json` writes
 * (the fields the notes' charts draw, plus the common ones: version, command, model, data, n,
 * seed). Browser-safe: the caller loads the model and data (files in Node, fetched in a page) and
 * opens the backend (worker threads in Node, Web Workers in a page).
 */
import { resolveProgram } from '@nnll/core-wasm';
import {
  checkData,
  cosine,
  DataError,
  interpolate,
  lanczos,
  linspace,
  normalizeDirection,
  randomDirection,
  reshapeTo,
  slq,
  computeSurface,
  VERSION,
  type Backend,
  type Dataset,
  type Hvp,
  type Model,
} from '@nnll/landscape';
import type { HessianJob, InterpolateJob, LiveJob, SurfaceJob } from './job.js';
import { LiveJobError } from './job.js';

export interface JobInputs {
  /** Loaded with the job's loss (see `lossKind`). */
  model: Model;
  /** Model B of `interpolate`. */
  to?: Model;
  data: Dataset;
  /** A backend for `model` with `data` resident. */
  openBackend: (model: Model, data: Dataset) => Promise<Backend>;
  /** Progress: units done of total (points or Hessian-vector products). */
  onProgress?: (done: number, total: number, unit: string) => void;
}

export type LiveResult = Record<string, unknown> & { command: LiveJob['command'] };

/** Output values per sample. */
function outputSize(model: Model): number {
  const r = resolveProgram(model.program);
  return r.shapes[model.program.output].reduce((a, b) => a * b, 1);
}

/** The data fitted to the model's input, labels within its classes, targets of its output size (as the CLI checks them). */
export function fitData(ds: Dataset, model: Model, modelName: string): Dataset {
  let fitted: Dataset;
  try {
    fitted = reshapeTo(ds, model.program.input);
  } catch (e) {
    if (e instanceof DataError) throw new DataError(`--data ${ds.name}: data shape [${ds.shape}] does not match the input [${model.program.input}] of ${modelName}`);
    throw e;
  }
  const outputs = outputSize(model);
  const classification = model.program.loss !== 'mse';
  if (classification && !fitted.labels) throw new DataError(`--data ${ds.name}: float targets, but ${modelName} is evaluated with cross-entropy (use integer labels, or --loss mse)`);
  if (!classification && !fitted.targets) throw new DataError(`--data ${ds.name}: integer labels, but the loss is mse (use float targets, or --loss ce)`);
  if (!classification && fitted.targets!.length !== fitted.n * outputs) {
    throw new DataError(`--data ${ds.name}: ${fitted.targets!.length / Math.max(fitted.n, 1)} targets per sample, ${modelName} outputs ${outputs}`);
  }
  return checkData(fitted, { classes: classification ? outputs : undefined, path: `--data ${ds.name}` });
}

function header(job: LiveJob, model: Model, data: Dataset) {
  return {
    version: VERSION,
    command: job.command,
    model: { path: job.model, sha256: model.source.sha256, param_count: model.params.length },
    data: { path: job.data, sha256: data.sha256 ?? null },
    n: data.n,
    seed: job.seed,
  };
}

/** Seeds of the two random directions of a run with seed s (as `nnll surface` draws them). */
const directionSeeds = (seed: number): [number, number] => [2 * seed + 1, 2 * seed + 2];

async function surface(job: SurfaceJob, inputs: JobInputs, data: Dataset, backend: Backend): Promise<LiveResult> {
  const { model } = inputs;
  const [s1, s2] = directionSeeds(job.seed);
  const d1 = normalizeDirection(randomDirection(model.params.length, s1), model, { norm: job.norm, ignore: job.ignore });
  const d2 = job.y ? normalizeDirection(randomDirection(model.params.length, s2), model, { norm: job.norm, ignore: job.ignore }) : undefined;
  const total = job.x.num * (job.y?.num ?? 1);
  inputs.onProgress?.(0, total, 'points');
  const s = await computeSurface(backend, {
    d1,
    d2,
    x: job.x,
    y: job.y,
    chunk: Math.max(8, Math.min(64, Math.ceil(total / 50))),
    onPoints: (_points, done) => inputs.onProgress?.(done, total, 'points'),
  });
  return {
    ...header(job, model, data),
    x: s.x,
    ...(s.y ? { y: s.y } : {}),
    loss: s.loss,
    accuracy: s.accuracy,
    complete: s.complete,
    points_done: s.points.length,
    points_total: total,
    directions: { norm: job.norm, ignore: job.ignore, x_dir: { path: null, sha256: null, seed: s1 }, y_dir: d2 ? { path: null, sha256: null, seed: s2 } : null, cosine: d2 ? cosine(d1, d2) : null },
  } as LiveResult;
}

async function interpolation(job: InterpolateJob, inputs: JobInputs, data: Dataset, backend: Backend): Promise<LiveResult> {
  const { model, to } = inputs;
  if (!to) throw new LiveJobError('interpolate: model B was not loaded');
  const pa = model.program.params, pb = to.program.params;
  const same = pa.length === pb.length && pa.every((p, i) => p.name === pb[i].name && p.shape.join() === pb[i].shape.join()) && JSON.stringify(model.program.ops) === JSON.stringify(to.program.ops);
  if (!same) throw new LiveJobError(`--to ${job.to}: not the same architecture as ${job.model}`);
  const ts = linspace(job.t);
  inputs.onProgress?.(0, ts.length, 'points');
  const r = await interpolate(backend, model.params, to.params, {
    t: ts,
    chunk: Math.max(4, Math.min(64, Math.ceil(ts.length / 20))),
    onPoints: (done) => inputs.onProgress?.(done, ts.length, 'points'),
  });
  return {
    ...header(job, model, data),
    to: { path: job.to, sha256: to.source.sha256 },
    t: r.t,
    loss: r.loss,
    accuracy: r.accuracy,
    loss_a: r.loss_a,
    loss_b: r.loss_b,
    barrier: r.barrier,
    barrier_t: r.barrier_t,
    barrier_above_max: r.barrier_above_max,
    complete: r.complete,
  } as LiveResult;
}

async function hessian(job: HessianJob, inputs: JobInputs, data: Dataset, backend: Backend): Promise<LiveResult> {
  const n = backend.paramCount;
  const maxIter = Math.min(job.maxIter, n);
  const steps = Math.min(90, n);
  const total = maxIter + (job.min ? maxIter : 0) + (job.density ? 5 * steps : 0);
  let count = 0;
  inputs.onProgress?.(0, total, 'HVPs');
  const hvp: Hvp = async (v) => {
    const r = await backend.hvp(v);
    count++;
    inputs.onProgress?.(Math.min(count, total), total, 'HVPs');
    return r.hv;
  };
  const methods = ['lanczos'];
  const top = await lanczos(hvp, n, { k: Math.min(job.topK, n), which: 'largest', maxIter, tol: job.tol, seed: job.seed });
  let eig_min: number | null = null;
  if (job.min) eig_min = (await lanczos(hvp, n, { k: 1, which: 'smallest', maxIter, tol: job.tol, relativeTo: 'norm', seed: job.seed + 1 })).eigenvalues[0];
  let density = null, neg: number | null = null;
  if (job.density) {
    methods.push('slq');
    const s = await slq(hvp, n, { seed: job.seed, steps });
    density = s.density;
    neg = s.neg_fraction;
  }
  return {
    ...header(job, inputs.model, data),
    eigenvalues: top.eigenvalues,
    residuals: top.residuals,
    converged: top.converged,
    eig_min: eig_min,
    trace: null,
    density,
    neg_fraction: neg,
    method: methods.join('+'),
    hvp_count: count,
  } as LiveResult;
}

/** Computes the job; the backend is closed before this returns. */
export async function runJob(job: LiveJob, inputs: JobInputs): Promise<LiveResult> {
  const data = fitData(inputs.data, inputs.model, job.model);
  const backend = await inputs.openBackend(inputs.model, data);
  try {
    switch (job.command) {
      case 'surface':
        return await surface(job, inputs, data, backend);
      case 'interpolate':
        return await interpolation(job, inputs, data, backend);
      case 'hessian':
        return await hessian(job, inputs, data, backend);
    }
  } finally {
    await backend.close();
  }
}

/** JSON as `nnll` writes it: typed arrays as arrays, NaN and ±Infinity (diverged points) as null. */
export function toJson(result: LiveResult): LiveResult {
  const replacer = (_key: string, value: unknown) => {
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
    return typeof value === 'number' && !Number.isFinite(value) ? null : value;
  };
  return JSON.parse(JSON.stringify(result, replacer)) as LiveResult;
}
