/**
 * What the commands share: opening `--model` and `--data` (checked against each other), a
 * backend, the fields every result carries, the result's output, and Ctrl-C handling.
 */
import { resolveProgram } from '@nnll/core-wasm';
import { checkData, DataError, ModelError, provenance, reshapeTo, type Backend, type Dataset, type Model, type Provenance } from '@nnll/landscape';
import { loadData, loadModel, nodeBackendWith } from '@nnll/landscape/node';
import type { CommonOptions, Values } from './args.js';
import { choiceFlag } from './args.js';
import { Interrupted } from './errors.js';
import { writeAtomic } from './output.js';
import { VERSION } from './version.js';

export type LossFlag = 'ce' | 'mse';

/** `--loss ce|mse`, or undefined to follow the data (integer labels: ce, float targets: mse). */
export function lossFlag(values: Values): LossFlag | undefined {
  return values.loss === undefined ? undefined : choiceFlag(values, 'loss', ['ce', 'mse'] as const, 'ce');
}

const lossKind = (l: LossFlag) => (l === 'mse' ? 'mse' : 'cross-entropy') as 'mse' | 'cross-entropy';

/** Number of values the model outputs per sample. */
export function outputSize(model: Model): number {
  const r = resolveProgram(model.program);
  return r.shapes[model.program.output].reduce((a, b) => a * b, 1);
}

/** The model's path (or spec) as the user gave it. */
export const modelPath = (m: Model, given: string): string => m.source.path ?? m.source.spec ?? given;

/** A model file or built-in spec, with finite parameters. */
export async function openModel(spec: string, o: { seed: number; loss?: LossFlag; data?: Dataset; flag?: string }): Promise<Model> {
  const loss = o.loss ? lossKind(o.loss) : o.data ? (o.data.targets ? 'mse' : 'cross-entropy') : undefined;
  const model = await loadModel(spec, { seed: o.seed, loss });
  let offset = 0;
  for (const p of model.program.params) {
    const size = p.shape.reduce((a, b) => a * b, 1);
    for (let i = 0; i < size; i++) {
      const v = model.params[offset + i];
      if (!Number.isFinite(v)) throw new ModelError(`${modelPath(model, spec)}: parameter ${p.name} holds ${v} at index ${i}`);
    }
    offset += size;
  }
  return model;
}

/** A data set as `--data` / `--test` name it, unchecked (the model is opened after it). */
export async function readData(spec: string, o: { seed: number; split?: 'train' | 'test' }): Promise<Dataset> {
  return loadData(spec, { seed: o.seed, split: o.split });
}

/** The data fitted to the model: input shape, labels within the model's classes, targets of its output size, all finite. */
export function fitData(ds: Dataset, model: Model, flag: string, modelName: string): Dataset {
  let fitted: Dataset;
  try {
    fitted = reshapeTo(ds, model.program.input);
  } catch (e) {
    if (e instanceof DataError) throw new DataError(`${flag} ${ds.name}: data shape [${ds.shape}] does not match the input [${model.program.input}] of ${modelName}`);
    throw e;
  }
  const outputs = outputSize(model);
  const classification = model.program.loss !== 'mse';
  if (classification && !fitted.labels) throw new DataError(`${flag} ${ds.name}: float targets, but ${modelName} is evaluated with cross-entropy (use integer labels, or --loss mse)`);
  if (!classification && fitted.targets && fitted.targets.length !== fitted.n * outputs) {
    throw new DataError(`${flag} ${ds.name}: ${fitted.targets.length / Math.max(fitted.n, 1)} targets per sample, ${modelName} outputs ${outputs}`);
  }
  if (!classification && !fitted.targets) throw new DataError(`${flag} ${ds.name}: integer labels, but the loss is mse (use float targets, or --loss ce)`);
  return checkData(fitted, { classes: classification ? outputs : undefined, path: `${flag} ${ds.name}` });
}

export interface Opened {
  model: Model;
  modelName: string;
  data: Dataset;
  test?: Dataset;
}

