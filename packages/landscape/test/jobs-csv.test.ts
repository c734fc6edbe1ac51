import { describe, expect, it } from 'vitest';
import { densityCsv, eigenvaluesCsv, historyCsv, interpolationCsv, surfaceCsv } from '../src/jobs/csv.js';
import { interpolation, spectrum, surface1d, surface2d, training } from './figures-data.js';

/** A minimal CSV reader (no quoted fields needed: the writers only emit numbers and names). */
function parse(csv: string): { header: string[]; rows: number[][] } {
  const [head, ...lines] = csv.trimEnd().split('\n');
  return { header: head.split(','), rows: lines.map((l) => l.split(',').map((f) => (f === '' ? Number.NaN : Number(f)))) };
}

describe('CSV exports', () => {
  it('2-D surface: one row per grid point, x outer, y inner, exact numbers', () => {
    const result = surface2d(5, 4);
    result.loss[1][2] = null as unknown as number; // a point not computed
    const { header, rows } = parse(surfaceCsv(result));
    expect(header).toEqual(['x', 'y', 'loss', 'accuracy', 'test_loss', 'test_accuracy']);
    expect(rows.length).toBe(20);
    rows.forEach((row, k) => {
      const i = Math.floor(k / 4);
      const j = k % 4;
      expect(row[0]).toBe(result.x[i]);
      expect(row[1]).toBe(result.y[j]);
      if (i === 1 && j === 2) expect(row[2]).toBeNaN();
      else expect(row[2]).toBe(result.loss[i][j]);
      expect(row[3]).toBe(result.accuracy[i][j]);
      expect(row[4]).toBe(result.test_loss![i][j]);
    });
    expect(surfaceCsv({ x: [0.1], y: [0.2], loss: [[1 / 3]] })).toBe('x,y,loss,accuracy\n0.1,0.2,0.3333333333333333,\n');
  });

  it('1-D surface, interpolation, spectrum and history', () => {
    const line = surface1d(7);
    expect(parse(surfaceCsv(line)).header).toEqual(['x', 'loss', 'accuracy', 'test_loss', 'test_accuracy']);
    expect(parse(surfaceCsv(line)).rows.map((r) => r[1])).toEqual(line.loss);
    const interp = interpolation();
    const ic = parse(interpolationCsv(interp));
    expect(ic.header).toEqual(['t', 'loss', 'accuracy', 'test_loss', 'test_accuracy']);
    expect(ic.rows.map((r) => r[0])).toEqual(interp.t);
    expect(ic.rows.map((r) => r[1])).toEqual(interp.loss);
    const spec = spectrum();
    expect(parse(densityCsv(spec)).rows.map((r) => r[1])).toEqual(spec.density.y);
    expect(eigenvaluesCsv(spec)).toBe('rank,eigenvalue\n1,10.5\n2,4.8\n3,2.1\n');
    const train = training(3);
    const hc = parse(historyCsv(train));
    expect(hc.header).toEqual(['epoch', 'step', 'train_loss', 'train_accuracy', 'test_loss', 'test_accuracy']);
    expect(hc.rows[2][2]).toBe(train.history[2].train_loss);
    expect(historyCsv({ history: [{ epoch: 1, train_loss: 0.5, train_accuracy: null }] })).toBe('epoch,train_loss,train_accuracy\n1,0.5,\n');
  });
});
