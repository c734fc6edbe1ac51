/**
 * A job's model and data opened as every frontend opens them: the data first (its labels or targets
 * choose the loss unless `loss` says), then the model with that loss, then the data fitted to the
 * model; `test` likewise; a second model (`to`) checked to have the same architecture.
 */
import type { LossKind } from '@nnll/core-wasm';
import type { Dataset } from '../data/dataset.js';
import { fitData } from '../data/fit-data.js';
import { ModelError, type Model } from '../models/model.js';
import type { JobContext, JobSpec } from './kind.js';
import { choice } from './options.js';

/** The `--loss` option of kinds that evaluate a model on data. */
export const lossOption = choice(['ce', 'mse'] as const, { help: 'loss on the output (default: ce for integer labels, mse for float targets)' });

export type LossFlag = 'ce' | 'mse';

/** The loss a model is evaluated with: the option, else from the data (float targets: mse), else the model's own. */
export function lossKindOf(flag: LossFlag | undefined, data: Pick<Dataset, 'targets'> | undefined): LossKind | undefined {
  if (flag) return flag === 'mse' ? 'mse' : 'cross-entropy';
  return data ? (data.targets ? 'mse' : 'cross-entropy') : undefined;
}

export interface Opened {
  model: Model;
  /** The model as the user named it. */
  modelName: string;
  data: Dataset;
  test?: Dataset;
}

/** The spec's model with its data (and test set) fitted to it. */
export async function openModelData(spec: JobSpec<{ loss?: LossFlag }>, ctx: JobContext): Promise<Opened> {
  const raw = await ctx.io.loadData(spec.data!, { seed: spec.seed, flag: '--data' });
  const rawTest = spec.test ? await ctx.io.loadData(spec.test, { seed: spec.seed, split: 'test', flag: '--test' }) : undefined;
  const model = await ctx.io.loadModel(spec.model!, { seed: spec.seed, loss: lossKindOf(spec.options.loss, raw), flag: '--model' });
  const modelName = spec.model!;
  const data = fitData({ ...raw, name: spec.data! }, model, '--data', modelName);
  const test = rawTest ? fitData({ ...rawTest, name: spec.test! }, model, '--test', modelName) : undefined;
  return { model, modelName, data, test };
}

/** A second model of the same architecture and parameter names as `a` (interpolation, alignment). */
export async function openSecondModel(ref: string, a: Opened, spec: JobSpec, ctx: JobContext, flag = '--to'): Promise<Model> {
  const b = await ctx.io.loadModel(ref, { seed: spec.seed, loss: a.model.program.loss, flag });
  const pa = a.model.program.params, pb = b.program.params;
  const mismatch = pa.length !== pb.length ? -1 : pa.findIndex((p, i) => p.name !== pb[i].name || p.shape.join() !== pb[i].shape.join());
  if (mismatch !== -1 || canonical(a.model.program.ops) !== canonical(b.program.ops)) {
    const what = mismatch >= 0 ? `parameter ${pa[mismatch].name} [${pa[mismatch].shape}] vs ${pb[mismatch].name} [${pb[mismatch].shape}]` : pa.length !== pb.length ? `${pa.length} vs ${pb.length} parameter tensors` : 'different layers';
    throw new ModelError(`${flag} ${ref}: not the same architecture as ${a.modelName} (${what})`);
  }
  return b;
}

/** JSON with keys sorted, so equal programs compare equal whatever built them. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x));
}
