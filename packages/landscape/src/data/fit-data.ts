/**
 * A data set fitted to a model: reshaped to its input, labels within its classes (cross-entropy) or
 * targets of its output size (mse), all finite; otherwise a one-line error naming the flag, the data
 * and the model. Browser-safe.
 */
import { resolveProgram } from '@nnll/core-wasm';
import type { Model } from '../models/model.js';
import type { Dataset } from './dataset.js';
import { DataError } from './errors.js';
import { reshapeTo } from './reshape.js';
import { checkData } from './check-data.js';

/** Values the model outputs per sample. */
export function outputSize(model: Pick<Model, 'program'>): number {
  const r = resolveProgram(model.program);
  return r.shapes[model.program.output].reduce((a, b) => a * b, 1);
}

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
  if (!classification && !fitted.targets) throw new DataError(`${flag} ${ds.name}: integer labels, but the loss is mse (use float targets, or --loss ce)`);
  if (!classification && fitted.targets!.length !== fitted.n * outputs) {
    throw new DataError(`${flag} ${ds.name}: ${fitted.targets!.length / Math.max(fitted.n, 1)} targets per sample, ${modelName} outputs ${outputs}`);
  }
  return checkData(fitted, { classes: classification ? outputs : undefined, path: `${flag} ${ds.name}` });
}
