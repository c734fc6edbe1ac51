/**
 * Data sets from arrays read out of files: `x` with the sample axis first, and `y` holding
 * integer labels (classification) or float targets (regression). Browser-safe.
 */
import type { Dataset } from './dataset.js';
import { DataError } from './errors.js';
import { isFloat, type NdArray } from './ndarray.js';

export type Task = 'classification' | 'regression';

export interface FromArraysOptions {
  /** Overrides the task implied by y's dtype (integer → classification, float → regression). */
  task?: Task;
}

/** Inputs as float32; uint8 values (pixels) are scaled to [0, 1]. */
export function inputsToFloat32(a: NdArray, scaleUint8 = true): Float32Array {
  if (a.data instanceof Float32Array) return a.data;
  const src = a.data, out = new Float32Array(src.length);
  if (a.dtype === 'uint8' && scaleUint8) {
    for (let i = 0; i < src.length; i++) out[i] = (src[i] as number) / 255;
  } else if (src instanceof BigInt64Array || src instanceof BigUint64Array) {
    for (let i = 0; i < src.length; i++) out[i] = Number(src[i]);
  } else {
    out.set(src); // plain loops: Float32Array.from with a map function is ~50× slower on 47M pixels
  }
  return out;
}

/**
 * `x` [N, ...sample shape] (a 1-D x is N samples of one feature) and `y` [N] or [N, k].
 * Integer (or bool) y gives labels and classes = max label + 1; float y gives targets, N × k.
 */
export function datasetFromArrays(name: string, x: NdArray, y: NdArray, options: FromArraysOptions = {}): Dataset {
  if (x.shape.length === 0) throw new DataError(`${name}: x is a scalar; expected an array with the sample axis first`);
  const n = x.shape[0];
  const shape = x.shape.length === 1 ? [1] : x.shape.slice(1);
  if (y.shape[0] !== n || y.shape.length === 0) throw new DataError(`${name}: x has ${n} samples (shape [${x.shape}]) but y has shape [${y.shape}]`);
  const ds: Dataset = { name, shape, x: inputsToFloat32(x), n };
  const task = options.task ?? (isFloat(y.dtype) ? 'regression' : 'classification');
  if (task === 'regression') {
    ds.targets = inputsToFloat32(y, false);
    return ds;
  }
  if (y.data.length !== n) throw new DataError(`${name}: labels y must have one value per sample, got shape [${y.shape}]`);
  ds.labels = toLabels(y.data as ArrayLike<number | bigint>, name);
  ds.classes = ds.labels.reduce((m, v) => Math.max(m, v + 1), 0);
  return ds;
}

/** Integer labels as Int32Array; names the first sample whose label is not a 32-bit integer. */
export function toLabels(values: ArrayLike<number | bigint>, name: string): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) throw new DataError(`${name}: sample ${i}: label ${values[i]} is not an integer class index`);
    out[i] = v;
  }
  return out;
}

/**
 * MNIST-style IDX pair: images [N, rows, cols] (per-sample shape [1, rows, cols], the NCHW
 * layout of the built-in mnist; other ranks keep their trailing shape) and labels [N].
 */
export function datasetFromIdx(name: string, images: NdArray, labels: NdArray): Dataset {
  if (images.shape.length < 2) throw new DataError(`${name}: IDX images have shape [${images.shape}], expected [N, rows, cols]`);
  if (labels.shape.length !== 1 || isFloat(labels.dtype)) throw new DataError(`${name}: IDX labels have shape [${labels.shape}] ${labels.dtype}, expected [N] integers`);
  if (labels.shape[0] !== images.shape[0]) throw new DataError(`${name}: ${images.shape[0]} images but ${labels.shape[0]} labels`);
  const shape = images.shape.length === 3 ? [1, images.shape[1], images.shape[2]] : images.shape.slice(1);
  const ds = datasetFromArrays(name, { ...images, shape: [images.shape[0], ...shape] }, labels, { task: 'classification' });
  return ds;
}
