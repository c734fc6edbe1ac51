/**
 * The in-page recompute in Debian's Chromium (`/usr/bin/chromium` through playwright-core; no
 * browser is downloaded) against `serveSite` on 127.0.0.1 with a random port.
 *
 * Tolerance: the page runs the same float32 WebAssembly kernel on the same data, directions and
 * parameters as the build, but on a pool of Web Workers that split the samples into shards, so the
 * per-shard loss sums are added in a different order (and the kernel flavour, relaxed or plain
 * SIMD, may differ from Node's). That changes float32 rounding only: about 1e-7 relative per
 * point, so 1e-5 relative leaves a wide margin while still catching any real difference (another
 * direction, seed or data set moves the loss by 1e-2 or more).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NotesServer, serveSite } from '../src/index.js';
import { cachedList, cachedResults, writeLivePosts } from './live-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`live browser test skipped: ${CHROMIUM} not found (apt-get install chromium)`);

const RELATIVE_TOLERANCE = 1e-5;
const DIGITS_BLOCK = 'surface --model mlp:784-16-10:relu --data mnist --x -1:1:3 --y -1:1:3';

function expectClose(actual: number[], expected: number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i];
    expect(Math.abs(a - e) / Math.max(Math.abs(e), 1e-12), `${what}[${i}]: ${a} vs ${e}`).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
  });
}

describe.skipIf(!haveChromium)('recompute in the browser', () => {
  let work: string;
  let server: NotesServer;
  let browser: import('playwright-core').Browser;

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'notes-live-browser-'));
    writeLivePosts(path.join(work, 'posts'));
    // the built-in mnist digits (the page fetches them from the server) and a 784-input model
    writeFileSync(path.join(work, 'posts', 'notes', 'digits.md'), ['# Digits', '', '```nnll', DIGITS_BLOCK, '```', ''].join('\n'));
    server = await serveSite(path.join(work, 'posts'), { port: 0, host: '127.0.0.1', out: path.join(work, 'site'), watch: false });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('re-runs the blocks with the WebAssembly kernel and redraws figures that match the build', { timeout: 300_000 }, async () => {
    const built = cachedResults(path.join(work, 'site', '.cache'));
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('response', (res) => {
      if (res.status() >= 400) errors.push(`${res.status()} ${res.url()}`);
    });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    await page.goto(`${server.url}posts/small-landscapes/`);
    await page.waitForFunction(() => document.documentElement.dataset.nnllLiveClient === 'ready');
    expect(await page.$$eval('button.nnll-recompute', (buttons) => buttons.map((b) => b.textContent))).toEqual([
      'Recompute in browser',
      'Recompute in browser',
      'Recompute in browser',
    ]);

    const surface = 'figure[data-nnll-command="surface"]';
    // tag the build-time drawing so the test can tell it was replaced
    await page.$eval(`${surface} .nnll-chart svg`, (svg) => svg.setAttribute('data-test-built', ''));
    const progress: string[] = [];
    await page.exposeFunction('recordStatus', (text: string) => progress.push(text));
    await page.$eval(`${surface} .nnll-live-status`, (status) => {
      new MutationObserver(() => (window as unknown as { recordStatus(t: string): void }).recordStatus(status.textContent ?? '')).observe(status, { childList: true, characterData: true, subtree: true });
    });
    await page.click(`${surface} button.nnll-recompute`);
    await page.waitForFunction((selector) => document.querySelector<HTMLElement>(selector)?.dataset.nnllLiveState !== 'running', surface, { timeout: 300_000 });
    const after = await page.$eval(surface, (figure) => {
      const f = figure as HTMLElement & { nnllResult?: { x: number[]; y: number[]; loss: number[][] } };
      return {
        state: f.dataset.nnllLiveState,
        status: f.querySelector('.nnll-live-status')?.textContent ?? '',
        builtSvgLeft: f.querySelectorAll('[data-test-built]').length,
        contourPaths: f.querySelectorAll('.nnll-chart [aria-label="contour"] path').length,
        stars: f.querySelectorAll('.nnll-chart [aria-label="dot"] path').length,
        caption: f.querySelector('figcaption')?.textContent ?? '',
        result: f.nnllResult,
      };
    });
    expect(after.status).toMatch(/^Recomputed in this browser in \d+\.\d\d s \(wasm-(relaxed|plain), \d workers?\)\.$/);
    expect(after.state).toBe('done');
    expect(after.builtSvgLeft).toBe(0); // redrawn
    expect(after.contourPaths).toBeGreaterThanOrEqual(5);
    expect(after.stars).toBe(1);
    expect(after.caption).toContain('Small MLP');
    expect(progress.some((text) => /^Computing: \d+ of 121 points$/.test(text))).toBe(true);
    const expected = built.surface as { x: number[]; y: number[]; loss: number[][] };
    expect(after.result!.x).toEqual(expected.x);
    expect(after.result!.y).toEqual(expected.y);
    expectClose(after.result!.loss.flat(), expected.loss.flat(), 'surface loss');

    // ONNX models fetched from the posts folder, relative to the post
    const interpolate = 'figure[data-nnll-command="interpolate"]';
    await page.click(`${interpolate} button.nnll-recompute`);
    await page.waitForFunction((selector) => document.querySelector<HTMLElement>(selector)?.dataset.nnllLiveState !== 'running', interpolate, { timeout: 300_000 });
    expect(await page.$eval(`${interpolate} .nnll-live-status`, (status) => status.textContent)).toMatch(/^Recomputed in this browser/);
    const line = await page.$eval(interpolate, (figure) => (figure as HTMLElement & { nnllResult?: { loss: number[]; barrier: number } }).nnllResult!);
    const expectedLine = built.interpolate as { loss: number[]; barrier: number };
    expectClose(line.loss, expectedLine.loss, 'interpolation loss');
    expectClose([line.barrier], [expectedLine.barrier], 'barrier');

    // Hessian: Lanczos on exact HVPs; its converged top eigenvalues agree to the same tolerance
    const hessian = 'figure[data-nnll-command="hessian"]';
    await page.click(`${hessian} button.nnll-recompute`);
    await page.waitForFunction((selector) => document.querySelector<HTMLElement>(selector)?.dataset.nnllLiveState !== 'running', hessian, { timeout: 300_000 });
    expect(await page.$eval(`${hessian} .nnll-live-status`, (status) => status.textContent)).toMatch(/^Recomputed in this browser/);
    const spectrum = await page.$eval(hessian, (figure) => (figure as HTMLElement & { nnllResult?: { eigenvalues: number[] } }).nnllResult!);
    expectClose(spectrum.eigenvalues, (built.hessian as { eigenvalues: number[] }).eigenvalues, 'eigenvalues');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('recomputes on the built-in mnist digits served by the server', async () => {
    const expected = cachedList(path.join(work, 'site', '.cache')).find((r) => r.data.path === 'mnist') as { loss: number[][] };
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}posts/digits/`);
      await page.waitForFunction(() => document.documentElement.dataset.nnllLiveClient === 'ready');
      await page.click('button.nnll-recompute');
      await page.waitForFunction(() => document.querySelector<HTMLElement>('figure[data-nnll-args]')?.dataset.nnllLiveState !== 'running', null, { timeout: 300_000 });
      expect(await page.$eval('.nnll-live-status', (status) => status.textContent)).toMatch(/^Recomputed in this browser/);
      const result = await page.$eval('figure[data-nnll-args]', (figure) => (figure as HTMLElement & { nnllResult?: { loss: number[][]; n: number } }).nnllResult!);
      expect(result.n).toBe(10_000);
      expectClose(result.loss.flat(), expected.loss.flat(), 'mnist surface loss');
    } finally {
      await page.close();
    }
  });
});

it.skipIf(haveChromium)(`live browser test skipped: ${CHROMIUM} not found`, () => {
  expect(haveChromium).toBe(false);
});
