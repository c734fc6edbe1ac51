import { describe, expect, it } from 'vitest';
import { batches } from '../src/data/batches.js';
import { checkData } from '../src/data/check-data.js';
import { reshapeTo } from '../src/data/reshape.js';
import { permutation, subset, takeSamples, trainTestSplit } from '../src/data/split.js';
import { spirals } from '../src/data/spirals.js';
import { teacher } from '../src/data/teacher.js';
import { DataError } from '../src/data/errors.js';
import { datasetFromArrays, datasetFromIdx } from '../src/data/from-arrays.js';
import type { Dataset } from '../src/data/dataset.js';

/** Sample i has x = [i, −i] and label i % 3 (or targets [i/2, i/4, i/8]), so rows are traceable. */
function traced(n: number, regression = false): Dataset {
  const x = Float32Array.from({ length: 2 * n }, (_, k) => (k % 2 ? -(k - 1) / 2 : k / 2));
  return regression
    ? { name: 't.npz', shape: [2], x, n, targets: Float32Array.from({ length: 3 * n }, (_, k) => Math.floor(k / 3) / 2 ** ((k % 3) + 1)) }
    : { name: 't.npz', shape: [2], x, n, labels: Int32Array.from({ length: n }, (_, i) => i % 3), classes: 3, sha256: 'ab' };
}
const ids = (ds: Dataset) => Array.from({ length: ds.n }, (_, r) => ds.x[2 * r]);

describe('takeSamples, subset, trainTestSplit', () => {
  it('takeSamples gathers rows with their labels or targets and drops sha256', () => {
    const t = takeSamples(traced(10), [7, 2, 2]);
    expect(t).toEqual({ name: 't.npz', shape: [2], n: 3, classes: 3, x: Float32Array.of(7, -7, 2, -2, 2, -2), labels: Int32Array.of(1, 2, 2) });
    const r = takeSamples(traced(5, true), [4]);
    expect(r.targets).toEqual(Float32Array.of(2, 1, 0.5));
    expect(() => takeSamples(traced(5), [5])).toThrow('t.npz: sample index 5 out of range [0, 5)');
  });
  it('subset takes a clipped range', () => {
    expect(ids(subset(traced(10), 3, 4))).toEqual([3, 4, 5, 6]);
    expect(ids(subset(traced(10), 8, 5))).toEqual([8, 9]);
    expect(subset(traced(10), 10, 5).n).toBe(0);
    expect(() => subset(traced(10), 11, 1)).toThrow('invalid subset start: 11 (data set has 10 samples)');
    expect(() => subset(traced(10), 0, -1)).toThrow('invalid subset count: -1');
  });
  it('trainTestSplit partitions a seeded shuffle', () => {
    const ds = traced(101);
    const { train, test } = trainTestSplit(ds, { testFraction: 0.25, seed: 7 });
    expect([train.n, test.n]).toEqual([76, 25]); // round(101 · 0.25) = 25
    expect([...ids(train), ...ids(test)].sort((a, b) => a - b)).toEqual(ids(ds));
    expect(train.labels).toEqual(Int32Array.from(ids(train), (i) => i % 3));
    expect(trainTestSplit(ds, { testFraction: 0.25, seed: 7 })).toEqual({ train, test });
    expect(ids(trainTestSplit(ds, { testFraction: 0.25, seed: 8 }).test)).not.toEqual(ids(test));
    expect(trainTestSplit(ds).test.n).toBe(20); // default 0.2
    expect(() => trainTestSplit(ds, { testFraction: 1.5 })).toThrow('invalid testFraction: 1.5 (expected a number in [0, 1])');
  });
  it('permutation is a seeded permutation', () => {
    const p = permutation(1000, 3);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(permutation(1000, 3)).toEqual(p);
    expect(permutation(1000, 4)).not.toEqual(p);
  });
});

