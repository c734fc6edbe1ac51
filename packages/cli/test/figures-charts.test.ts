// What the charts must not get wrong (issue: figures that mislead): compared panels share their
// contour levels and colours, colour bars label their ends, θ is marked where it is, labels do not
// collide (measured on the rendered image, with the font PNGs are drawn with), an exact spectrum is
// drawn, "no barrier" at an endpoint, whole epochs on training curves.
import { parseHTML } from 'linkedom';
import { Resvg } from '@resvg/resvg-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FigureFactory, figureDocument, pngFont, renderSvg } from '../src/figures/index.js';
import { type Charts, loadCharts, rng, spectrum, surface1d, surface2d, training } from '../../landscape/test/figures-data.js';
import { assertGolden } from './figures-golden.js';

let charts: Charts;
beforeAll(async () => {
  charts = await loadCharts();
});

const svgDom = (svg: string) => parseHTML(`<!doctype html><html><body>${svg}</body></html>`).document;
const texts = (root: ParentNode) => Array.from(root.querySelectorAll('text')).map((t) => t.textContent ?? '');
const render = (factory: FigureFactory) => renderSvg(factory);
const p4 = (v: number) => String(Number(v.toPrecision(4)));

/** The chart's panels as built (not flattened): the colour bar is the first `<svg>`, the plot the second. */
function build(factory: (document: Document) => Element): Element[] {
  const figure = factory(figureDocument());
  return figure.tagName.toLowerCase() === 'svg' ? [figure] : (Array.from(figure.querySelectorAll('svg')) as unknown as Element[]);
}

/** Tick labels of an axis (`x` or `y`) with their pixel position along it. */
function ticks(svg: Element, axis: 'x' | 'y'): { label: string; at: number }[] {
  return Array.from(svg.querySelectorAll(`[aria-label="${axis}-axis tick label"] text`)).map((t) => {
    const [, tx, ty] = /translate\(([-\d.]+),([-\d.]+)\)/.exec(t.getAttribute('transform') ?? '') ?? [];
    return { label: t.textContent ?? '', at: Number(axis === 'x' ? tx : ty) };
  });
}

interface Ink { left: number; top: number; right: number; bottom: number }

