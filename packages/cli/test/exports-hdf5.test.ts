import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import h5wasm from 'h5wasm/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSurfaceHdf5 } from '../src/exports/index.js';
import { surface1d, surface2d } from '../../landscape/test/figures-data.js';

const dir = mkdtempSync(path.join(tmpdir(), 'nnll-h5-'));
beforeAll(async () => {
  await h5wasm.ready;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function read(file: string) {
  const f = new h5wasm.File(file, 'r');
  const out: Record<string, { shape: number[]; value: number[]; attrs: Record<string, unknown> }> = {};
  for (const name of f.keys()) {
    const d = f.get(name) as InstanceType<typeof h5wasm.Dataset>;
    const attrs = Object.fromEntries(Object.keys(d.attrs).map((k) => [k, d.attrs[k].value]));
    out[name] = { shape: d.shape ?? [], value: Array.from(d.value as Float64Array), attrs };
    expect(d.dtype).toBe('<d');
  }
  f.close();
  return out;
}

describe('HDF5 export (loss-landscape layout)', () => {
  it('2-D: coordinates, (ny, nx) datasets with train_loss[j][i] = loss[i][j], accuracies in percent', async () => {
    const result = surface2d(6, 4);
    result.loss[2][1] = null as unknown as number;
    const file = path.join(dir, 'surface.h5');
    await writeSurfaceHdf5(file, result);
    expect(readdirSync(dir)).toEqual(['surface.h5']); // no temporary file left
    const h5 = read(file);
    expect(Object.keys(h5).sort()).toEqual(['test_acc', 'test_loss', 'train_acc', 'train_loss', 'xcoordinates', 'ycoordinates']);
    expect(h5.xcoordinates.value).toEqual(result.x);
    expect(h5.ycoordinates.value).toEqual(result.y);
    expect(h5.train_loss.shape).toEqual([4, 6]);
    for (let i = 0; i < 6; i++) for (let j = 0; j < 4; j++) {
      const k = j * 6 + i;
      if (i === 2 && j === 1) expect(h5.train_loss.value[k]).toBeNaN();
      else expect(h5.train_loss.value[k]).toBe(result.loss[i][j]);
      expect(h5.train_acc.value[k]).toBe(result.accuracy[i][j] * 100);
      expect(h5.test_loss.value[k]).toBe(result.test_loss![i][j]);
    }
    expect(h5.train_acc.attrs.units).toBe('percent');
  });

  it('1-D: xcoordinates and (nx,) datasets; no test datasets when the result has none', async () => {
    const { x, loss, accuracy } = surface1d(9);
    const file = path.join(dir, 'line.h5');
    await writeSurfaceHdf5(file, { x, loss, accuracy });
    const h5 = read(file);
    expect(Object.keys(h5).sort()).toEqual(['train_acc', 'train_loss', 'xcoordinates']);
    expect(h5.train_loss.shape).toEqual([9]);
    expect(h5.train_loss.value).toEqual(loss);
    rmSync(file);
  });
});