describe('batches', () => {
  it('cuts a seeded shuffle into batches, the last one smaller', () => {
    const b = batches({ n: 10 }, 4, 1);
    expect(b.map((x) => x.length)).toEqual([4, 4, 2]);
    expect(b.flatMap((x) => Array.from(x)).sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(batches({ n: 10 }, 4, 1)).toEqual(b);
    expect(batches({ n: 10 }, 4, 2)).not.toEqual(b);
    expect(batches({ n: 3 }, 8, 0).map((x) => x.length)).toEqual([3]);
    expect(batches({ n: 0 }, 8, 0)).toEqual([]);
    expect(() => batches({ n: 3 }, 0, 0)).toThrow('invalid batch size: 0 (expected a positive integer)');
  });
});

describe('reshapeTo', () => {
  it('reshapes when the element counts agree and shares the values', () => {
    const ds: Dataset = { name: 'm', shape: [784], x: new Float32Array(784 * 2), n: 2, labels: Int32Array.of(0, 1) };
    const r = reshapeTo(ds, [1, 28, 28]);
    expect(r.shape).toEqual([1, 28, 28]);
    expect(r.x).toBe(ds.x);
    expect(reshapeTo(ds, [784])).toBe(ds);
  });
  it('names both shapes otherwise', () => {
    const ds: Dataset = { name: 'm', shape: [10], x: new Float32Array(10), n: 1, labels: Int32Array.of(0) };
    expect(() => reshapeTo(ds, [784])).toThrow(new DataError('data shape [10] does not match model input [784]'));
    expect(() => reshapeTo(ds, [1, 28, 28])).toThrow('data shape [10] does not match model input [1,28,28]');
    expect(() => reshapeTo(ds, [-1, 10])).toThrow('invalid model input shape [-1,10]');
  });
});

describe('checkData', () => {
  it('passes clean sets through', () => {
    const ds = spirals();
    expect(checkData(ds)).toBe(ds);
    expect(checkData(teacher())).toBeTruthy();
  });
  it('names the file and the first sample with NaN or Inf in x or targets', () => {
    const ds = traced(6);
    ds.x[9] = NaN;
    ds.x[11] = Infinity;
    expect(() => checkData(ds, { path: 'data/a.npz' })).toThrow(new DataError('data/a.npz: sample 4: input value NaN is not finite'));
    const r = traced(6, true);
    r.targets![13] = -Infinity;
    expect(() => checkData(r)).toThrow('t.npz: sample 4: target -Infinity is not finite');
  });
  it('names the file, sample and label of labels out of range', () => {
    const ds = traced(6);
    expect(() => checkData(ds, { classes: 2, path: 'a.csv' })).toThrow(new DataError('a.csv: sample 2: label 2 out of range [0, 2)'));
    ds.labels![4] = -1;
    expect(() => checkData(ds)).toThrow('t.npz: sample 4: label -1 out of range [0, 3)');
  });
  it('checks sizes', () => {
    expect(() => checkData({ ...traced(6), n: 5 })).toThrow('t.npz: x has 12 values, expected 5 samples of shape [2]');
    expect(() => checkData({ ...traced(6), labels: Int32Array.of(0) })).toThrow('t.npz: 1 labels for 6 samples');
    expect(() => checkData({ ...traced(6, true), targets: new Float32Array(7) })).toThrow('t.npz: 7 target values do not divide into 6 samples');
    expect(() => checkData({ name: 'u', shape: [1], x: new Float32Array(1), n: 1 })).toThrow('u: no labels or targets');
  });
});

describe('datasetFromArrays / datasetFromIdx', () => {
  const x = { shape: [3, 2], dtype: 'uint8' as const, data: Uint8Array.of(0, 255, 51, 102, 1, 2) };
  it('scales uint8 inputs to [0, 1], converts other dtypes, keeps float32 as is', () => {
    const ds = datasetFromArrays('a.npz', x, { shape: [3], dtype: 'bool', data: Uint8Array.of(1, 0, 1) });
    expect(Array.from(ds.x)).toEqual([0, 1, 0.2, 0.4, 1 / 255, 2 / 255].map(Math.fround));
    expect([ds.classes, Array.from(ds.labels!)]).toEqual([2, [1, 0, 1]]);
    const f = Float32Array.of(1, 2, 3);
    expect(datasetFromArrays('b', { shape: [3], dtype: 'float32', data: f }, { shape: [3], dtype: 'int32', data: Int32Array.of(0, 1, 2) }).x).toBe(f);
    const r = datasetFromArrays('c', { shape: [3, 1], dtype: 'float64', data: Float64Array.of(0.1, 0.2, 0.3) }, { shape: [3, 1], dtype: 'uint8', data: Uint8Array.of(5, 6, 7) }, { task: 'regression' });
    expect([r.shape, Array.from(r.targets!)]).toEqual([[1], [5, 6, 7]]); // targets are not rescaled
    expect(r.x[0]).toBe(Math.fround(0.1));
  });
  it('names the file when x and y disagree or labels are not integers', () => {
    expect(() => datasetFromArrays('a.npz', x, { shape: [4], dtype: 'int64', data: new BigInt64Array(4) })).toThrow('a.npz: x has 3 samples (shape [3,2]) but y has shape [4]');
    expect(() => datasetFromArrays('a.npz', { ...x, shape: [] }, x)).toThrow('a.npz: x is a scalar');
    expect(() => datasetFromArrays('a.npz', x, { shape: [3], dtype: 'int64', data: BigInt64Array.of(0n, 2n ** 40n, 1n) })).toThrow('a.npz: sample 1: label 1099511627776 is not an integer class index');
  });
  it('gives IDX images the NCHW per-sample shape [1, rows, cols]', () => {
    const ds = datasetFromIdx('dir', { shape: [1, 2, 3], dtype: 'uint8', data: new Uint8Array(6) }, { shape: [1], dtype: 'uint8', data: Uint8Array.of(7) });
    expect([ds.shape, ds.classes]).toEqual([[1, 2, 3], 8]);
    expect(() => datasetFromIdx('dir', { shape: [6], dtype: 'uint8', data: new Uint8Array(6) }, { shape: [6], dtype: 'uint8', data: new Uint8Array(6) })).toThrow('dir: IDX images have shape [6], expected [N, rows, cols]');
  });
});