/** Bounding box of the pixels `markup` paints, drawn alone on a transparent canvas of the chart's size. */
function ink(markup: string, width: number, height: number): Ink | null {
  const font = pngFont();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="10">${markup}</svg>`;
  const image = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    font: font ? { loadSystemFonts: false, fontFiles: font.files, defaultFontFamily: font.family, sansSerifFamily: font.family } : { loadSystemFonts: true },
  }).render();
  const { pixels } = image;
  let box: Ink | null = null;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (pixels[4 * (y * image.width + x) + 3] < 64) continue;
      box = box ? { left: Math.min(box.left, x), top: Math.min(box.top, y), right: Math.max(box.right, x + 1), bottom: Math.max(box.bottom, y + 1) } : { left: x, top: y, right: x + 1, bottom: y + 1 };
    }
  }
  return box;
}

const meets = (a: Ink, b: Ink) => Math.min(a.right, b.right) > Math.max(a.left, b.left) && Math.min(a.bottom, b.bottom) > Math.max(a.top, b.top);

/** Ink of every annotation label (halo removed: only the letters count) and of the markers. */
function annotationInk(chart: Element): { labels: { text: string; box: Ink }[]; markers: Ink[] } {
  const width = Number(chart.getAttribute('width'));
  const height = Number(chart.getAttribute('height'));
  const labels = Array.from(chart.querySelectorAll('[aria-label="labels"] text')).map((t) => {
    const copy = t.cloneNode(true) as Element;
    for (const a of ['stroke', 'stroke-width', 'paint-order', 'stroke-linejoin']) copy.removeAttribute(a);
    return { text: t.textContent ?? '', box: ink(copy.outerHTML, width, height)! };
  });
  const markers = [...Array.from(chart.querySelectorAll('[aria-label="theta"]')), ...Array.from(chart.querySelectorAll('[aria-label="dot"]')).filter((g) => g.querySelector('path'))]
    .map((g) => ink(g.outerHTML, width, height)!);
  return { labels, markers };
}

describe('figures that do not mislead', () => {
  it('train and test panels share levels and colours through surfaceScale; each colour bar labels its ends', () => {
    const s = surface2d(21, 17);
    // A test surface with a wider range: alone it gets a coarser level step, and its basin looks
    // different for no reason but the scale.
    const result = { ...s, test_loss: s.loss.map((row) => row.map((v) => Number((2.2 * v - 0.9).toPrecision(6)))) };
    // The bar's tick labels, left to right (its title is the one text in 11 px).
    const barLabels = (panels: Element[]) => Array.from(panels[0].querySelectorAll('[aria-label="text"]'))
      .filter((g) => g.getAttribute('font-size') === '10')
      .flatMap((g) => Array.from(g.querySelectorAll('text')))
      .map((t) => ({ text: t.textContent ?? '', x: Number(/translate\(([-\d.]+)/.exec(t.getAttribute('transform') ?? '')?.[1]) }))
      .sort((p, q) => p.x - q.x)
      .map((t) => t.text);
    const barFills = (panels: Element[]) => Array.from(panels[0].querySelectorAll('[aria-label="bar"] rect')).map((r) => r.getAttribute('fill'));
    const alone = [build((document) => charts.surfaceContour(result as never, { document }) as Element), build((document) => charts.surfaceContour(result as never, { document, metric: 'test_loss' }) as Element)];
    expect(barLabels(alone[0])).not.toEqual(barLabels(alone[1]));
    const scale = charts.surfaceScale([{ result: result as never }, { result: result as never, metric: 'test_loss' }]);
    const shared = [build((document) => charts.surfaceContour(result as never, { ...scale, document }) as Element), build((document) => charts.surfaceContour(result as never, { ...scale, document, metric: 'test_loss' }) as Element)];
    expect(barLabels(shared[0])).toEqual(barLabels(shared[1]));
    expect(barFills(shared[0])).toEqual(barFills(shared[1]));
    // Every band drawn in either panel has a colour of the bar.
    for (const panels of shared) {
      const fills = new Set(Array.from(panels[1].querySelectorAll('[aria-label="contour"] path')).map((p) => p.getAttribute('fill')));
      for (const f of fills) expect(barFills(panels)).toContain(f);
    }
    // The bar's ends are the grids' joint minimum and maximum (an oracle from the JSON), in bold.
    const all = [...result.loss.flat(), ...result.test_loss.flat()];
    const labels = barLabels(shared[0]);
    expect(labels[0]).toBe(p4(Math.min(...all)));
    expect(labels[labels.length - 1]).toBe(p4(Math.max(...all)));
    const bold = Array.from(shared[0][0].querySelectorAll('text')).filter((t) => t.getAttribute('font-weight') === 'bold' || t.parentElement?.getAttribute('font-weight') === 'bold').map((t) => t.textContent);
    expect(bold).toEqual(expect.arrayContaining([labels[0], labels[labels.length - 1]]));
    // Alone, each bar still shows its own minimum and maximum.
    const own = barLabels(alone[1]);
    expect([own[0], own[own.length - 1]]).toEqual([p4(Math.min(...result.test_loss.flat())), p4(Math.max(...result.test_loss.flat()))]);
    // Thresholds alone (no domain) also fix the colours: a panel whose range reaches only some of
    // the bands draws them in the colours the full set gives them.
    const narrow = { ...s, loss: s.loss.map((row) => row.map((v) => Math.min(v, 4.5))) };
    const wide = build((document) => charts.surfaceContour(result as never, { document, thresholds: scale.thresholds }) as Element);
    const part = build((document) => charts.surfaceContour(narrow as never, { document, thresholds: scale.thresholds }) as Element);
    expect(barFills(part).length).toBeLessThan(barFills(wide).length);
    for (const f of barFills(part)) expect(barFills(wide)).toContain(f);
    assertGolden('surface-contour-shared-test.svg', render((document) => charts.surfaceContour(result as never, { ...scale, document, metric: 'test_loss', title: 'Test loss, shared scale' }) as Element));
  });

  it('θ is marked at the origin of a 2-D and a 1-D surface, and not when the grid leaves it out', () => {
    const [, chart] = build((document) => charts.surfaceContour(surface2d() as never, { document }) as Element);
    const ring = chart.querySelector('[aria-label="theta"] circle')!;
    // The marker sits where the axes put 0: the tick labelled 0.0 on each axis.
    expect(Number(ring.getAttribute('cx'))).toBeCloseTo(ticks(chart, 'x').find((t) => t.label === '0.0')!.at, 6);
    expect(Number(ring.getAttribute('cy'))).toBeCloseTo(ticks(chart, 'y').find((t) => t.label === '0.0')!.at, 6);
    expect(texts(chart)).toContain('θ');
    const shifted = { ...surface2d(11, 11), x: surface2d(11, 11).x.map((a) => a + 2) };
    expect(build((document) => charts.surfaceContour(shifted as never, { document }) as Element)[1].querySelector('[aria-label="theta"]')).toBeNull();
    const [, named] = build((document) => charts.surfaceContour(surface2d() as never, { document, theta: 'θ (trained)' }) as Element);
    expect(texts(named)).toContain('θ (trained)');
    expect(build((document) => charts.surfaceContour(surface2d() as never, { document, theta: false }) as Element)[1].querySelector('[aria-label="theta"]')).toBeNull();

    const line = surface1d();
    const [loss] = build((document) => charts.surfaceLine(line as never, { document }) as Element);
    const mark = loss.querySelector('[aria-label="theta"] circle')!;
    expect(Number(mark.getAttribute('cx'))).toBeCloseTo(ticks(loss, 'x').find((t) => t.label === '0.0')!.at, 6);
    // On the curve: L(0) between the y ticks around it, linearly.
    const y = ticks(loss, 'y').map((t) => ({ v: Number(t.label), at: t.at }));
    const l0 = line.loss[line.x.indexOf(0)];
    const below = y.filter((t) => t.v <= l0).at(-1)!, above = y.find((t) => t.v > l0)!;
    expect(Number(mark.getAttribute('cy'))).toBeCloseTo(below.at + ((l0 - below.v) / (above.v - below.v)) * (above.at - below.at), 3);
  });

  it('labels do not collide: measured on the rendered image, none covers another or a marker', () => {
    // The PCA chart's crowded corner: the path ends at θ, one grid step from the grid minimum.
    const grid = surface2d();
    const result = { x: grid.x, y: grid.y, loss: grid.x.map((p) => grid.y.map((q) => Number((1 + 2 * (p + 0.1) ** 2 + (q - 0.125) ** 2 + 0.3 * p * q).toPrecision(6)))) };
    const a: number[] = [], b: number[] = [];
    for (let k = 0; k <= 12; k++) {
      a.push(Number((-0.7 * (1 - k / 12) ** 1.5).toPrecision(6)));
      b.push(Number((0.6 * Math.sin((Math.PI * (1 - k / 12)) / 2)).toPrecision(6)));
    }
    const [, chart] = build((document) => charts.surfaceContour(result as never, { document, trajectory: { a, b } }) as Element);
    const { labels, markers } = annotationInk(chart);
    expect(labels.map((l) => l.text)).toEqual(expect.arrayContaining(['θ', 'end', 'start']));
    expect(labels.some((l) => l.text.startsWith('min '))).toBe(true);
    expect(markers).toHaveLength(2); // θ and the star
    for (let i = 0; i < labels.length; i++) {
      for (let j = 0; j < i; j++) expect(meets(labels[i].box, labels[j].box), `${labels[i].text} / ${labels[j].text}`).toBe(false);
      for (const m of markers) expect(meets(labels[i].box, m), `${labels[i].text} on a marker`).toBe(false);
    }
    assertGolden('surface-contour-crowded.svg', render((document) => charts.surfaceContour(result as never, { document, trajectory: { a, b } }) as Element));

    // 1-D, θ at the minimum: two labels for one point.
    const x = Array.from({ length: 21 }, (_, k) => Number((-1 + k / 10).toFixed(1)));
    const [panel] = build((document) => charts.surfaceLine({ x, loss: x.map((v) => 0.2 + v * v) } as never, { document }) as Element);
    const one = annotationInk(panel);
    expect(one.labels.map((l) => l.text)).toEqual(['min 0.2 at 0', 'θ']);
    expect(meets(one.labels[0].box, one.labels[1].box)).toBe(false);
    for (const l of one.labels) for (const m of one.markers) expect(meets(l.box, m)).toBe(false);
  });

  it('an exact spectrum is drawn as a histogram of the density under the estimators', () => {
    const random = rng(5);
    // 300 eigenvalues: a cluster at 0, a negative tail and four outliers.
    const all = [...Array.from({ length: 296 }, (_, k) => (k % 5 === 0 ? -0.3 * random() : 0.02 * (random() - 0.5) + (k % 7 === 0 ? 0.8 * random() : 0))), 2.1, 4.8, 7.5, 10.5].sort((p, q) => q - p);
    const data = { ...spectrum(), spectrum: all };
    const svg = render((document) => charts.spectralDensity(data as never, { document, bins: 60 }) as Element);
    assertGolden('spectral-density-exact.svg', svg);
    const doc = svgDom(svg);
    // One bar per non-empty bin (counted here independently), the SLQ line, the top-k rules.
    const lo = Math.min(...all), hi = Math.max(...all), w = (hi - lo) / 60;
    const filled = new Set(all.map((v) => Math.min(59, Math.floor((v - lo) / w)))).size;
    expect(doc.querySelectorAll('[aria-label="rect"] rect').length).toBe(filled);
    expect(doc.querySelectorAll('[aria-label="line"] path').length).toBe(1);
    expect(doc.querySelectorAll('[aria-label="rule"] line').length).toBe(3);
    expect(texts(doc)).toEqual(expect.arrayContaining([`bars: all 300 eigenvalues (exact), λmin ${p4(lo)}`, 'line: density', 'rules: top 3', 'λmax 10.5']));
    // The exact spectrum alone (hessian --exact without --density): bars, extremes, no line or rules.
    const bare = svgDom(render((document) => charts.spectralDensity({ spectrum: all } as never, { document }) as Element));
    expect(bare.querySelectorAll('[aria-label="line"] path').length).toBe(0);
    expect(bare.querySelectorAll('[aria-label="rect"] rect').length).toBeGreaterThan(3);
    expect(texts(bare)).toContain(`bars: all 300 eigenvalues (exact), λmin ${p4(lo)}, λmax ${p4(hi)}`);
  });

  it('interpolation: "no barrier" when the path stays below the chord', () => {
    const t = Array.from({ length: 21 }, (_, k) => Number((-0.5 + k / 10).toFixed(1)));
    const loss = t.map((s) => Number((2.3 - 2 * s + 0.6 * s * s - (s > 0 && s < 1 ? 0.5 * Math.sin(Math.PI * s) : 0)).toPrecision(6)));
    const result = { t, loss, loss_a: 2.3, loss_b: 0.9, barrier: 0, barrier_t: 0 };
    const svg = render((document) => charts.interpolationPath(result as never, { document }) as Element);
    assertGolden('interpolation-no-barrier.svg', svg);
    const doc = svgDom(svg);
    expect(texts(doc)).toContain('no barrier (the path stays below the chord)');
    expect(texts(doc).some((s) => s.startsWith('barrier '))).toBe(false);
    const thick = Array.from(doc.querySelectorAll('[aria-label="rule"] line')).filter((l) => l.getAttribute('stroke-width') === '3' || l.parentElement?.getAttribute('stroke-width') === '3');
    expect(thick).toHaveLength(0);
  });

  it('training curves tick whole epochs', () => {
    for (const epochs of [3, 4, 7, 40]) {
      const panels = build((document) => charts.trainingCurves(training(epochs) as never, { document }) as Element);
      for (const panel of panels) {
        const labels = ticks(panel, 'x').map((t) => t.label);
        expect(labels.length).toBeGreaterThanOrEqual(2);
        for (const l of labels) expect(Number.isInteger(Number(l)), `${epochs} epochs: tick ${l}`).toBe(true);
      }
    }
  });
});
