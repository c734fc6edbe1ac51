import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  barrierMark, interpolationPath, niceLevels, spectralDensity, spectrumHistogram, surfaceContour, surfaceContourDefaults, surfaceGrid, surfaceLine,
  surfaceScale, trainingCurves,
} from '../src/charts/index.js';
import { placeLabels, textWidth, type Box } from '../src/charts/labels.js';
import { integerTicks } from '../src/charts/series.js';

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
    expect(() => surfaceContour(surface, { thresholds: [2, 1] })).toThrow('invalid thresholds: [2,1] (increasing numbers)');
    expect(() => surfaceContour(surface, { domain: [3, 1] as never })).toThrow('invalid domain: [3,1]');
    expect(() => surfaceContour(surface, { domain: [0] as never })).toThrow('invalid domain: [0]');
    expect(() => surfaceContour(surface, { theta: 1 as never })).toThrow('invalid theta: 1 (true, false or a label)');
    expect(() => surfaceLine({ x: [0], loss: [1] }, { theta: null as never })).toThrow('invalid theta: null');
    expect(() => interpolationPath({ t: [0], loss: [1] }, { theta: true } as never)).toThrow('invalid option: theta');
    expect(() => spectralDensity({ spectrum: [1] }, { bins: 0 })).toThrow('invalid bins: 0');
    expect(() => surfaceScale([])).toThrow('invalid panels: []');
    expect(() => surfaceScale([{ result: surface, metric: 'err' as never }])).toThrow('invalid metric: err');
    expect(() => surfaceScale([{ result: surface }], { levels: 1 })).toThrow('invalid levels: 1');
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
    expect(barrierMark({ t, loss, barrier: 1.2, barrier_t: 0.5, loss_a: 0.3, loss_b: 0.5 })).toEqual({ t: 0.5, loss: loss[3], chord: 0.4, barrier: 1.2, lossA: 0.3, lossB: 0.5, noBarrier: false });
  });
  it('finds the largest gap over [0, 1] otherwise (older results carry only the loss)', () => {
    const mark = barrierMark({ t, loss })!;
    expect(mark.t).toBe(0.5);
    expect(mark.chord).toBeCloseTo(0.4, 12);
    expect(mark.barrier).toBeCloseTo(1.2, 12);
    expect(barrierMark({ t: [2, 3], loss: [1, 1] })).toBeUndefined();
  });
});

describe('barrierMark without a barrier', () => {
  it('says so when the largest excess over the chord is at an endpoint', () => {
    // A path below its chord on (0, 1): the excess is 0 at both ends and negative inside.
    const t = [0, 0.25, 0.5, 0.75, 1];
    const loss = t.map((s) => 2 - 1.5 * s - 0.8 * Math.sin(Math.PI * s));
    const mark = barrierMark({ t, loss })!;
    expect(mark.t).toBe(0);
    expect(mark.barrier).toBe(0);
    expect(mark.noBarrier).toBe(true);
    expect(barrierMark({ t, loss, barrier: 0, barrier_t: 1, loss_a: 2, loss_b: 0.5 })!.noBarrier).toBe(true);
    // A barrier at an interior t is one, however small.
    const bump = t.map((s) => 1 + 1e-3 * Math.sin(Math.PI * s));
    expect(barrierMark({ t, loss: bump })!.noBarrier).toBe(false);
  });
});

describe('surfaceScale', () => {
  it('spans every panel and gives them one set of levels', () => {
    const train = { x: [0, 1], y: [0, 1], loss: [[0.3, 1], [1, 2]], test_loss: [[0.5, 2], [3, 4.5]] };
    const scale = surfaceScale([{ result: train }, { result: train, metric: 'test_loss' }]);
    expect(scale.domain).toEqual([0.3, 4.5]);
    expect(scale.log).toBe(false);
    expect(scale.thresholds).toEqual(niceLevels(0.3, 4.5, 10, false));
    // Alone, the panels would get different steps (the bug: the test basin looked sharper).
    expect(niceLevels(0.3, 2, 10, false)).not.toEqual(niceLevels(0.5, 4.5, 10, false));
    // max clips the shared top; log levels when the range spans more than 100×.
    expect(surfaceScale([{ result: train }, { result: train, metric: 'test_loss' }], { max: 3 }).domain).toEqual([0.3, 3]);
    const wide = { x: [0, 1], y: [0, 1], loss: [[0.01, 1], [10, 50]] };
    expect(surfaceScale([{ result: wide }]).log).toBe(true);
  });
});

