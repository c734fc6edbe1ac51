// `nnll surface --vtk/--hdf5` end to end: the files carry the same numbers as the JSON result.
// HDF5 is read back with h5wasm (loss-landscape's layout: train_loss[j][i] = loss[i][j]); the .vtp
// is parsed for its point and quad counts and its loss values. Same float64 numbers written as
// text or binary: .vtp keeps float32 text (agreement to ~1e-7 relative, 5 decimals checked), HDF5 is exact.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import h5wasm from 'h5wasm/node';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/nnll.js', import.meta.url));

describe('nnll surface --vtk --hdf5', () => {
  it('writes ParaView and loss-landscape files matching the JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnll-exp-'));
    const r = spawnSync(process.execPath, [bin, 'surface', '--model', 'mlp:2-8-3:tanh', '--data', 'spirals:n=120', '--x', '-1:1:4', '--y', '-0.5:0.5:3', '--vtk', join(dir, 's.vtp'), '--hdf5', join(dir, 's.h5'), '--json'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { x: number[]; y: number[]; loss: number[][] };
    await h5wasm.ready;
    const f = new h5wasm.File(join(dir, 's.h5'), 'r');
    type Ds = InstanceType<typeof h5wasm.Dataset>;
    const get = (name: string) => f.get(name) as Ds;
    try {
      expect(Array.from(get('xcoordinates').value as Float64Array)).toEqual(j.x);
      expect(Array.from(get('ycoordinates').value as Float64Array)).toEqual(j.y);
      const tl = get('train_loss');
      expect(tl.shape).toEqual([3, 4]);
      const v = tl.value as Float64Array;
      for (let i = 0; i < 4; i++) for (let k = 0; k < 3; k++) expect(v[k * 4 + i]).toBe(j.loss[i][k]);
    } finally {
      f.close();
    }
    const vtp = readFileSync(join(dir, 's.vtp'), 'utf8');
    expect(vtp).toMatch(/<Piece NumberOfPoints="12"[^>]*NumberOfPolys="6"/);
    const loss = /<DataArray[^>]*Name="loss"[^>]*>([^<]*)</.exec(vtp)![1].trim().split(/\s+/).map(Number);
    expect(loss).toHaveLength(12);
    expect(Math.min(...loss)).toBeCloseTo(Math.min(...j.loss.flat()), 5);
    const bad = spawnSync(process.execPath, [bin, 'surface', '--model', 'mlp:2-8-3:tanh', '--data', 'spirals:n=120', '--x', '-1:1:4', '--hdf5', join(dir, 's.txt')], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^nnll: invalid --hdf5: .*s\.txt \(expected a \.h5 or \.hdf5 file\)\n$/);
  });
});
