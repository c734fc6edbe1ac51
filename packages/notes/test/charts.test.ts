import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { barrierMark } from '@nnll/landscape/charts';
import { parseFigureData } from '@nnll/landscape';

type SurfaceResult2D = { command: string; x: number[]; y: number[]; loss: number[][] } & Record<string, any>;
type InterpolateResult = { command: string; t: number[]; loss: number[]; barrier?: number } & Record<string, any>;
import { renderResult } from '../src/figures/render-result.js';
import { assertGolden, postsDir } from './snapshot.js';

function load(name: string) {
  return parseFigureData(JSON.parse(readFileSync(path.join(postsDir, 'results', name), 'utf8')));
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
    expect(label).toBe(`min ${Number(result.loss[best.i][best.j].toPrecision(4))} at (${result.x[best.i]}, ${result.y[best.j]})`);
  });

  it('2-D surface on a non-uniform grid still draws', () => {
    const svg = renderResult({ command: 'surface', x: [-1, -0.5, 0, 1], y: [-1, 0, 0.25, 1], loss: [[3, 2, 2, 3], [2, 1, 1, 2], [2, 0.5, 1, 2], [3, 2, 2, 3]] });
    expect(texts(svg)).toContain('min 0.5 at (0, 0)');
    expect(dom(svg).querySelectorAll('path[fill]').length).toBeGreaterThan(0);
  });

  it('1-D surface: line with the minimum', () => {
    const svg = renderResult(load('surface-1d.json'));
    assertGolden('surface-line.svg', svg);
    expect(dom(svg).querySelectorAll('[aria-label="line"] path').length).toBe(1); // train loss only: the fixture has no accuracy
    expect(texts(svg)).toContain('min 0.2 at 0.3');
  });

  it('interpolation: barrier location and label', () => {
    const result = load('interpolate.json') as InterpolateResult;
    const at = barrierMark(result)!;
    // the barrier of the fixture's bump 1.2·sin²(πt) sits at t = 0.5, where the gap is 1.2 (rounded JSON: ±1e-4)
    expect(at.t).toBeCloseTo(0.5, 9);
    expect(at.barrier).toBe(1.2); // the result's own barrier
    expect(Math.abs(at.loss - at.chord - 1.2)).toBeLessThan(1e-3);
    const svg = renderResult(result);
    assertGolden('interpolate.svg', svg);
    expect(texts(svg)).toContain('barrier 1.2 at t = 0.5');
  });

  it('hessian: log-y density and one rule per eigenvalue', () => {
    const svg = renderResult(load('hessian.json'));
    assertGolden('hessian.svg', svg);
    expect(dom(svg).querySelectorAll('[aria-label="rule"] line').length).toBe(3);
    expect(texts(svg)).toContain('λmax 10.5');
  });

  it('train: loss (train and test) and accuracy panels', () => {
    const svg = renderResult(load('train.json'));
    assertGolden('train.svg', svg);
    expect(dom(svg).querySelectorAll('svg').length).toBe(2); // two panels
    expect(dom(svg).querySelectorAll('[aria-label="line"] path').length).toBe(3); // train/test loss, train accuracy
    expect(texts(svg)).toEqual(expect.arrayContaining(['train', 'test']));
  });

  it('validates chart options by name', () => {
    const result = load('surface.json') as SurfaceResult2D;
    expect(() => renderResult(result, { width: 5 })).toThrow('invalid width: 5');
    expect(() => renderResult(result, { colour: 'red' } as never)).toThrow('invalid option: colour');
  });
});
