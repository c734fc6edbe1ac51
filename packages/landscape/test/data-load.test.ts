import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadArrays, loadData, saveArrays } from '../src/data/load-node.js';
import { spirals } from '../src/data/spirals.js';
import { encodeSafetensors } from '../src/data/safetensors.js';
import { checkData } from '../src/data/check-data.js';
import { reshapeTo } from '../src/data/reshape.js';

const fixtures = fileURLToPath(new URL('./fixtures/data/', import.meta.url));
const at = (name: string) => join(fixtures, name);
const sha = (...files: string[]) => {
  const h = createHash('sha256');
  for (const f of files) h.update(readFileSync(f));
  return h.digest('hex');
};
const tmp = mkdtempSync(join(tmpdir(), 'nnll-data-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('loadData: files', () => {
  it('reads a .npz with float32 x and int64 y as classification', async () => {
    const ds = await loadData(at('classification.npz'));
    expect([ds.name, ds.n, ds.shape, ds.classes, ds.sha256]).toEqual([at('classification.npz'), 12, [2], 3, sha(at('classification.npz'))]);
    expect(ds.labels).toEqual(Int32Array.from({ length: 12 }, (_, i) => i % 3));
    expect(ds.x[0]).toBe(-2); // (0 − 24//3) / 4
  });
  it('reads a compressed .npz with float y as regression targets', async () => {
    const ds = await loadData(at('regression.npz'));
    expect([ds.n, ds.shape, ds.labels, ds.classes, ds.targets!.length]).toEqual([12, [2], undefined, undefined, 24]);
    expect(ds.targets![23]).toBe(2 * (23 - 8) / 4);
    await expect(loadData(at('regression.npz'), { task: 'classification' })).rejects.toThrow(`${at('regression.npz')}: labels y must have one value per sample, got shape [12,2]`);
  });
  it('reads a .safetensors with x and y', async () => {
    const path = join(tmp, 'd.safetensors');
    writeFileSync(path, encodeSafetensors({ x: { shape: [3, 1, 2], data: Float32Array.of(1, 2, 3, 4, 5, 6) }, y: { shape: [3], data: BigInt64Array.of(0n, 4n, 1n) } }));
    const ds = await loadData(path);
    expect([ds.n, ds.shape, ds.classes, Array.from(ds.labels!)]).toEqual([3, [1, 2], 5, [0, 4, 1]]);
  });
  it('reads a .csv', async () => {
    const ds = await loadData(at('classification.csv'));
    expect([ds.n, ds.shape, ds.classes, ds.sha256]).toEqual([3, [3], 3, sha(at('classification.csv'))]);
  });
  it('reads an MNIST-style IDX folder, train and test pairs, uint8 scaled to [0, 1]', async () => {
    const train = await loadData(at('idx'));
    expect([train.n, train.shape, train.classes, Array.from(train.labels!)]).toEqual([5, [1, 4, 3], 6, [3, 1, 4, 1, 5]]);
    expect(train.x[1]).toBeCloseTo(4 / 255, 7);
    expect(Math.max(...train.x)).toBeCloseTo(236 / 255, 7);
    expect(train.sha256).toBe(sha(at('idx/train-images-idx3-ubyte'), at('idx/train-labels-idx1-ubyte')));
    const test = await loadData(at('idx'), { split: 'test' });
    expect([test.n, Array.from(test.labels!), test.x[0]]).toEqual([3, [9, 2, 6], Math.fround(96 / 255)]);
    expect(test.sha256).toBe(sha(at('idx/t10k-images-idx3-ubyte.gz'), at('idx/t10k-labels-idx1-ubyte.gz')));
    expect(reshapeTo(train, [12]).shape).toEqual([12]);
  });
  it('accepts the dotted MNIST names (train-images.idx3-ubyte)', async () => {
    const dir = join(tmp, 'dotted');
    mkdirSync(dir);
    copyFileSync(at('idx/train-images-idx3-ubyte'), join(dir, 'train-images.idx3-ubyte'));
    copyFileSync(at('idx/train-labels-idx1-ubyte'), join(dir, 'train-labels.idx1-ubyte'));
    expect((await loadData(dir)).n).toBe(5);
    await expect(loadData(dir, { split: 'test' })).rejects.toThrow(`${dir}: no t10k-images-idx3-ubyte[.gz] in this folder (an MNIST-style IDX folder holds t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, optionally gzipped)`);
  });
});

describe('loadData: built-in names', () => {
  it('generates synthetic sets from NAME:key=value specs, seed from the spec or the options', async () => {
    expect(await loadData('spirals:n=600,seed=3')).toEqual(spirals({ n: 600, seed: 3 }));
    expect(await loadData('spirals', { seed: 3 })).toEqual(spirals({ seed: 3 }));
    for (const name of ['moons', 'blobs', 'teacher']) expect(checkData(await loadData(name)).sha256).toMatch(/^[0-9a-f]{64}$/);
  });
  it('loads the mnist digits with a sha256 of the arrays', async () => {
    const ds = await loadData('mnist');
    expect([ds.name, ds.n, ds.shape, ds.classes]).toEqual(['mnist', 10000, [1, 28, 28], 10]);
    expect(ds.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Math.min(...ds.x.subarray(0, 784 * 50))).toBeGreaterThanOrEqual(0);
    await expect(loadData('mnist:n=5')).rejects.toThrow('mnist:n=5: the built-in mnist data set takes no options');
  });
});

