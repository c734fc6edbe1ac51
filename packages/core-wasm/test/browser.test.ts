// The shipped .wasm loads in a real browser (Debian's Chromium through playwright-core), from the
// built dist/ over HTTP, on the main thread, one instance per Web Worker and as a Web Worker pool, and computes what
// Node computes. Same build, same inputs: results agree to float32 rounding of sums taken in a
// different grouping (workers), 1e-6 relative; the main-thread plain build agrees exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHROMIUM = '/usr/bin/chromium';
const root = fileURLToPath(new URL('..', import.meta.url));
const built = existsSync(join(root, 'dist', 'index.js'));
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html', '.wasm': 'application/wasm', '.map': 'application/json' };

describe.skipIf(!existsSync(CHROMIUM) || !built)('kernel in Chromium', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const path = normalize(join(root, decodeURIComponent(new URL(req.url!, 'http://x').pathname)));
      if (!path.startsWith(root)) return void res.writeHead(403).end();
      try {
        const body = await readFile(path);
        res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const a = server.address();
    base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('computes the loss, gradient and HVP Node computes, in the page and in two Web Workers', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${base}/test/browser/index.html`);
      await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, null, { timeout: 300_000 });
      const got = (await page.evaluate(() => (window as unknown as { result: unknown }).result)) as {
        error?: string;
        plain: { flavor: string; loss: number; accuracy: number; grad: number[]; hv: number[] };
        auto: { flavor: string; loss: number; grad: number[] };
        workers: { lossSum: number; correct: number }[];
        pool: { threads: number; loss: number; grad: number[]; hv: number[] };
      };
      expect(got.error).toBeUndefined();
      const { Kernel } = await import('../dist/index.js');
      const { browserCase } = await import('./browser/case.js');
      const c = browserCase();
      const k = await Kernel.create(c.program, { simd: 'plain' });
      k.setParams(c.theta);
      k.setData({ x: c.x, labels: c.labels });
      const L = k.loss();
      expect(got.plain.flavor).toBe('plain');
      expect(got.plain.loss).toBe(L.loss);
      expect(got.plain.accuracy).toBe(L.accuracy);
      expect(got.plain.grad).toEqual(Array.from(k.gradient().gradient));
      expect(got.plain.hv).toEqual(Array.from(k.hvp(c.v).hv));
      // Current Chromium has relaxed SIMD, so 'auto' picks the fused build.
      expect(got.auto.flavor).toBe('relaxed');
      expect(Math.abs(got.auto.loss - L.loss) / L.loss).toBeLessThan(1e-6);
      const sum = got.workers.reduce((s, w) => s + w.lossSum, 0);
      expect(Math.abs(sum / c.n - L.loss) / L.loss).toBeLessThan(1e-6);
      expect(got.workers.reduce((s, w) => s + w.correct, 0)).toBe(Math.round(L.accuracy! * c.n));
      // The Web Worker pool: two shards, sums added; float32 regrouping only.
      expect(got.pool.threads).toBe(2);
      expect(Math.abs(got.pool.loss - L.loss) / L.loss).toBeLessThan(1e-6);
      const rel = (a: number[], b: Float64Array) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / b.reduce((s, v) => s + v * v, 0));
      expect(rel(got.pool.grad, k.gradient().gradient)).toBeLessThan(1e-5);
      expect(rel(got.pool.hv, k.hvp(c.v).hv)).toBeLessThan(1e-5);
    } finally {
      await browser.close();
    }
  });
});
