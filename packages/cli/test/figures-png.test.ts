import { Resvg } from '@resvg/resvg-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { pngFont, renderPng, renderSvg } from '../src/figures/index.js';
import { type Charts, loadCharts, surface2d, training } from '../../landscape/test/figures-data.js';

let charts: Charts;
beforeAll(async () => {
  charts = await loadCharts();
});

/** Width and height from the PNG's IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('PNG', () => {
  it('renders a chart at the requested width, keeping the aspect ratio', () => {
    const svg = renderSvg((document) => charts.surfaceContour(surface2d() as never, { document, title: 'Loss surface' }));
    const [w, h] = [Number(/width="(\d+)"/.exec(svg)![1]), Number(/height="(\d+)"/.exec(svg)![1])];
    const png = renderPng(svg, { width: 800 });
    const size = pngSize(png);
    expect(size.width).toBe(800);
    expect(size.height).toBe(Math.round((800 * h) / w));
    expect(png.length).toBeGreaterThan(20_000);
    expect(pngSize(renderPng(svg)).width).toBe(2 * w); // default: 2× for high-DPI screens
  });

  it('draws text with the chosen font', () => {
    const font = pngFont();
    if (!font) return; // no known font file: resvg falls back to the system fonts, if any
    const blank = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"></svg>';
    const text = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" font-family="system-ui, sans-serif"><text x="10" y="28" font-size="20">loss 0.25</text></svg>';
    const ink = (svg: string) => {
      const image = new Resvg(svg, { background: 'white', font: { loadSystemFonts: false, fontFiles: font.files, defaultFontFamily: font.family, sansSerifFamily: font.family } }).render();
      let dark = 0;
      for (let k = 0; k < image.pixels.length; k += 4) if (image.pixels[k] < 128) dark++;
      return dark;
    };
    expect(ink(blank)).toBe(0);
    expect(ink(text)).toBeGreaterThan(100);
  });

  it('rejects a bad width', () => {
    const svg = renderSvg((document) => charts.trainingCurves(training() as never, { document }));
    expect(() => renderPng(svg, { width: 0 })).toThrow('invalid width: 0');
  });
});
