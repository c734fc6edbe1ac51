/**
 * 2-D surfaces for ParaView / VTK: the height field z = L(x, y) as a quad mesh.
 * - `.vtp` (VTK XML PolyData, ASCII) like loss-landscape's h52vtp.py: points (x, y, z), one quad
 *   per grid cell, the metrics as point data, and the cell average of z as cell data.
 * - `.vtk` (legacy VTK, ASCII): a STRUCTURED_GRID with the metrics as POINT_DATA scalars.
 * Points run x fastest: point j·nx + i is (x[i], y[j]). With `log`, z = ln(loss + 0.1) (h52vtp's
 * choice); with `zmax`, z is clipped there first. Points never computed (NaN) sit at the lowest z
 * with a `valid` point value of 0 (and 0 in the metric arrays: VTK's ASCII readers cannot read NaN);
 * no .vtp quad touches them, and in .vtk a `vtkGhostType` array hides them (VTK's blanking).
 */
import { extname } from 'node:path';
import { writeFileAtomic } from '@nnll/landscape/node';
import type { Num, SurfaceChartData } from '@nnll/landscape/charts';

/** The surface as `nnll surface` returns it (the charts' input type). */
export type VtkSurfaceData = SurfaceChartData;

export interface VtkOptions {
  /** Which grid gives the height. Default 'loss'. */
  metric?: 'loss' | 'accuracy' | 'test_loss' | 'test_accuracy';
  /** z = ln(value + 0.1). Default false. */
  log?: boolean;
  /** Clip values above this before taking z. Default: none. */
  zmax?: number;
}

interface Mesh {
  nx: number;
  ny: number;
  points: number[][];
  valid: boolean[];
  arrays: { name: string; values: number[] }[];
}

const fmt = (v: number) => (Number.isFinite(v) ? String(Math.fround(v)) : '0');

function mesh(result: VtkSurfaceData, o: VtkOptions): Mesh {
  const { x, y } = result;
  if (!Array.isArray(y)) throw new TypeError('invalid result: VTK export needs a 2-D surface (x, y, loss[i][j])');
  const metric = o.metric ?? 'loss';
  const grids = (['loss', 'accuracy', 'test_loss', 'test_accuracy'] as const).filter((name) => Array.isArray(result[name]));
  if (!grids.includes(metric)) throw new TypeError(`invalid metric: ${metric} (the result has ${grids.join(', ')})`);
  const at = (name: (typeof grids)[number], i: number, j: number): number => {
    const row = (result[name] as readonly (readonly Num[])[])[i];
    const v = Array.isArray(row) ? row[j] : null;
    return typeof v === 'number' ? v : Number.NaN;
  };
  const points: number[][] = [];
  const valid: boolean[] = [];
  for (let j = 0; j < y.length; j++) {
    for (let i = 0; i < x.length; i++) {
      let z = at(metric, i, j);
      if (o.zmax !== undefined && z > o.zmax) z = o.zmax;
      if (o.log) z = Math.log(z + 0.1);
      valid.push(Number.isFinite(z));
      points.push([x[i], y[j], z]);
    }
  }
  // Missing points sit at the lowest height, so they do not stretch the bounds.
  const floor = Math.min(...points.map((p) => p[2]).filter(Number.isFinite));
  for (const p of points) if (!Number.isFinite(p[2])) p[2] = Number.isFinite(floor) ? floor : 0;
  const arrays: { name: string; values: number[] }[] = grids.map((name) => {
    const values: number[] = [];
    for (let j = 0; j < y.length; j++) for (let i = 0; i < x.length; i++) values.push(at(name, i, j));
    return { name, values };
  });
  arrays.push({ name: 'valid', values: valid.map((v) => (v ? 1 : 0)) });
  return { nx: x.length, ny: y.length, points, valid, arrays };
}

function lines(values: string[], perLine: number, indent: string): string {
  const out: string[] = [];
  for (let k = 0; k < values.length; k += perLine) out.push(indent + values.slice(k, k + perLine).join(' '));
  return out.join('\n');
}