/** `--model` and `--data` (and `--test`) opened and checked against each other. */
export async function openModelAndData(values: Values, common: CommonOptions, o: { data: string; model: string; test?: string }): Promise<Opened> {
  const raw = await readData(o.data, { seed: common.seed });
  const rawTest = o.test ? await readData(o.test, { seed: common.seed, split: 'test' }) : undefined;
  const model = await openModel(o.model, { seed: common.seed, loss: lossFlag(values), data: raw });
  const modelName = modelPath(model, o.model);
  const data = fitData(raw, model, '--data', modelName);
  const test = rawTest ? fitData(rawTest, model, '--test', modelName) : undefined;
  return { model, modelName, data, test };
}

export async function backendFor(model: Model, data: Dataset, common: CommonOptions): Promise<Backend> {
  return yielding(await nodeBackendWith(model, data, { threads: common.threads }));
}

/** Backends on the training data and, when given, the test data; the first is closed if the second fails. */
export async function backendsFor(model: Model, data: Dataset, test: Dataset | undefined, common: CommonOptions): Promise<{ backend: Backend; testBackend?: Backend }> {
  const backend = await backendFor(model, data, common);
  if (!test) return { backend };
  try {
    return { backend, testBackend: await backendFor(model, test, common) };
  } catch (e) {
    await backend.close();
    throw e;
  }
}

/**
 * A backend that lets the event loop run every 50 ms. An in-process kernel (one thread, the
 * training minibatch backend) answers through already-resolved promises, so without this a long
 * loop never reaches the event loop: no Ctrl-C handler, no progress written to a pipe.
 */
export function yielding(b: Backend): Backend {
  let last = performance.now();
  const breathe = async (): Promise<void> => {
    const now = performance.now();
    if (now - last < 50) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    last = performance.now();
  };
  const wrap = <A extends unknown[], R>(f: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
    await breathe();
    return f(...a);
  };
  return {
    get paramCount() {
      return b.paramCount;
    },
    get name() {
      return b.name;
    },
    get threads() {
      return b.threads;
    },
    setParams: (t) => b.setParams(t),
    setData: (d) => b.setData(d),
    loss: wrap(() => b.loss()),
    gradient: wrap(() => b.gradient()),
    hvp: wrap((v) => b.hvp(v)),
    points: wrap((d1, d2, p) => b.points(d1, d2, p)),
    close: () => b.close(),
  };
}

/** The fields every result starts with (CONTRACT: version, command, model and data path and sha256, n, seed). */
export function header(command: string, common: CommonOptions, model: Model, modelName: string, data?: Dataset) {
  return {
    version: VERSION,
    command,
    model: { path: modelName, sha256: model.source.sha256, param_count: model.params.length },
    data: data ? { path: data.name, sha256: data.sha256 ?? null } : null,
    n: data ? data.n : null,
    seed: common.seed,
  };
}

/** The library's provenance record (package version, options, forward-pass and HVP counts). */
export function provenanceOf(model: Model, data: Dataset | undefined, common: CommonOptions, options: Record<string, unknown>, counts: { forwardPasses?: number; hvps?: number }): Provenance {
  return provenance({ model, data: data ?? null, seed: common.seed, options, ...counts });
}

/** `--out` (atomically) and stdout: the JSON with --json, else the text summary. */
export async function emit(common: CommonOptions, result: unknown, text: string): Promise<void> {
  const json = JSON.stringify(result, null, 2) + '\n';
  if (common.out) await writeAtomic(common.out, json);
  process.stdout.write(common.json ? json : text + '\n');
}

/**
 * An AbortSignal that Ctrl-C (SIGINT) trips, so long work stops between chunks and keeps what it
 * computed; a second Ctrl-C exits at once. `release()` restores the default handling.
 */
export function interruptible(): { signal: AbortSignal; release(): void; interrupted(): boolean } {
  const ac = new AbortController();
  const onSigint = (): void => {
    if (ac.signal.aborted) process.exit(130);
    ac.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: ac.signal, release: () => process.off('SIGINT', onSigint), interrupted: () => ac.signal.aborted };
}

/** The error a command throws after it has written its partial result. */
export function interruptedError(what: string, out: string | undefined, resume?: string): Interrupted {
  return new Interrupted(`interrupted: ${what}${out ? `; partial result written to ${out}${resume ? ` (continue with ${resume})` : ''}` : ' (give --out FILE to keep partial results)'}`);
}

export const fmt = (v: number | null | undefined, digits = 6): string => (v === null || v === undefined || Number.isNaN(v) ? '—' : Number(v).toPrecision(digits));
