/**
 * The explorer end to end in Debian's Chromium (`/usr/bin/chromium` through playwright-core; no
 * browser is downloaded), against a real server on a free loopback port.
 *
 * Numbers: the page shows the server's result, which is `runJob`'s — what `nnll surface --json`
 * prints (packages/cli/test/serve.test.ts checks the server against the CLI process itself) — to
 * 1e-6 relative. Jobs run in this browser use the same float32 kernel on Web Workers that shard the
 * samples differently (and may use the relaxed-SIMD build): float rounding only, checked to 1e-5
 * relative, as the notes' in-browser figures are.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportOnnx, runJob } from '@nnll/landscape';
import { loadModel, nodeBackends, nodeJobIO } from '@nnll/landscape/node';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../src/server.js';
import { tempWorkspace } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`explorer browser test skipped: ${CHROMIUM} not found (apt-get install chromium)`);

const SERVER_TOLERANCE = 1e-6;
const BROWSER_TOLERANCE = 1e-5;
const SPIRALS = { kind: 'surface', model: 'mlp:2-16-3:tanh', data: 'spirals', options: { x: '-1:1:11', y: '-1:1:11' } };
const LONG = { kind: 'surface', model: 'mlp:784-64-10:relu', data: 'mnist', options: { x: '-1:1:41', y: '-1:1:41' } };

type Grid = (number | null)[][];
interface Surface { x: number[]; y: number[]; loss: Grid; accuracy: Grid; complete: boolean; points_done: number; points_total: number }

/** Largest relative difference of two grids (null must match null). */
function maxRelative(a: Grid, b: Grid): number {
  let worst = 0;
  a.forEach((row, i) => row.forEach((v, j) => {
    const w = b[i][j];
    if (v === null || w === null) {
      expect(v).toBe(w);
      return;
    }
    worst = Math.max(worst, Math.abs(v - w) / Math.max(Math.abs(w), 1e-12));
  }));
  return worst;
}

const reference = (spec: object) => runJob(spec, { io: nodeJobIO(), backends: nodeBackends({ threads: 1 }) }) as Promise<Record<string, unknown>>;

