/**
 * A built page in Debian's Chromium (`/usr/bin/chromium`, driven by playwright-core; no browser is
 * downloaded). The test serves the site itself on 127.0.0.1 with a random port.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, createSiteHandler, serveSite, toNodeListener } from '../src/index.js';
import { postsDir } from './snapshot.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`browser test skipped: ${CHROMIUM} not found (apt-get install chromium)`);

describe.skipIf(!haveChromium)('in Chromium', () => {
  let work: string;
  let server: Server;
  let base: string;
  let browser: import('playwright-core').Browser;

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'notes-browser-'));
    await buildSite(postsDir, { out: path.join(work, 'site') });
    server = createServer(toNodeListener(createSiteHandler({ root: path.join(work, 'site'), basePath: '/notes' })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notes/`;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    rmSync(work, { recursive: true, force: true });
  });

  it('shows rendered math and a figure with marks, and reflows on a phone', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, javaScriptEnabled: false });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('response', (res) => {
      if (res.status() >= 400) errors.push(`${res.status()} ${res.url()}`);
    });
    const response = await page.goto(`${base}posts/basin-geometry-and-filter-normalization/`);
    expect(response?.status()).toBe(200);
    await page.evaluate(() => document.fonts.ready);

    const math = await page.$$eval('.katex', (nodes) => nodes.map((n) => {
      const box = n.getBoundingClientRect();
      return { width: box.width, height: box.height, display: !!n.closest('.katex-display') };
    }));
    expect(math.length).toBe(2);
    for (const box of math) {
      expect(box.width).toBeGreaterThan(10);
      expect(box.height).toBeGreaterThan(5);
    }
    // KaTeX's stylesheet loaded: its MathML copy is visually hidden (1px clip), the HTML rendering shows
    const mathml = await page.$eval('.katex-mathml', (n) => n.getBoundingClientRect().width);
    expect(mathml).toBeLessThanOrEqual(1);
    const font = await page.$eval('.katex-html .mord', (n) => getComputedStyle(n).fontFamily);
    expect(font).toContain('KaTeX');

    const figure = await page.$eval('figure.nnll-figure svg[viewBox="0 0 640 480"]', (svg) => {
      const box = svg.getBoundingClientRect();
      return { width: box.width, height: box.height, paths: svg.querySelectorAll('[aria-label="contour"] path').length, star: svg.querySelectorAll('[aria-label="dot"] path').length };
    });
    expect(figure.width).toBeGreaterThan(300);
    expect(figure.height).toBeGreaterThan(150);
    expect(figure.paths).toBeGreaterThanOrEqual(5);
    expect(figure.star).toBe(1);

    // phone: no horizontal page scroll, the chart scales down to the column
    await page.setViewportSize({ width: 375, height: 740 });
    const layout = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      chart: document.querySelector('figure.nnll-figure svg[viewBox="0 0 640 480"]')!.getBoundingClientRect().width,
    }));
    expect(layout.scroll).toBeLessThanOrEqual(layout.client);
    expect(layout.chart).toBeLessThanOrEqual(375);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('serveSite adds a live hook that marks figures and raises no errors', async () => {
    const live = await serveSite(postsDir, { port: 0, watch: false });
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('response', (res) => {
        if (res.status() >= 400) errors.push(`${res.status()} ${res.url()}`);
      });
      await page.goto(`${live.url}posts/mode-connectivity/`);
      await page.waitForFunction(() => document.documentElement.dataset.nnllServed === 'true');
      const marks = await page.$$eval('figure.nnll-figure', (figures) => figures.map((f) => (f as HTMLElement).dataset.nnllLive));
      expect(marks).toEqual(['capable', 'capable', 'capable', 'capable', 'capable']);
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await live.close();
    }
  });
});

it.skipIf(haveChromium)(`browser test skipped: ${CHROMIUM} not found`, () => {
  expect(haveChromium).toBe(false);
});
