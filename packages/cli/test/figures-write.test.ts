import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figureFormat, renderHtml, renderSvg, writeFigure } from '../src/figures/index.js';
import { type Charts, interpolation, loadCharts } from '../../landscape/test/figures-data.js';

let charts: Charts;
const dir = mkdtempSync(path.join(tmpdir(), 'nnll-figures-'));
beforeAll(async () => {
  charts = await loadCharts();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFigure', () => {
  const factory = (document: Document) => charts.interpolationPath(interpolation() as never, { document });

  it('chooses the format by extension and leaves no temporary file', async () => {
    await writeFigure(path.join(dir, 'a.svg'), factory);
    await writeFigure(path.join(dir, 'a.png'), factory, { width: 320 });
    await writeFigure(path.join(dir, 'a.html'), factory, { title: 'Interpolation <A→B>', data: interpolation() });
    expect(readdirSync(dir).sort()).toEqual(['a.html', 'a.png', 'a.svg']);
    expect(readFileSync(path.join(dir, 'a.svg'), 'utf8')).toBe(renderSvg(factory));
    expect(readFileSync(path.join(dir, 'a.png')).subarray(1, 4).toString()).toBe('PNG');
    const html = readFileSync(path.join(dir, 'a.html'), 'utf8');
    expect(html).toContain('<title>Interpolation &lt;A→B&gt;</title>');
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="https?:/); // self-contained
    const json = /<script type="application\/json" id="nnll-data">(.*?)<\/script>/s.exec(html)![1];
    expect(JSON.parse(json)).toEqual(interpolation());
  });

  it('escapes data that would close the script element', () => {
    const html = renderHtml('<svg xmlns="http://www.w3.org/2000/svg"></svg>', { data: { note: '</script><b>' } });
    expect(html).not.toContain('</script><b>');
    const json = /<script type="application\/json" id="nnll-data">(.*?)<\/script>/s.exec(html)![1];
    expect(JSON.parse(json)).toEqual({ note: '</script><b>' });
  });

  it('rejects other extensions before rendering', async () => {
    expect(figureFormat('x.PNG')).toBe('png');
    expect(() => figureFormat('plot.jpg')).toThrow('invalid plot file: plot.jpg (expected .svg, .png or .html)');
    await expect(writeFigure(path.join(dir, 'b.pdf'), factory)).rejects.toThrow('invalid plot file');
  });
});
