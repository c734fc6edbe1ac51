import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DOMParser } from 'linkedom';
import { afterAll, describe, expect, it } from 'vitest';
import { surfaceVtk, surfaceVtp, writeSurfaceVtk } from '../src/exports/index.js';
import { surface2d } from '../../landscape/test/figures-data.js';

const dir = mkdtempSync(path.join(tmpdir(), 'nnll-vtk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const f32 = Math.fround;

/** Reads a .vtp as an XML document (the way VTK's XML reader sees it): piece counts and arrays. */
function readVtp(xml: string) {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const piece = doc.querySelector('Piece')!;
  const numbers = (el: Element | null) => (el?.textContent ?? '').trim().split(/\s+/).filter(Boolean).map(Number);
  const array = (section: string, name: string) => numbers(doc.querySelector(`${section} > DataArray[Name="${name}"]`));
  return {
    root: doc.documentElement.getAttribute('type'),
    points: Number(piece.getAttribute('NumberOfPoints')),
    polys: Number(piece.getAttribute('NumberOfPolys')),
    xyz: array('Points', 'Points'),
    connectivity: array('Polys', 'connectivity'),
    offsets: array('Polys', 'offsets'),
    point: (name: string) => array('PointData', name),
    cell: (name: string) => array('CellData', name),
  };
}

/** Reads a legacy ASCII .vtk structured grid. */
function readLegacyVtk(text: string) {
  const lines = text.split('\n');
  expect(lines[0]).toBe('# vtk DataFile Version 3.0');
  expect(lines[2]).toBe('ASCII');
  expect(lines[3]).toBe('DATASET STRUCTURED_GRID');
  const dims = lines[4].split(' ').slice(1).map(Number);
  const n = Number(lines[5].split(' ')[1]);
  const tokens = lines.slice(6).join(' ').split(/\s+/).filter(Boolean);
  const xyz = tokens.slice(0, 3 * n).map(Number);
  const rest = tokens.slice(3 * n);
  expect(rest.slice(0, 2)).toEqual(['POINT_DATA', String(n)]);
  const scalars: Record<string, number[]> = {};
  let k = 2;
  while (k < rest.length) {
    expect(rest[k]).toBe('SCALARS');
    const name = rest[k + 1];
    expect(rest.slice(k + 3, k + 6)).toEqual(['1', 'LOOKUP_TABLE', 'default']);
    expect(['float', 'unsigned_char']).toContain(rest[k + 2]);
    scalars[name] = rest.slice(k + 6, k + 6 + n).map(Number);
    k += 6 + n;
  }
  return { dims, n, xyz, scalars };
}

describe('VTK exports', () => {
  const result = surface2d(6, 5);
  const nx = 6;
  const ny = 5;

  it('.vtp PolyData: counts, quads and a round trip of points and point data', () => {
    const vtp = readVtp(surfaceVtp(result));
    expect(vtp.root).toBe('PolyData');
    expect(vtp.points).toBe(nx * ny);
    expect(vtp.polys).toBe((nx - 1) * (ny - 1));
    expect(vtp.xyz.length).toBe(3 * nx * ny);
    expect(vtp.connectivity.length).toBe(4 * vtp.polys);
    expect(vtp.offsets).toEqual(Array.from({ length: vtp.polys }, (_, k) => 4 * (k + 1)));
    expect(Math.max(...vtp.connectivity)).toBe(nx * ny - 1);
    const loss = vtp.point('loss');
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const p = j * nx + i; // x fastest
        expect(vtp.xyz.slice(3 * p, 3 * p + 3)).toEqual([f32(result.x[i]), f32(result.y[j]), f32(result.loss[i][j])]);
        expect(loss[p]).toBe(f32(result.loss[i][j]));
        expect(vtp.point('accuracy')[p]).toBe(f32(result.accuracy[i][j]));
      }
    }
    // first quad: (0,0) (1,0) (1,1) (0,1), counter-clockwise in the plane
    expect(vtp.connectivity.slice(0, 4)).toEqual([0, 1, nx + 1, nx]);
    expect(vtp.cell('averaged_z')[0]).toBeCloseTo((result.loss[0][0] + result.loss[1][0] + result.loss[1][1] + result.loss[0][1]) / 4, 5);
  });

  it('.vtp with log z, zmax and a missing point', () => {
    const holed = { ...result, loss: result.loss.map((row) => [...row]) };
    holed.loss[2][3] = null as unknown as number;
    const vtp = readVtp(surfaceVtp(holed, { log: true, zmax: 3 }));
    const p = 3 * nx + 2;
    expect(vtp.point('valid')[p]).toBe(0);
    expect(vtp.polys).toBe((nx - 1) * (ny - 1) - 4); // the four quads around the hole
    expect(vtp.connectivity.includes(p)).toBe(false);
    const q = 1 * nx + 4;
    expect(vtp.xyz[3 * q + 2]).toBe(f32(Math.log(Math.min(3, result.loss[4][1]) + 0.1)));
    const zs = vtp.xyz.filter((_, k) => k % 3 === 2);
    expect(zs[p]).toBe(Math.min(...zs)); // the hole sits at the lowest height
    const legacy = readLegacyVtk(surfaceVtk(holed));
    expect(legacy.scalars.vtkGhostType[p]).toBe(2); // VTK's HIDDENPOINT
    expect(legacy.scalars.vtkGhostType.filter((v) => v !== 0).length).toBe(1);
  });

  it('legacy .vtk structured grid round trip, written atomically by extension', async () => {
    const file = path.join(dir, 'surface.vtk');
    await writeSurfaceVtk(file, result);
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(surfaceVtk(result));
    const vtk = readLegacyVtk(text);
    expect(vtk.dims).toEqual([nx, ny, 1]);
    expect(vtk.n).toBe(nx * ny);
    expect(Object.keys(vtk.scalars)).toEqual(['loss', 'accuracy', 'test_loss', 'test_accuracy', 'valid']);
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
      const p = j * nx + i;
      expect(vtk.xyz.slice(3 * p, 3 * p + 3)).toEqual([f32(result.x[i]), f32(result.y[j]), f32(result.loss[i][j])]);
      expect(vtk.scalars.test_loss[p]).toBe(f32(result.test_loss![i][j]));
    }
    await writeSurfaceVtk(path.join(dir, 'surface.vtp'), result);
    expect(readFileSync(path.join(dir, 'surface.vtp'), 'utf8')).toBe(surfaceVtp(result));
    await expect(writeSurfaceVtk(path.join(dir, 'surface.obj'), result)).rejects.toThrow('invalid VTK file');
    expect(() => surfaceVtp({ x: [0, 1], loss: [1, 2] })).toThrow('needs a 2-D surface');
  });
});
