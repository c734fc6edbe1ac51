import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FigureFactory, renderSvg } from '../src/figures/index.js';
import { type Charts, interpolation, loadCharts, spectrum, surface1d, surface2d, training, trajectory } from '../../landscape/test/figures-data.js';
import { assertGolden } from './figures-golden.js';

let charts: Charts;
beforeAll(async () => {
  charts = await loadCharts();
});

function svgDom(svg: string) {
  return parseHTML(`<!doctype html><html><body>${svg}</body></html>`).document;
}
const texts = (svg: string) => Array.from(svgDom(svg).querySelectorAll('text')).map((t) => t.textContent ?? '');
const render = (factory: FigureFactory) => renderSvg(factory);
/** Labels show 4 significant digits. */
const p4 = (v: number) => Number(v.toPrecision(4));

describe('chart SVGs', () => {
  it('surfaceContour: filled contours, legend, minimum starred, trajectory, title', () => {
    const result = surface2d();
    const svg = render((document) => charts.surfaceContour(result as never, { document, trajectory: trajectory(), title: 'Loss surface' }));
    assertGolden('surface-contour.svg', svg);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const doc = svgDom(svg);
    expect(doc.querySelectorAll('[aria-label="contour"] path').length).toBeGreaterThanOrEqual(8);
    // independent oracle: the arg-min of the grid
    let best = { i: 0, j: 0 };
    result.loss.forEach((row, i) => row.forEach((v, j) => {
      if (v < result.loss[best.i][best.j]) best = { i, j };
    }));
    expect(texts(svg)).toContain(`min ${p4(result.loss[best.i][best.j])} at (${result.x[best.i]}, ${result.y[best.j]})`);
    expect(texts(svg)).toEqual(expect.arrayContaining(['Loss surface', 'start', 'end', 'loss']));
    expect(doc.querySelectorAll('[aria-label="dot"] circle').length).toBe(trajectory().a.length);
  });

  it('surfaceContour: log levels, clip, accuracy maximum, non-uniform grid', () => {
    const result = surface2d(11, 11, false);
    const exploded = { ...result, loss: result.loss.map((row) => row.map((v) => Number((v ** 4).toPrecision(6)))) };
    const svg = render((document) => charts.surfaceContour(exploded as never, { document, log: true, levels: 6 }));
    assertGolden('surface-contour-log.svg', svg);
    expect(texts(svg)).toContain('loss (log levels)');
    const clipped = render((document) => charts.surfaceContour(exploded as never, { document, log: false, max: 20 }));
    expect(texts(clipped).some((t) => t.includes('clipped at 20'))).toBe(true);
    const acc = render((document) => charts.surfaceContour(result as never, { document, metric: 'accuracy' }));
    expect(texts(acc).some((t) => t.startsWith('max '))).toBe(true);
    const irregular = { x: [-1, -0.5, 0, 1], y: [-1, 0, 0.25, 1], loss: [[3, 2, 2, 3], [2, 1, 1, 2], [2, 0.5, 1, 2], [3, 2, 2, 3]] };
    const svg2 = render((document) => charts.surfaceContour(irregular as never, { document }));
    expect(texts(svg2)).toContain('min 0.5 at (0, 0)');
  });

  it('surfaceLine: loss and accuracy panels, train and test', () => {
    const svg = render((document) => charts.surfaceLine(surface1d() as never, { document }));
    assertGolden('surface-line.svg', svg);
    const doc = svgDom(svg);
    expect(doc.querySelectorAll('[aria-label="line"] path').length).toBe(4); // train + test, loss + accuracy
    const { x, loss } = surface1d();
    const k = loss.indexOf(Math.min(...loss));
    expect(texts(svg)).toEqual(expect.arrayContaining([`min ${p4(loss[k])} at ${x[k]}`, 'loss', 'accuracy', 'train', 'test']));
  });

  it('interpolationPath: endpoints, chord and the barrier segment', () => {
    const result = interpolation();
    const svg = render((document) => charts.interpolationPath(result as never, { document }));
    assertGolden('interpolation-path.svg', svg);
    expect(texts(svg)).toEqual(expect.arrayContaining(['barrier 1.2 at t = 0.5', 'A', 'B']));
    // the barrier rule runs from the chord (0.4 at t = 0.5) to the path (1.6): its length against the y scale
    const doc = svgDom(svg);
    const rules = Array.from(doc.querySelectorAll('[aria-label="rule"] line')).filter((l) => l.getAttribute('stroke-width') === '3' || l.parentElement?.getAttribute('stroke-width') === '3');
    expect(rules.length).toBe(1);
  });

  it('spectralDensity: log-y density and one rule per eigenvalue', () => {
    const svg = render((document) => charts.spectralDensity(spectrum() as never, { document }));
    assertGolden('spectral-density.svg', svg);
    expect(svgDom(svg).querySelectorAll('[aria-label="rule"] line').length).toBe(3);
    expect(texts(svg)).toContain('λmax 10.5');
    const only = render((document) => charts.spectralDensity({ eigenvalues: [3, 2, 1] } as never, { document, topK: 2 }));
    expect(svgDom(only).querySelectorAll('[aria-label="rule"] line').length).toBe(2);
  });

  it('trainingCurves: loss and accuracy per epoch', () => {
    const svg = render((document) => charts.trainingCurves(training() as never, { document, title: 'Training' }));
    assertGolden('training-curves.svg', svg);
    expect(svgDom(svg).querySelectorAll('[aria-label="line"] path').length).toBe(4);
    expect(texts(svg)).toEqual(expect.arrayContaining(['Training', 'train', 'test', 'epoch']));
  });

  it('partial and degenerate results still draw: holes in grey, flat surfaces, nulls, no barrier', () => {
    const s = surface2d(11, 11);
    const holed = { ...s, loss: s.loss.map((r, i) => r.map((v, j) => (i > 6 && j > 6 ? null : v))) };
    const svg = render((document) => charts.surfaceContour(holed as never, { document }));
    expect(svgDom(svg).querySelectorAll('[aria-label="rect"] rect').length).toBe(16);
    expect(texts(svg)).toContain('loss; grey: not computed');
    const flat = { x: [0, 1], y: [0, 1], loss: [[1, 1], [1, 1]] };
    expect(texts(render((document) => charts.surfaceContour(flat as never, { document })))).toContain('min 1 at (0, 0)');
    const line = surface1d(11) as { loss: (number | null)[] };
    line.loss[3] = null;
    expect(() => render((document) => charts.surfaceLine(line as never, { document, log: true }))).not.toThrow();
    const partial = { ...interpolation(), barrier: null, barrier_t: null, loss_a: null, loss_b: null };
    expect(texts(render((document) => charts.interpolationPath(partial as never, { document })))).toContain('barrier 1.2 at t = 0.5');
    const oneEpoch = { history: [{ epoch: 1, train_loss: 1, train_accuracy: null, test_loss: null, test_accuracy: null }] };
    expect(() => render((document) => charts.trainingCurves(oneEpoch as never, { document }))).not.toThrow();
  });

  it('option names and values are validated', () => {
    const result = surface2d(5, 5);
    const make = (options: Record<string, unknown>) => () => render((document) => charts.surfaceContour(result as never, { document, ...options }));
    expect(make({ levels: 1 })).toThrow('invalid levels: 1');
    expect(make({ log: 'yes' })).toThrow('invalid log: yes');
    expect(make({ metric: 'err' })).toThrow('invalid metric: err');
    expect(make({ colour: 'red' })).toThrow('invalid option: colour');
    expect(make({ width: 5 })).toThrow('invalid width: 5');
    expect(() => render((document) => charts.surfaceLine(result as never, { document }))).toThrow('invalid result: a 1-D surface has no y');
    expect(() => render((document) => charts.surfaceContour(surface1d() as never, { document }))).toThrow('invalid result: a 2-D surface needs y');
  });
});