/** VTK XML PolyData (.vtp), ASCII. */
export function surfaceVtp(result: VtkSurfaceData, options: VtkOptions = {}): string {
  const m = mesh(result, options);
  const quads: number[][] = [];
  for (let j = 0; j + 1 < m.ny; j++) {
    for (let i = 0; i + 1 < m.nx; i++) {
      const p = j * m.nx + i;
      const q = [p, p + 1, p + m.nx + 1, p + m.nx];
      if (q.every((k) => m.valid[k])) quads.push(q);
    }
  }
  const cellZ = quads.map((q) => q.reduce((s, k) => s + m.points[k][2], 0) / 4);
  const ind = '          ';
  const dataArray = (name: string, values: number[], type = 'Float32', components = 1) =>
    `        <DataArray type="${type}" Name="${name}" NumberOfComponents="${components}" format="ascii">\n${lines(values.map(fmt), 6 * components, ind)}\n        </DataArray>`;
  return [
    '<?xml version="1.0"?>',
    '<VTKFile type="PolyData" version="1.0" byte_order="LittleEndian" header_type="UInt64">',
    '  <PolyData>',
    `    <Piece NumberOfPoints="${m.points.length}" NumberOfVerts="0" NumberOfLines="0" NumberOfStrips="0" NumberOfPolys="${quads.length}">`,
    `      <PointData Scalars="${options.metric ?? 'loss'}">`,
    ...m.arrays.map((a) => dataArray(a.name, a.values)),
    '      </PointData>',
    '      <CellData Scalars="averaged_z">',
    dataArray('averaged_z', cellZ),
    '      </CellData>',
    '      <Points>',
    `        <DataArray type="Float32" Name="Points" NumberOfComponents="3" format="ascii">\n${lines(m.points.map((p) => p.map(fmt).join(' ')), 2, ind)}\n        </DataArray>`,
    '      </Points>',
    '      <Polys>',
    `        <DataArray type="Int64" Name="connectivity" format="ascii">\n${lines(quads.flat().map(String), 16, ind)}\n        </DataArray>`,
    `        <DataArray type="Int64" Name="offsets" format="ascii">\n${lines(quads.map((_, k) => String(4 * (k + 1))), 12, ind)}\n        </DataArray>`,
    '      </Polys>',
    '    </Piece>',
    '  </PolyData>',
    '</VTKFile>',
    '',
  ].join('\n');
}

/** Legacy VTK (.vtk) STRUCTURED_GRID, ASCII. */
export function surfaceVtk(result: VtkSurfaceData, options: VtkOptions = {}): string {
  const m = mesh(result, options);
  const out = [
    '# vtk DataFile Version 3.0',
    `nnll loss surface (${options.metric ?? 'loss'}${options.log ? ', z = ln(value + 0.1)' : ''})`,
    'ASCII',
    'DATASET STRUCTURED_GRID',
    `DIMENSIONS ${m.nx} ${m.ny} 1`,
    `POINTS ${m.points.length} float`,
    ...m.points.map((p) => p.map(fmt).join(' ')),
    `POINT_DATA ${m.points.length}`,
  ];
  for (const a of m.arrays) out.push(`SCALARS ${a.name} float 1`, 'LOOKUP_TABLE default', lines(a.values.map(fmt), 9, ''));
  // VTK's blanking: points marked HIDDENPOINT (2) hide the cells around them.
  if (m.valid.some((v) => !v)) out.push('SCALARS vtkGhostType unsigned_char 1', 'LOOKUP_TABLE default', lines(m.valid.map((v) => (v ? '0' : '2')), 20, ''));
  return `${out.join('\n')}\n`;
}

/** Writes .vtp or .vtk by extension, atomically. */
export async function writeSurfaceVtk(path: string, result: VtkSurfaceData, options: VtkOptions = {}): Promise<void> {
  const ext = extname(path).toLowerCase();
  if (ext === '.vtp') return writeFileAtomic(path, surfaceVtp(result, options));
  if (ext === '.vtk') return writeFileAtomic(path, surfaceVtk(result, options));
  throw new RangeError(`invalid VTK file: ${path} (expected .vtp or .vtk)`);
}