describe('loadData: errors are one line and name the file', () => {
  it.each([
    ['nope/missing.npz', 'nope/missing.npz: no such data file or folder (expected a .npz, .safetensors or .csv file, an MNIST-style IDX folder, or one of mnist, spirals, moons, blobs, teacher)'],
    ['circles', 'circles: no such data file or folder (expected'],
  ])('%s', async (spec, msg) => {
    await expect(loadData(spec)).rejects.toThrow(msg);
  });
  it('rejects unsupported files, missing arrays, bad splits and damaged IDX', async () => {
    await expect(loadData(at('make.py'))).rejects.toThrow(`${at('make.py')}: unsupported data file (expected`);
    await expect(loadData(at('params-compressed.npz'))).rejects.toThrow(`${at('params-compressed.npz')}: expected arrays x and y, found fc1.weight, fc1.bias, step`);
    await expect(loadData(at('idx'), { split: 'val' as 'test' })).rejects.toThrow('invalid split: val (expected train or test)');
    const dir = join(tmp, 'broken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), readFileSync(at('idx/t10k-images-idx3-ubyte.gz')).subarray(0, 40));
    copyFileSync(at('idx/train-labels-idx1-ubyte'), join(dir, 'train-labels-idx1-ubyte'));
    await expect(loadData(dir)).rejects.toThrow(new RegExp(`^${join(dir, 'train-images-idx3-ubyte.gz').replace(/[.\\/]/g, '\\$&')}: `));
    const mism = join(tmp, 'mismatch');
    mkdirSync(mism);
    copyFileSync(at('idx/train-images-idx3-ubyte'), join(mism, 'train-images-idx3-ubyte'));
    copyFileSync(at('idx/t10k-labels-idx1-ubyte.gz'), join(mism, 'train-labels-idx1-ubyte.gz'));
    await expect(loadData(mism)).rejects.toThrow(`${mism}: 5 images but 3 labels`);
    const csv = join(tmp, 'bad.csv');
    writeFileSync(csv, 'a,label\n1,0\n2\n');
    await expect(loadData(csv)).rejects.toThrow(`${csv}:3: expected 2 cells as in the header, found 1`);
  });
});

describe('loadArrays / saveArrays', () => {
  const arrays = { 'fc1.weight': { shape: [2, 2], data: Float32Array.of(1, 2, 3, 4) }, 'fc1.bias': { shape: [2], data: Float64Array.of(0.5, -0.5) } };
  it.each(['v.npz', 'v.safetensors'])('round-trips %s', async (name) => {
    const path = join(tmp, name);
    await saveArrays(path, arrays, { metadata: { note: 'x' } });
    const back = await loadArrays(path);
    expect(back['fc1.weight']).toEqual({ ...arrays['fc1.weight'], dtype: 'float32' });
    expect(back['fc1.bias']).toEqual({ ...arrays['fc1.bias'], dtype: 'float64' });
  });
  it('reads a single .npy keyed by its file name, refuses other extensions', async () => {
    expect(Object.keys(await loadArrays(at('f4.npy')))).toEqual(['f4']);
    await expect(loadArrays(at('make.py'))).rejects.toThrow(`unsupported array file: ${at('make.py')} (expected .npz, .safetensors or .npy)`);
    await expect(saveArrays(join(tmp, 'v.txt'), arrays)).rejects.toThrow(/^unsupported array file: .*v\.txt/);
    await expect(loadArrays(join(tmp, 'absent.npz'))).rejects.toThrow(`cannot read ${join(tmp, 'absent.npz')}: ENOENT`);
  });
});

const fashion = '/usr/share/datasets/fashion-mnist';
describe.skipIf(!existsSync(fashion))(`Fashion-MNIST from Debian's dataset-fashion-mnist package (${fashion})`, () => {
  it('loads 60,000 training and 10,000 test images, 28×28, 10 classes', async () => {
    const train = await loadData(fashion);
    expect([train.n, train.shape, train.classes, train.x.length]).toEqual([60000, [1, 28, 28], 10, 60000 * 784]);
    checkData(train);
    expect(Math.max(...train.x.subarray(0, 784 * 100))).toBeLessThanOrEqual(1);
    expect(reshapeTo(train, [784]).shape).toEqual([784]);
    const counts = new Array<number>(10).fill(0);
    for (const l of train.labels!) counts[l]++;
    expect(counts).toEqual(new Array(10).fill(6000)); // Fashion-MNIST is balanced: 6,000 per class
    const test = await loadData(fashion, { split: 'test' });
    expect([test.n, test.shape, test.classes]).toEqual([10000, [1, 28, 28], 10]);
    expect(test.sha256).not.toBe(train.sha256);
  });
});
if (!existsSync(fashion)) {
  console.warn(`skipping the Fashion-MNIST test: ${fashion} is absent (apt-get install dataset-fashion-mnist)`);
}
