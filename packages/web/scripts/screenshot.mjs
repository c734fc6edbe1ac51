// The README's screenshot of the explorer (docs/explorer.png): a server over a fresh workspace, a
// few jobs in its history — the demo's MLP trained on the mnist digits, then its loss surface, on
// show with the cursor on it — at 1280×800 in Debian's Chromium.
//   node packages/web/scripts/screenshot.mjs      (after pnpm build)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../dist/index.js';

const out = fileURLToPath(new URL('../docs/explorer.png', import.meta.url));
const workspace = mkdtempSync(path.join(os.tmpdir(), 'nnll-screenshot-'));
const server = await startServer({ port: 0, workspace, jobs: 1 });
const post = async (spec) => (await (await fetch(`${server.url}api/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) })).json()).id;
const done = async (id) => {
  for (;;) {
    const j = await (await fetch(`${server.url}api/jobs/${id}`)).json();
    if (!['queued', 'running'].includes(j.status)) return j;
    await new Promise((r) => setTimeout(r, 200));
  }
};
await done(await post({ kind: 'train', model: 'mlp:2-32-32-3:tanh', data: 'spirals', options: { optimizer: 'momentum', lr: 0.05, batch_size: 32, epochs: 20 } }));
await done(await post({ kind: 'hessian', model: 'mlp:2-16-3:tanh', data: 'spirals', options: { top_k: 3, density: true, exact: true } }));
await done(await post({ kind: 'train', model: 'mlp:784-64-10:relu', data: 'mnist', options: { optimizer: 'momentum', lr: 0.05, batch_size: 128, epochs: 3, save: 'digits.onnx' } }));
const surface = { kind: 'surface', model: 'digits.onnx', data: 'mnist', options: { x: '-1:1:31', y: '-1:1:31' } };
await done(await post(surface));

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.goto(`${server.url}#${new URLSearchParams({ spec: JSON.stringify({ ...surface, seed: 0, options: { ...surface.options, norm: 'filter', ignore: 'biasbn' } }) })}`);
await page.waitForFunction(() => document.querySelector('#view')?.dataset.state === 'done');
await page.click('#view-edit'); // the form shows the job on show
await page.waitForFunction(() => document.querySelector('#model-info')?.textContent !== '');
const svg = page.locator('#view-figures svg[role=application]');
await svg.focus();
for (const key of ['ArrowRight', 'ArrowRight', 'ArrowUp', 'Enter']) await page.keyboard.press(key);
await page.evaluate(() => window.scrollTo(0, 0));
await page.screenshot({ path: out });
await browser.close();
await server.close();
rmSync(workspace, { recursive: true, force: true });
console.log(`wrote ${out}`);