describe.skipIf(!haveChromium)('the explorer in Chromium', () => {
  let workspace: string;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  const api = (p: string, init?: RequestInit) => fetch(new URL(p, server.url), init);
  const state = () => page.$eval('#view', (v) => (v as HTMLElement).dataset.state);
  const waitState = (states: string[], timeout = 300_000) => page.waitForFunction((s) => s.includes(document.querySelector<HTMLElement>('#view')?.dataset.state ?? ''), states, { timeout });
  const shown = <T>() => page.$eval('#view', (v) => (v as HTMLElement & { nnllResult?: unknown }).nnllResult) as Promise<T>;

  async function open(p: Page, url = server.url): Promise<void> {
    await p.goto(url);
    await p.waitForFunction(() => document.documentElement.dataset.explorer === 'ready');
  }

  async function fillSurface(p: Page, model: string, data: string, x: string, y: string): Promise<void> {
    await p.selectOption('#kind', 'surface');
    await p.selectOption('#model-choice', model);
    await p.selectOption('#data-choice', data);
    await p.fill('#opt-x', x);
    await p.fill('#opt-y', y);
  }

  beforeAll(async () => {
    workspace = tempWorkspace('nnll-web-browser-');
    server = await startServer({ port: 0, workspace, jobs: 1, threads: 1 });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
    });
    await open(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('runs an 11×11 surface of the built-in spirals model, drawn while it fills in, with the numbers runJob gives', async () => {
    // a long job holds the one runner, so the page follows the surface from before its first point
    const blocker = (await (await api('/api/jobs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(LONG) })).json()).id as string;
    await fillSurface(page, 'mlp:2-16-3:tanh', 'spirals', '-1:1:11', '-1:1:11');
    await expect.poll(() => page.textContent('#command-line')).toBe('nnll surface --model mlp:2-16-3:tanh --data spirals --x -1:1:11 --y -1:1:11 --ignore biasbn');
    expect(await page.textContent('#model-info')).toBe('builtin · 99 parameters in 4 tensors · input [N, 2] → output [N, 3] · cross-entropy');
    await page.click('#run-server');
    await waitState(['queued']);
    expect(await page.textContent('#view-status')).toBe('Waiting for a free runner…');
    await api(`/api/jobs/${blocker}`, { method: 'DELETE' });
    await waitState(['done']);
    const history = (await page.$eval('#view', (v) => (v as HTMLElement).dataset.liveHistory ?? '')).split(',').map(Number);
    // drawn first from the coarse grid, then as the rest arrived
    expect(history[0]).toBeGreaterThan(0);
    expect(history[0]).toBeLessThan(121);
    const contours = await page.$$eval('#view-figures [aria-label="contour"] path', (p) => p.length);
    expect(contours).toBeGreaterThanOrEqual(5);
    expect(await page.$$eval('#view-figures [aria-label="dot"] path', (p) => p.length)).toBeGreaterThanOrEqual(1);
    expect(await page.textContent('#view-summary')).toMatch(/^mlp:2-16-3:tanh on spirals: 11×11 surface/);

    const result = await shown<Surface>();
    const expected = (await reference(SPIRALS)) as unknown as Surface;
    expect(result.x).toEqual(expected.x);
    expect(result.y).toEqual(expected.y);
    const lossDiff = maxRelative(result.loss, expected.loss);
    const accDiff = maxRelative(result.accuracy, expected.accuracy);
    console.log(`explorer surface vs runJob: max relative difference loss ${lossDiff.toExponential(2)}, accuracy ${accDiff.toExponential(2)}`);
    expect(lossDiff).toBeLessThanOrEqual(SERVER_TOLERANCE);
    expect(accDiff).toBeLessThanOrEqual(SERVER_TOLERANCE);

    // the cursor reads the grid: keyboard from the centre, then the pointer; Enter and click open the slices
    const surface = page.locator('#view-figures svg[role=application]');
    await surface.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowUp');
    const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
    const four = (v: number) => String(Number(v.toPrecision(4)));
    expect(await page.textContent('#surface-readout')).toBe(`a = ${four(result.x[6])}, b = ${four(result.y[6])} · loss ${four(result.loss[6][6]!)} · accuracy ${pct(result.accuracy[6][6]!)}`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.slices [data-figure="slice-a"]');
    expect(await page.$eval('.slices', (s) => (s as HTMLElement).dataset.slice)).toBe('6,6');
    const box = (await surface.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.mouse.click(box.x + box.width * 0.1, box.y + box.height * 0.9);
    const cell = (await page.$eval('.slices', (s) => (s as HTMLElement).dataset.slice))!.split(',').map(Number);
    expect(cell[0]).toBeLessThan(3);
    expect(cell[1]).toBeLessThan(3);
    expect(await page.textContent('#surface-readout')).toContain(`loss ${four(result.loss[cell[0]][cell[1]]!)}`);

    // the downloaded JSON is the result
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#view-download')]);
    expect(JSON.parse(readFileSync((await download.path())!, 'utf8'))).toEqual(result);
  });

  it('reopens the figure from the address, from the history', async () => {
    const before = await shown<Surface>();
    const url = page.url();
    expect(decodeURIComponent(url)).toContain('#spec={"kind":"surface","model":"mlp:2-16-3:tanh","data":"spirals","seed":0,"options":{');
    const other = await context.newPage();
    try {
      await open(other, url);
      await other.waitForFunction(() => document.querySelector<HTMLElement>('#view')?.dataset.state === 'done');
      expect(await other.$eval('#view', (v) => (v as HTMLElement & { nnllResult?: unknown }).nnllResult)).toEqual(before);
      expect(await other.$$eval('#view-figures [aria-label="contour"] path', (p) => p.length)).toBeGreaterThanOrEqual(5);
      // a spec the server has not run: the form is filled in and the run button focused
      const fresh = url.replace('%22seed%22%3A0', '%22seed%22%3A7');
      await open(other, fresh);
      await other.waitForSelector('.notice');
      expect(await other.textContent('.notice')).toContain('not in this server\'s history');
      expect(await other.inputValue('#seed')).toBe('7');
      expect(await other.evaluate(() => document.activeElement?.id)).toBe('run-server');
    } finally {
      await other.close();
    }
  });

  it('runs the same job in this browser, on Web Workers, with the same numbers', async () => {
    const server = await shown<Surface>();
    await page.click('#view-edit');
    await page.click('#run-browser');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#view')?.dataset.where === 'browser');
    await waitState(['done', 'failed']);
    expect(await state()).toBe('done');
    expect(await page.textContent('#view-status')).toMatch(/^Done in \d+\.\d s in this browser \(wasm-(relaxed|plain), \d workers?\)\.$/);
    const local = await shown<Surface>();
    expect(local.x).toEqual(server.x);
    const diff = maxRelative(local.loss, server.loss);
    console.log(`explorer surface in the browser vs the server: max relative difference ${diff.toExponential(2)} (${await page.$eval('#view', (v) => (v as HTMLElement).dataset.backend)})`);
    expect(diff).toBeLessThanOrEqual(BROWSER_TOLERANCE);
    expect(decodeURIComponent(page.url())).toContain('&where=browser');
  });

  it('runs a job on the built-in mnist digits in this browser (fetched from the server), as the server does', async () => {
    await page.selectOption('#kind', 'eval');
    await page.selectOption('#model-choice', 'mlp:784-64-10:relu');
    await page.selectOption('#data-choice', 'mnist');
    await page.click('#run-browser');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#view')?.dataset.where === 'browser');
    await waitState(['done', 'failed']);
    const r = await shown<{ loss: number; accuracy: number; n: number }>();
    const expected = (await reference({ kind: 'eval', model: 'mlp:784-64-10:relu', data: 'mnist' })) as { loss: number; accuracy: number };
    expect(r.n).toBe(10_000);
    expect(Math.abs(r.loss - expected.loss) / expected.loss).toBeLessThanOrEqual(BROWSER_TOLERANCE);
    expect(r.accuracy).toBe(expected.accuracy);
  });

  it('runs a dropped ONNX file in this browser without uploading it', async () => {
    const model = await loadModel('mlp:2-16-3:tanh');
    await page.uncheck('#upload-to-server');
    await page.setInputFiles('#file-input', { name: 'dropped.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from(exportOnnx(model)) });
    await page.waitForFunction(() => document.querySelector('#file-status')?.textContent?.includes('dropped.onnx: kept in this browser'));
    expect(existsSync(path.join(workspace, 'dropped.onnx'))).toBe(false);
    await page.selectOption('#kind', 'eval');
    await page.selectOption('#model-choice', 'dropped.onnx');
    await page.selectOption('#data-choice', 'spirals');
    await expect.poll(() => page.isEnabled('#run-browser')).toBe(true);
    // a workspace file is not in this browser: the button says what to drop
    await page.fill('#model', 'model-on-server.onnx');
    await expect.poll(() => page.textContent('#browser-note')).toContain('drop model-on-server.onnx into the page');
    expect(await page.isDisabled('#run-browser')).toBe(true);
    await page.selectOption('#model-choice', 'dropped.onnx');
    await expect.poll(() => page.isEnabled('#run-browser')).toBe(true);
    await page.click('#run-browser');
    await waitState(['done', 'failed']);
    const r = await shown<{ loss: number; accuracy: number; model: { path: string } }>();
    const expected = (await reference({ kind: 'eval', model: 'mlp:2-16-3:tanh', data: 'spirals' })) as { loss: number; accuracy: number };
    expect(r.model.path).toBe('dropped.onnx');
    expect(Math.abs(r.loss - expected.loss) / expected.loss).toBeLessThanOrEqual(BROWSER_TOLERANCE);
    expect(r.accuracy).toBe(expected.accuracy);
    await page.check('#upload-to-server');
  });

  it('uploads a file dropped on the page into the workspace, checked, with its info in the picker', async () => {
    const model = await loadModel('mlp:2-16-3:tanh', { seed: 3 });
    const bytes = [...exportOnnx(model)];
    await page.evaluate((data) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], 'net.onnx'));
      document.querySelector('#drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, bytes);
    await page.waitForFunction(() => document.querySelector('#file-status')?.textContent?.includes('net.onnx: uploaded to the workspace (99 parameters)'));
    expect(readFileSync(path.join(workspace, 'net.onnx'))).toEqual(Buffer.from(bytes));
    await page.selectOption('#kind', 'eval');
    await expect.poll(() => page.$$eval('#model-choice option', (o) => o.map((x) => x.textContent))).toContain('net.onnx (99 parameters)');
    await page.selectOption('#model-choice', 'net.onnx');
    await expect.poll(() => page.textContent('#model-info')).toBe(`onnx · 99 parameters in 4 tensors · input [N, 2] → output [N, 3] · cross-entropy · ${bytes.length} B`);
    // a file that is not what its name says is refused with one line, and nothing is stored
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['not a zip'], 'broken.npz'));
      document.querySelector('#drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => document.querySelector('#file-status .bad')?.textContent?.startsWith('broken.npz: refused by the server — broken.npz: '));
    expect(existsSync(path.join(workspace, 'broken.npz'))).toBe(false);
    problems.splice(0, problems.length, ...problems.filter((p) => !p.includes('/api/files?name=broken.npz') && !p.includes('status of 400')));
  });

  it('opens result files as figures, and a study\'s runs as a table with each measure against the gap', async () => {
    const surface = await (await api('/api/jobs')).json().then((r) => r.jobs.find((j: { status: string; spec: { kind: string } }) => j.status === 'done' && j.spec.kind === 'surface'));
    const result = (await (await api(`/api/jobs/${surface.id}`)).json()).result;
    // a real study result (checked against the study kind's result schema when opened): 3 batch sizes × 2 seeds
    const study = await runJob(
      { kind: 'study', model: 'mlp:2-6-3:relu', data: 'spirals:n=60', test: 'spirals:n=40,seed=4', seed: 0, options: { design: 'batch-size', lrs: '0.1', batch_sizes: [15, 30, 60], seeds: [0, 1], epochs: 1, measures: ['lambda_max', 'eps_sharpness'], eps: [1e-3], ascent_iter: 3, keskar_points: 5 } },
      { io: nodeJobIO(), backends: nodeBackends({ threads: 1 }) },
    );
    await page.setInputFiles('#file-input', [
      { name: 'surface.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(result)) },
      { name: 'study.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(study)) },
      { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...result, loss: 'flat' })) },
    ]);
    await page.waitForFunction(() => document.querySelector('#file-status')?.textContent?.includes('study.json: opened as a study result'));
    expect(await page.textContent('#file-status')).toContain('surface.json: opened as a surface result');
    expect(await page.textContent('#file-status .bad')).toBe('bad.json: invalid loss: "flat"');
    // the study is on show (the last good file opened)
    expect(await page.textContent('#view-status')).toBe('Opened from study.json.');
    expect(await page.$$eval('table[data-table="runs"] tbody tr', (r) => r.length)).toBe(6);
    const panels = await page.$$eval('.dashboard figure', (f) => f.map((x) => (x as HTMLElement).dataset.figure));
    expect(panels).toEqual(expect.arrayContaining(['gap-train_loss', 'gap-test_loss', 'gap-lambda_max', 'gap-eps_sharpness[0.001]']));
    expect(panels).not.toContain('gap-seed');
    // the surface file draws as the server's job did
    await page.click('#job-list li[data-key^="b:f"] .open >> text=surface.json (opened from a file)');
    await waitState(['done']);
    expect(await shown()).toEqual(result);
    expect(await page.$$eval('#view-figures [aria-label="contour"] path', (p) => p.length)).toBeGreaterThanOrEqual(5);
  });

  it('cancels a long job from the page and keeps its partial result', async () => {
    await fillSurface(page, 'mlp:784-64-10:relu', 'mnist', '-1:1:41', '-1:1:41');
    await page.click('#run-server');
    await page.waitForFunction(() => Number((document.querySelector<HTMLElement>('#view')?.dataset.liveHistory ?? '0').split(',')[0]) > 0, null, { timeout: 300_000 });
    await page.click('#view-cancel');
    await waitState(['cancelled']);
    expect(await page.textContent('#view-status')).toBe('Cancelled: the partial result is kept (resumable).');
    const partial = await shown<Surface>();
    expect(partial.complete).toBe(false);
    expect(partial.points_done).toBeGreaterThan(0);
    expect(partial.points_done).toBeLessThan(41 * 41);
    // points not computed are drawn grey, not guessed
    expect(await page.$$eval('#view-figures [aria-label="rect"] rect', (r) => r.length)).toBe(41 * 41 - partial.points_done);
    expect(await page.isVisible('#view-resume')).toBe(true);
    const item = page.locator('#job-list li[data-status="cancelled"]').first();
    expect(await item.locator('.resume').isVisible()).toBe(true);
  });

  it('runs a Hessian job with the exact spectrum under the estimators', async () => {
    await page.selectOption('#kind', 'hessian');
    await page.selectOption('#model-choice', 'mlp:2-16-3:tanh');
    await page.selectOption('#data-choice', 'spirals');
    await page.fill('#opt-top_k', '3');
    await page.check('#opt-density');
    await page.check('#opt-exact');
    await page.click('#run-server');
    await waitState(['done', 'failed']);
    expect(await state()).toBe('done');
    const r = await shown<{ eigenvalues: number[]; spectrum: number[] }>();
    const expected = (await reference({ kind: 'hessian', model: 'mlp:2-16-3:tanh', data: 'spirals', options: { top_k: 3, density: true, exact: true } })) as { eigenvalues: number[] };
    r.eigenvalues.forEach((v, k) => expect(Math.abs(v - expected.eigenvalues[k]) / Math.abs(expected.eigenvalues[k])).toBeLessThanOrEqual(SERVER_TOLERANCE));
    expect(r.spectrum).toHaveLength(99);
    expect(await page.$$eval('#view-figures figure[data-figure="spectrum"] svg', (s) => s.length)).toBeGreaterThanOrEqual(1);
    expect(await page.textContent('#view-summary')).toMatch(/top 3: [\d.]+, [\d.]+, [\d.]+; eig_min -?[\d.]+; trace/);
  });

  it('runs a training job: curves drawn per epoch, the history as a table', async () => {
    await page.selectOption('#kind', 'train');
    await page.selectOption('#model-choice', 'mlp:2-16-3:tanh');
    await page.selectOption('#data-choice', 'spirals');
    await page.selectOption('#opt-optimizer', 'momentum');
    await page.fill('#opt-lr', '0.05');
    await page.fill('#opt-epochs', '8');
    await page.fill('#opt-batch_size', '32');
    await page.click('#run-server');
    await waitState(['done', 'failed']);
    expect(await state()).toBe('done');
    const r = await shown<{ history: unknown[]; final: { train_loss: number } }>();
    expect(r.history).toHaveLength(8);
    expect(await page.$$eval('#view-figures figure[data-figure="training"] svg', (s) => s.length)).toBeGreaterThanOrEqual(1);
    expect(await page.$$eval('table[data-table="history"] tbody tr', (rows) => rows.length)).toBe(8);
  });

  it('flags invalid values before anything is sent', async () => {
    await page.selectOption('#kind', 'surface');
    const before = (await (await api('/api/jobs')).json()).jobs.length;
    await page.fill('#opt-x', '1:-1:5');
    await expect.poll(() => page.textContent('#opt-x-error')).toBe('invalid x: "1:-1:5" (expected min:max:num with min < max and num ≥ 1, e.g. -1:1:51)');
    expect(await page.getAttribute('#opt-x', 'aria-invalid')).toBe('true');
    await page.fill('#opt-y', '-1:1:20000');
    await expect.poll(() => page.textContent('#opt-y-error')).toBe('invalid y: "-1:1:20000" (at most 10,001 values)');
    await page.fill('#opt-y', '-1:1:11');
    await page.fill('#opt-x', '-1:1:1001');
    await page.fill('#opt-y', '-1:1:1001');
    await page.click('#run-server');
    await expect.poll(() => page.textContent('#opt-y-error')).toBe('invalid y: "-1:1:1001" (1,001 × 1,001 = 1,002,001 grid points, at most 1,000,000)');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('opt-y');
    expect((await (await api('/api/jobs')).json()).jobs.length).toBe(before);
    await page.fill('#opt-x', '-1:1:11');
    await page.fill('#opt-y', '-1:1:11');
  });

  it('compares two surfaces side by side with one colour scale', async () => {
    await fillSurface(page, 'mlp:2-16-3:tanh', 'spirals', '-1:1:11', '-1:1:11');
    await page.fill('#seed', '1');
    await page.click('#run-server');
    await waitState(['done']);
    const ids = await page.$$eval('#job-list li[data-status="done"]', (items) => items.filter((li) => li.textContent?.includes('surface mlp:2-16-3:tanh')).map((li) => (li as HTMLElement).dataset.key!));
    for (const key of ids.slice(0, 2)) await page.check(`#job-list li[data-key="${key}"] .compare`);
    await page.click('#compare-button');
    await waitState(['compare']);
    const bars = await page.$$eval('.compare > section', (sections) => sections.map((s) => [...s.querySelectorAll('svg')][0]?.textContent ?? ''));
    expect(bars).toHaveLength(2);
    // the colour bars label the same levels and ends
    expect(bars[0]).toBe(bars[1]);
    expect(await page.textContent('#view-status')).toMatch(/^Both drawn with one colour scale/);
  });

  it('is usable from the keyboard, every control labelled, and fits 1280×800 and a phone', async () => {
    const unlabelled = await page.$$eval('input, select, button', (els) => els.filter((e) => {
      const el = e as HTMLInputElement;
      if (el.type === 'file' || el.closest('[hidden]')) return false;
      return !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (el.tagName === 'BUTTON' && el.textContent?.trim()));
    }).map((e) => e.outerHTML.slice(0, 80)));
    expect(unlabelled).toEqual([]);
    // from the top of the page, Tab goes through the form in order
    await open(page);
    const reached: string[] = [];
    for (let k = 0; k < 6; k++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.className || ''));
    }
    expect(reached).toEqual(['skip', 'kind', 'model-choice', 'model', 'data-choice', 'data']);
    for (const [w, h] of [[1280, 800], [390, 844]]) {
      await page.setViewportSize({ width: w, height: h });
      await page.waitForTimeout(100);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${w}×${h}`).toBeLessThanOrEqual(0);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('showed no errors: no policy violation, failed request or script error', () => {
    // the 409/400s a test provoked on purpose are API answers, not page loads
    expect(problems.filter((p) => !/\/api\/jobs\/[a-z0-9]+ /.test(p))).toEqual([]);
  });
});
