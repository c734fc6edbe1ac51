/** Fitting data to a model's declared input shape. Browser-safe. */
import type { Dataset } from './dataset.js';
import { DataError } from './errors.js';
import { numel } from './ndarray.js';

/**
 * The data set with per-sample shape `inputShape` (without the batch axis) when the element
 * counts agree — e.g. [784] → [1, 28, 28]; the values are shared, not copied. Otherwise
 * throws `data shape [10] does not match model input [784]`.
 */
export function reshapeTo(ds: Dataset, inputShape: readonly number[]): Dataset {
  if (!inputShape.every((d) => Number.isSafeInteger(d) && d > 0)) throw new DataError(`invalid model input shape [${inputShape}]`);
  if (numel(inputShape) !== numel(ds.shape)) throw new DataError(`data shape [${ds.shape}] does not match model input [${inputShape}]`);
  if (inputShape.length === ds.shape.length && inputShape.every((d, i) => d === ds.shape[i])) return ds;
  return { ...ds, shape: [...inputShape] };
}
