/**
 * Surfaces as HDF5 files that loss-landscape's scripts read (plot_2D.py, plot_1D.py, h52vtp.py):
 * `xcoordinates`, `ycoordinates` (2-D), `train_loss`, `train_acc`, and `test_loss` / `test_acc`
 * when the result has them, all float64, written through h5wasm (HDF5 compiled to WebAssembly).
 *
 * Layout: loss-landscape evaluates its grid in `np.meshgrid(x, y)` order (x fastest) and its
 * plotting scripts read `Z[j, i]` at (x[i], y[j]). So 2-D datasets have shape (len(y), len(x)) with
 * `train_loss[j][i] = loss[i][j]` — the transpose of nnll's JSON `loss[i][j]`; for square grids this
 * is exactly loss-landscape's own file. 1-D datasets have shape (len(x),).
 * Accuracies are percentages (0–100) as loss-landscape writes them (`acc = 100·correct/total`); each
 * accuracy dataset carries an attribute `units = "percent"`. Points never computed are NaN.
 */
import { rename, unlink } from 'node:fs/promises';
import h5wasm from 'h5wasm/node';
import { tempPathFor } from '@nnll/landscape/node';

import type { SurfaceCsvData } from '@nnll/landscape';

type Num = number | null | undefined;
type Grid = readonly (readonly Num[])[] | readonly Num[];

/** A surface as `nnll surface` returns it (the fields its table has). */
export type Hdf5SurfaceData = SurfaceCsvData;

/** Dataset name → nnll result field and scale. */
const DATASETS = [
  ['train_loss', 'loss', 1],
  ['train_acc', 'accuracy', 100],
  ['test_loss', 'test_loss', 1],
  ['test_acc', 'test_accuracy', 100],
] as const;

/** The float64 array and shape of one field in loss-landscape's layout. */
export function hdf5Layout(result: Hdf5SurfaceData, field: 'loss' | 'accuracy' | 'test_loss' | 'test_accuracy', scale = 1): { data: Float64Array; shape: number[] } {
  const grid = result[field];
  const nx = result.x.length;
  const value = (v: unknown) => (typeof v === 'number' ? v * scale : Number.NaN);
  if (!Array.isArray(grid) || grid.length !== nx) throw new TypeError(`invalid result: ${field} must have ${nx} entries (one per x)`);
  if (result.y === undefined) return { data: Float64Array.from(grid, value), shape: [nx] };
  const ny = result.y.length;
  const data = new Float64Array(nx * ny);
  for (let i = 0; i < nx; i++) {
    const row = grid[i];
    if (!Array.isArray(row) || row.length !== ny) throw new TypeError(`invalid result: ${field}[${i}] must have ${ny} numbers`);
    for (let j = 0; j < ny; j++) data[j * nx + i] = value(row[j]);
  }
  return { data, shape: [ny, nx] };
}

/** Writes the surface to `path` (temporary file, then rename). */
export async function writeSurfaceHdf5(path: string, result: Hdf5SurfaceData): Promise<void> {
  await h5wasm.ready;
  const tmp = tempPathFor(path);
  const file = new h5wasm.File(tmp, 'w');
  try {
    file.create_dataset({ name: 'xcoordinates', data: Float64Array.from(result.x), shape: [result.x.length] });
    if (result.y !== undefined) file.create_dataset({ name: 'ycoordinates', data: Float64Array.from(result.y), shape: [result.y.length] });
    for (const [name, field, scale] of DATASETS) {
      if (!Array.isArray(result[field])) continue;
      const { data, shape } = hdf5Layout(result, field, scale);
      const dataset = file.create_dataset({ name, data, shape });
      if (scale === 100) dataset.create_attribute('units', 'percent');
    }
    file.flush();
    file.close();
    await rename(tmp, path);
  } catch (e) {
    try {
      file.close();
    } catch {
      // already closed
    }
    await unlink(tmp).catch(() => {});
    throw e;
  }
}
