import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  barrierMark, interpolationPath, niceLevels, spectralDensity, surfaceContour, surfaceContourDefaults, surfaceGrid, surfaceLine, trainingCurves,
} from '../src/charts/index.js';

// Rendering and golden SVGs are tested in @nnll/cli (test/figures-svg.test.ts), which has linkedom.
const src = fileURLToPath(new URL('../src/charts/', import.meta.url));

function imports(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  return specs.flatMap((s) => (s.startsWith('.') ? imports(resolve(dirname(file), s.replace(/\.js$/, '.ts')), seen) : [s]));
}

describe('chart factories', () => {
  it.each(readdirSync(src).filter((f) => f.endsWith('.ts')))('%s is browser-safe (no node:*)', (f) => {
    expect(imports(join(src, f)).filter((s) => s.startsWith('node:'))).toEqual([]);
  });

  const surface = { x: [-1, 0, 1], y: [-1, 0, 1], loss: [[3, 2, 3], [2, 1, 2], [3, 2, 3]] };

  it('validate option names and values before drawing', () => {
    expect(() => surfaceContour(surface, { levels: 1 })).toThrow('invalid levels: 1');
    expect(() => surfaceContour(surface, { log: 'yes' as never })).toThrow('invalid log: yes');
    expect(() => surfaceContour(surface, { metric: 'err' as never })).toThrow('invalid metric: err');
    expect(() => surfaceContour(surface, { trajectory: { a: [1], b: [] } })).toThrow('invalid trajectory');
    expect(() => surfaceContour(surface, { colour: 'red' } as never)).toThrow('invalid option: colour');
    expect(() => surfaceLine({ x: [0], loss: [1] }, { width: 5 })).toThrow('invalid width: 5');
    expect(() => interpolationPath({ t: [0], loss: [1] }, { log: 1 as never })).toThrow('invalid log: 1');
    expect(() => spectralDensity({ eigenvalues: [1] }, { topK: -1 })).toThrow('invalid topK: -1');
    expect(() => trainingCurves({ history: [{ epoch: 1, train_loss: 1 }] }, { scale: 'log' } as never)).toThrow('invalid option: scale');
    expect(surfaceContourDefaults).toMatchObject({ metric: 'loss', log: 'auto', levels: 10 });
  });

  it('need a document outside a browser', () => {
    expect(() => surfaceContour(surface)).toThrow('invalid document: none');
  });

  it('check the result shape, naming the field', () => {
    expect(() => surfaceGrid({ x: [0, 1], y: [0], loss: [[1]] }, 'loss')).toThrow('invalid result: loss must be 2 rows');
    expect(() => surfaceGrid({ x: [0], y: [0, 1], loss: [[1]] }, 'loss')).toThrow('invalid result: loss[0] must have 2 numbers');
    expect(() => surfaceGrid({ x: [0], y: [0], loss: [[1]] }, 'accuracy')).toThrow('invalid result: accuracy must be 1 rows');
    expect(surfaceGrid({ x: [0], y: [0, 1], loss: [[null, 2]] }, 'loss')).toEqual([[Number.NaN, 2]]);
  });
});

describe('niceLevels', () => {
  it('linear: 1-2-5 steps strictly inside the range', () => {
    expect(niceLevels(0.3, 2.9, 5, false)).toEqual([0.5, 1, 1.5, 2, 2.5]);
    expect(niceLevels(1, 1, 5, false)).toEqual([]);
  });
  it('log: 1-2-5 (or 1-3, or decades) per decade', () => {
    expect(niceLevels(0.01, 100, 4, true)).toEqual([0.1, 1, 10]);
    expect(niceLevels(0.05, 100, 10, true)).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50]);
    expect(niceLevels(0.05, 100, 4, true)).toEqual([0.1, 0.3, 1, 3, 10, 30]);
    expect(niceLevels(1, 3, 4, true)).toEqual([1.5, 2]); // under a decade: the finest mantissas
    expect(niceLevels(1, 1.2, 4, true)).toEqual([1.05, 1.1, 1.15]); // fewer than two: linear
  });
});

describe('barrierMark', () => {
  const t = [-0.5, 0, 0.25, 0.5, 0.75, 1, 1.5];
  const loss = t.map((s) => 0.3 + 0.2 * s + 1.2 * Math.sin(Math.PI * s) ** 2);
  it('uses barrier and barrier_t when the result has them', () => {
    expect(barrierMark({ t, loss, barrier: 1.2, barrier_t: 0.5, loss_a: 0.3, loss_b: 0.5 })).toEqual({ t: 0.5, loss: loss[3], chord: 0.4, barrier: 1.2, lossA: 0.3, lossB: 0.5 });
  });
  it('finds the largest gap over [0, 1] otherwise (older results carry only the loss)', () => {
    const mark = barrierMark({ t, loss })!;
    expect(mark.t).toBe(0.5);
    expect(mark.chord).toBeCloseTo(0.4, 12);
    expect(mark.barrier).toBeCloseTo(1.2, 12);
    expect(barrierMark({ t: [2, 3], loss: [1, 1] })).toBeUndefined();
  });
});
