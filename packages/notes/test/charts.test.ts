import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { parseFigureResult, type InterpolateResult, type SurfaceResult2D } from '../src/figures/figure-result.js';
import { barrierLocation } from '../src/figures/interpolate-chart.js';
import { renderResult } from '../src/figures/render-result.js';
import { contourLevels, surfaceContour } from '../src/figures/surface-chart.js';
import { assertGolden, postsDir } from './snapshot.js';

function load(name: string) {
  return parseFigureResult(JSON.parse(readFileSync(path.join(postsDir, 'results', name), 'utf8')));
}

function dom(html: string) {
  return parseHTML(`<!doctype html><html><body>${html}</body></html>`).document;
}

function texts(html: string): string[] {
  return [...dom(html).querySelectorAll('text')].map((node) => node.textContent ?? '');
}

describe('charts', () => {
  it('2-D surface: filled contours with the grid minimum starred', () => {
    const result = load('surface.json') as SurfaceResult2D;
    const svg = renderResult(result);
    assertGolden('surface-contour.svg', svg);
    const doc = dom(svg);
    expect(doc.querySelectorAll('svg').length).toBeGreaterThanOrEqual(2); // legend + chart
    expect(doc.querySelectorAll('path[fill]').length).toBeGreaterThanOrEqual(5); // one path per level band
    // independent oracle: the arg-min of the JSON grid
    let best = { i: 0, j: 0 };
    result.loss.forEach((row, i) => row.forEach((v, j) => {
      if (v < result.loss[best.i][best.j]) best = { i, j };
    }));
    const label = texts(svg).find((t) => t.startsWith('min '));
    expect(label).toBe(`min ${result.loss[best.i][best.j]} at (${result.x[best.i]}, ${result.y[best.j]})`);
  });

  it('2-D surface on a non-uniform grid still draws', () => {
    const svg = surfaceContour({ command: 'surface', x: [-1, -0.5, 0, 1], y: [-1, 0, 0.25, 1], loss: [[3, 2, 2, 3], [2, 1, 1, 2], [2, 0.5, 1, 2], [3, 2, 2, 3]] });
    expect(texts(svg)).toContain('min 0.5 at (0, 0)');
    expect(dom(svg).querySelectorAll('path[fill]').length).toBeGreaterThan(0);
  });

  it('log-spaced levels when the loss spans decades', () => {
    const levels = contourLevels(0.01, 100, 4, true);
    expect(levels.map((v) => Number(v.toPrecision(6)))).toEqual([0.01, 0.1, 1, 10]);
    expect(contourLevels(0, 1, 4, false)).toEqual([0, 0.25, 0.5, 0.75]);
  });

  it('1-D surface: line with the minimum', () => {
    const svg = renderResult(load('surface-1d.json'));
    assertGolden('surface-line.svg', svg);
    expect(dom(svg).querySelectorAll('[aria-label="line"] path').length).toBe(1);
    expect(texts(svg)).toContain('min 0.2 at 0.3');
  });

  it('interpolation: barrier location and label', () => {
    const result = load('interpolate.json') as InterpolateResult;
    const at = barrierLocation(result)!;
    // the barrier of the fixture's bump 1.2·sin²(πt) sits at t = 0.5, where the gap is 1.2 (rounded JSON: ±1e-4)
    expect(at.t).toBeCloseTo(0.5, 9);
    expect(Math.abs(at.gap - 1.2)).toBeLessThan(1e-3);
    const svg = renderResult(result);
    assertGolden('interpolate.svg', svg);
    expect(texts(svg)).toContain('barrier 1.2');
  });

  it('hessian: log-y density and one rule per eigenvalue', () => {
    const svg = renderResult(load('hessian.json'));
    assertGolden('hessian.svg', svg);
    expect(dom(svg).querySelectorAll('[aria-label="rule"] line').length).toBe(3);
    expect(texts(svg)).toContain('λmax 10.5');
  });

  it('train: one curve per loss metric', () => {
    const svg = renderResult(load('train.json'));
    assertGolden('train.svg', svg);
    expect(dom(svg).querySelectorAll('[aria-label="line"] path').length).toBe(2);
    expect(svg).toContain('train_loss');
    expect(svg).not.toContain('train_accuracy');
  });

  it('validates chart options by name', () => {
    const result = load('surface.json') as SurfaceResult2D;
    expect(() => surfaceContour(result, { levels: 1 })).toThrow('invalid levels: 1');
    expect(() => surfaceContour(result, { width: 5 })).toThrow('invalid width: 5');
    expect(() => surfaceContour(result, { colour: 'red' } as never)).toThrow('invalid chart option: colour');
  });
});
