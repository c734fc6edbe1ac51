/** What the development server serves for the in-page recompute, and what it refuses. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, createSiteHandler } from '../src/index.js';
import { writeLivePosts } from './live-fixture.js';

let work: string;
let posts: string;
let site: string;
beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'notes-live-serve-'));
  posts = path.join(work, 'posts');
  writeLivePosts(posts);
  writeFileSync(path.join(work, 'secret.onnx'), 'outside');
  symlinkSync(path.join(work, 'secret.onnx'), path.join(posts, 'models', 'linked.onnx'));
  mkdirSync(path.join(posts, '.hidden'));
  writeFileSync(path.join(posts, '.hidden', 'm.onnx'), 'hidden');
  site = path.join(work, 'site');
  await buildSite(posts, { out: site });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('live assets', () => {
  const get = (url: string, live = true) =>
    createSiteHandler({ root: site, basePath: '/notes', live, posts: realpathSync(posts) })(new Request(`http://x${url}`));

  it('pages load the client and may compile WebAssembly; built pages do neither', async () => {
    const page = (await get('/notes/posts/small-landscapes/'))!;
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/notes/__notes/client/live.js"></script>');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(html).toContain('script-src &#x27;self&#x27; &#x27;wasm-unsafe-eval&#x27;;');
    const built = (await get('/notes/posts/small-landscapes/', false))!;
    const builtHtml = await built.text();
    expect(builtHtml).not.toContain('__notes/');
    expect(builtHtml).not.toContain('wasm-unsafe-eval');
    expect(built.headers.get('content-security-policy')).not.toContain('wasm-unsafe-eval');
  });

  it('serves the client bundles, the kernel and the mnist digits', async () => {
    for (const name of ['live.js', 'job.js', 'worker.js']) {
      const res = (await get(`/notes/__notes/client/${name}`))!;
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      // workers get their own policy (eval for protobufjs' ONNX decoder); the page script runs under the page's
      expect(res.headers.get('content-security-policy') ?? '', name).toBe(name === 'live.js' ? '' : "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; object-src 'none'");
    }
    for (const flavor of ['relaxed', 'plain']) {
      const res = (await get(`/notes/__notes/wasm/nnll.${flavor}.wasm`))!;
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/wasm');
      expect(WebAssembly.validate(new Uint8Array(await res.arrayBuffer())) || flavor === 'relaxed').toBe(true);
    }
    const digits = (await get('/notes/__notes/data/mnist/3.json'))!;
    expect(digits.status).toBe(200);
    expect(((await digits.json()) as { data: number[] }).data.length % 784).toBe(0);
  });

  it('serves model and data files from the posts folder only', async () => {
    const model = (await get('/notes/__notes/files/models/a.onnx'))!;
    expect(model.status).toBe(200);
    expect(new Uint8Array(await model.arrayBuffer()).length).toBeGreaterThan(100);
    for (const url of [
      '/notes/__notes/files/models/linked.onnx', // a link out of the folder
      '/notes/__notes/files/%2e%2e/secret.onnx',
      '/notes/__notes/files/models/..%2f..%2fsecret.onnx',
      '/notes/__notes/files/.hidden/m.onnx',
      '/notes/__notes/files/notes/small.md', // only model and data files
      '/notes/__notes/files/models/missing.onnx',
      '/notes/__notes/wasm/other.wasm',
      '/notes/__notes/client/../index.html',
      '/notes/__notes/data/mnist/10.json',
    ]) {
      expect((await get(url))!.status, url).toBe(404);
    }
    // a built site (no live option) has no __notes/ at all
    expect((await get('/notes/__notes/files/models/a.onnx', false))!.status).toBe(404);
    expect((await get('/notes/__notes/client/live.js', false))!.status).toBe(404);
  });
});
