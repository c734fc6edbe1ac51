import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, createSiteHandler, type FigureRequest, type NotesServer, serveSite } from '../src/index.js';
import { postsDir } from './snapshot.js';

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'notes-serve-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('createSiteHandler', () => {
  let site: string;
  beforeAll(async () => {
    site = path.join(work, 'handler-site');
    await buildSite(postsDir, { out: site });
  });
  const get = (handler: ReturnType<typeof createSiteHandler>, url: string, method = 'GET') => handler(new Request(`http://x${url}`, { method }));

  it('serves under a base path and falls through outside it', async () => {
    const handler = createSiteHandler({ root: site, basePath: '/notes' });
    const index = (await get(handler, '/notes/'))!;
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await index.text()).not.toContain('__notes/live.js'); // only the dev server adds it
    expect(await get(handler, '/other/')).toBeUndefined();
    expect((await get(handler, '/notes'))!.headers.get('location')).toBe('/notes/');
    expect((await get(handler, '/notes/posts/mode-connectivity'))!.headers.get('location')).toBe('/notes/posts/mode-connectivity/');
    expect((await get(handler, '/notes/assets/notes.css'))!.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await get(handler, '/notes/feed.xml'))!.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect((await get(handler, '/notes/index.html', 'POST'))!.status).toBe(405);
  });

  it('does not serve outside the site or its hidden files', async () => {
    const handler = createSiteHandler({ root: site });
    for (const url of ['/../package.json', '/%2e%2e/%2e%2e/package.json', '/.nnll-notes-site', '/posts/..%2f..%2fpackage.json', '/missing.html']) {
      expect((await get(handler, url))!.status, url).toBe(404);
    }
    expect((await get(handler, '/%E0%A4%A'))!.status).toBe(400);
  });

  it('validates basePath', () => {
    expect(() => createSiteHandler({ root: site, basePath: '/a/../b' })).toThrow('invalid basePath: "/a/../b"');
    expect(() => createSiteHandler({ root: site, basePath: '/<x>' })).toThrow('invalid basePath');
  });
});

describe('serveSite', () => {
  let server: NotesServer | undefined;
  afterAll(async () => server?.close());

  it('listens on 127.0.0.1, adds the live hook and rebuilds when a post changes', async () => {
    const dir = path.join(work, 'live-posts');
    cpSync(postsDir, dir, { recursive: true });
    const rebuilt: string[] = [];
    server = await serveSite(dir, { port: 0, onRebuild: (r) => rebuilt.push(r instanceof Error ? r.message : `${r.posts.length}`) });
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await (await fetch(server.url)).text();
    expect(page).toContain(`<script src="/__notes/live.js" data-base="/" defer></script></body>`);
    const script = await fetch(`${server.url}__notes/live.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain("figure.dataset.nnllLive = 'capable'");
    const before = await (await fetch(`${server.url}__notes/version`)).text();

    writeFileSync(path.join(dir, 'new-post.md'), '---\ntitle: Added while serving\ndate: 2024-02-02\n---\nNew text.\n');
    for (let i = 0; i < 100 && rebuilt.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(rebuilt[0]).toBe('5');
    expect(await (await fetch(server.url)).text()).toContain('Added while serving');
    expect(await (await fetch(`${server.url}__notes/version`)).text()).not.toBe(before);
    const url = server.url;
    await server.close();
    server = undefined;
    await expect(fetch(url)).rejects.toThrow(); // closed: connection refused
  });

  it('survives a malformed Host header', async () => {
    const live = await serveSite(postsDir, { port: 0, watch: false });
    try {
      const { connect } = await import('node:net');
      const head = await new Promise<string>((resolve, reject) => {
        const socket = connect(live.port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n'));
        let data = '';
        socket.on('data', (chunk) => (data += chunk));
        socket.on('end', () => resolve(data.split('\r\n')[0]));
        socket.on('error', reject);
      });
      expect(head).toMatch(/^HTTP\/1\.1 (200|400)/);
      expect((await fetch(live.url)).status).toBe(200);
    } finally {
      await live.close();
    }
  });

  it('names the option in errors', async () => {
    await expect(serveSite(postsDir, { port: -1 })).rejects.toThrow('invalid port: -1 (0..65535)');
    await expect(serveSite(postsDir, { port: 0, basePath: '/../x' })).rejects.toThrow('invalid basePath');
  });
});

describe('computeFigure hook and cache', () => {
  it('computes a command block once, then reads it from the cache', async () => {
    const dir = path.join(work, 'hook-posts');
    cpSync(postsDir, dir, { recursive: true });
    const out = path.join(work, 'hook-site');
    const calls: FigureRequest[] = [];
    const computeFigure = async (request: FigureRequest) => {
      calls.push(request);
      const x = [-1, 0, 1];
      return { command: 'surface', x, y: x, loss: x.map((a) => x.map((b) => a * a + b * b)) };
    };
    const first = await buildSite(dir, { out, computeFigure });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      command: 'surface',
      args: ['--model', './models/digits.onnx', '--data', 'mnist', '--x', '-1:1:21', '--y', '-1:1:21'],
      post: 'mode-connectivity.md',
      baseDir: dir,
    });
    expect(first.warnings.map((w) => w.message).join('\n')).not.toContain('./models/digits.onnx');
    expect(readdirSync(path.join(out, '.cache', 'figures'))).toEqual([`${calls[0].hash}.json`]);

    const second = await buildSite(dir, { out, computeFigure });
    expect(calls).toHaveLength(1); // cached
    expect(second.warnings).toHaveLength(first.warnings.length);
    // the cache also serves builds without the hook (the default hook would fail: the model file is missing)
    const third = await buildSite(dir, { out });
    expect(third.warnings.map((w) => w.message).join('\n')).not.toContain('./models/digits.onnx');

    const failing = await buildSite(dir, { out: path.join(work, 'hook-site-2'), computeFigure: async () => { throw new Error('model not found'); } });
    expect(failing.warnings.map((w) => w.message)).toContain(
      'figure `surface --model ./models/digits.onnx --data mnist --x -1:1:21 --y -1:1:21` failed: model not found',
    );
  });
});