describe('placeLabels', () => {
  const frame: Box = { left: 0, top: 0, right: 400, bottom: 300 };
  const overlap = (a: Box, b: Box) => Math.min(a.right, b.right) > Math.max(a.left, b.left) && Math.min(a.bottom, b.bottom) > Math.max(a.top, b.top);
  it('moves labels of nearby points apart, keeps them in the frame and off the markers', () => {
    // The PCA chart's case: the trajectory ends at θ, next to the minimum.
    const requests = [
      { x: 200, y: 150, text: 'min 0.207 at (-0.7573, 0.1841)' },
      { x: 212, y: 156, text: 'θ', bold: true, fontSize: 12 },
      { x: 212, y: 156, text: 'end' },
      { x: 395, y: 295, text: 'start' },
    ];
    const markers = [{ x: 200, y: 150, r: 8 }, { x: 212, y: 156, r: 6 }, { x: 395, y: 295, r: 3 }];
    const placed = placeLabels(requests, markers, frame);
    expect(placed.map((p) => p.text)).toEqual(requests.map((r) => r.text));
    for (let i = 0; i < placed.length; i++) {
      const b = placed[i].box;
      expect(b.left >= frame.left && b.right <= frame.right && b.top >= frame.top && b.bottom <= frame.bottom).toBe(true);
      expect(b.right - b.left).toBeCloseTo(textWidth(requests[i].text, requests[i].fontSize ?? 11, requests[i].bold), 9);
      for (let j = 0; j < i; j++) expect(overlap(b, placed[j].box)).toBe(false);
      for (const m of markers) {
        const dx = Math.max(b.left - m.x, 0, m.x - b.right), dy = Math.max(b.top - m.y, 0, m.y - b.bottom);
        expect(Math.hypot(dx, dy)).toBeGreaterThanOrEqual(m.r);
      }
    }
    // The first label takes a spot next to its point; the text anchor faces the point.
    expect(placed[0].far).toBe(false);
    const p = placed[3];
    expect(p.box.right).toBeLessThanOrEqual(395);
    expect(p.anchor).toBe('end');
  });
});

describe('integerTicks', () => {
  it('ticks whole epochs only, at 1, 2, 5 × 10ᵏ steps', () => {
    expect(integerTicks(1, 4, 8)).toEqual([1, 2, 3, 4]);
    expect(integerTicks(1, 3, 8)).toEqual([1, 2, 3]);
    expect(integerTicks(1, 12, 8)).toEqual([2, 4, 6, 8, 10, 12]);
    const many = integerTicks(1, 200, 8);
    expect(many.every(Number.isInteger)).toBe(true);
    expect(many[1] - many[0]).toBe(50);
    expect(integerTicks(1, 2, 8)).toEqual([1, 2]);
  });
});

describe('spectrumHistogram', () => {
  it('is a density: counts over n·width, integrating to 1, empty bins left out', () => {
    const values = [3, 2.9, 0.1, 0, 0, -0.05, -0.2, 0.02, 0.01, 1.5];
    const bars = spectrumHistogram(values, 20);
    expect(bars.reduce((s, b) => s + b.count, 0)).toBe(values.length);
    expect(bars.reduce((s, b) => s + b.y * (b.x2 - b.x1), 0)).toBeCloseTo(1, 12);
    expect(bars[0].x1).toBe(-0.2);
    expect(bars[bars.length - 1].x2).toBeCloseTo(3, 12);
    // Every value falls in its bar; the maximum in the last.
    for (const v of values) expect(bars.some((b) => b.x1 <= v && (v < b.x2 || (v === 3 && b.x2 >= 3 - 1e-12)))).toBe(true);
    expect(spectrumHistogram([1, 1, 1], 5)).toHaveLength(1);
    expect(spectrumHistogram([], 5)).toEqual([]);
  });
});
