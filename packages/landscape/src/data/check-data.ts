/** Validating a data set before use: sizes, finite values, labels in range. Browser-safe. */
import type { Dataset } from './dataset.js';
import { DataError } from './errors.js';
import { numel } from './ndarray.js';

export interface CheckDataOptions {
  /** Number of classes the model predicts; labels must lie in [0, classes). Default ds.classes. */
  classes?: number;
  /** File or name used in messages. Default ds.name. */
  path?: string;
}

/** Returns `ds` unchanged, or throws naming the file and the first bad sample. */
export function checkData(ds: Dataset, options: CheckDataOptions = {}): Dataset {
  const path = options.path ?? ds.name;
  const size = numel(ds.shape);
  if (ds.x.length !== ds.n * size) throw new DataError(`${path}: x has ${ds.x.length} values, expected ${ds.n} samples of shape [${ds.shape}]`);
  const badX = firstNonFinite(ds.x);
  if (badX >= 0) throw new DataError(`${path}: sample ${Math.floor(badX / size)}: input value ${ds.x[badX]} is not finite`);
  if (ds.targets) {
    if (ds.n === 0 ? ds.targets.length !== 0 : ds.targets.length % ds.n !== 0) throw new DataError(`${path}: ${ds.targets.length} target values do not divide into ${ds.n} samples`);
    const badT = firstNonFinite(ds.targets);
    if (badT >= 0) throw new DataError(`${path}: sample ${Math.floor(badT / (ds.targets.length / ds.n))}: target ${ds.targets[badT]} is not finite`);
  }
  if (ds.labels) {
    if (ds.labels.length !== ds.n) throw new DataError(`${path}: ${ds.labels.length} labels for ${ds.n} samples`);
    const classes = options.classes ?? ds.classes;
    if (classes !== undefined) {
      const i = ds.labels.findIndex((v) => v < 0 || v >= classes);
      if (i >= 0) throw new DataError(`${path}: sample ${i}: label ${ds.labels[i]} out of range [0, ${classes})`);
    }
  }
  if (!ds.labels && !ds.targets) throw new DataError(`${path}: no labels or targets`);
  return ds;
}

function firstNonFinite(a: Float32Array): number {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return i;
  return -1;
}
