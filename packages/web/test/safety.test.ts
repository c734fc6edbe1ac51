// The server as a door: paths confined to the workspace (403 outside, 400 for what is no regular
// file), state changes only from its own pages (403 for foreign origins), requests only for its own
// host names (403 otherwise).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMALL_SURFACE, openExplorer, writeFixtures, type TestExplorer } from './helpers.js';

describe('paths stay inside the workspace', () => {
  let t: TestExplorer;
  let outside: string;
  beforeAll(async () => {
    t = await openExplorer();
    await writeFixtures(t.workspace);
    outside = mkdtempSync(path.join(os.tmpdir(), 'nnll-outside-'));
    await writeFixtures(outside);
    symlinkSync(path.join(outside, 'model.onnx'), path.join(t.workspace, 'link.onnx'));
    symlinkSync(outside, path.join(t.workspace, 'out-dir'));
    mkdirSync(path.join(t.workspace, 'sub'));
    spawnSync('mkfifo', [path.join(t.workspace, 'fifo.onnx')]);
  });
  afterAll(async () => {
    await t.close();
    rmSync(outside, { recursive: true, force: true });
  });

  it.each([
    [{ kind: 'eval', model: '../model.onnx', data: 'spirals' }, 'model "../model.onnx": outside the workspace'],
    [{ kind: 'eval', model: 'sub/../../model.onnx', data: 'spirals' }, 'model "sub/../../model.onnx": outside the workspace'],
    [() => ({ kind: 'eval', model: path.join(outside, 'model.onnx'), data: 'spirals' }), 'outside the workspace'],
    [{ kind: 'eval', model: '/etc/passwd', data: 'spirals' }, 'model "/etc/passwd": outside the workspace'],
    [{ kind: 'eval', model: 'link.onnx', data: 'spirals' }, 'model "link.onnx": outside the workspace'],
    [{ kind: 'eval', model: 'out-dir/model.onnx', data: 'spirals' }, 'model "out-dir/model.onnx": outside the workspace'],
    [{ kind: 'eval', model: 'model.onnx', data: '../../data.npz' }, 'data "../../data.npz": outside the workspace'],
    [{ kind: 'surface', model: 'model.onnx', data: 'data.npz', options: { x_dir: '../d.npz' } }, 'x_dir "../d.npz": outside the workspace'],
    [{ kind: 'train', model: 'mlp:2-16-3:tanh', data: 'spirals', options: { save: 'out-dir/trained.onnx' } }, 'save "out-dir/trained.onnx": outside the workspace'],
    [{ kind: 'train', model: 'mlp:2-16-3:tanh', data: 'spirals', options: { save: '/tmp/trained.onnx' } }, 'save "/tmp/trained.onnx": outside the workspace'],
    [{ command: 'eval --model ../model.onnx --data spirals' }, '--model ../model.onnx: outside the workspace'],
    [{ command: 'interpolate --model model.onnx --to link.onnx --data spirals' }, '--to link.onnx: outside the workspace'],
  ])('403 for %j', async (body, message) => {
    const r = await t.post('/api/jobs', typeof body === 'function' ? body() : body);
    expect(r.status).toBe(403);
    const { error } = await r.json();
    if (message.startsWith('outside')) expect(error).toMatch(/^model ".*model\.onnx": outside the workspace$/);
    else expect(error).toBe(message);
  });

  it('400 for a pipe or a device, which is never opened (reading a pipe would block)', async () => {
    const r = await t.post('/api/jobs', { kind: 'eval', model: 'fifo.onnx', data: 'spirals' });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ error: 'model "fifo.onnx": not a regular file' });
    const dev = spawnSync('mknod', [path.join(t.workspace, 'zero.onnx'), 'c', '1', '5']);
    if (dev.status === 0) {
      const d = await t.post('/api/jobs', { kind: 'eval', model: 'zero.onnx', data: 'spirals' });
      expect(d.status).toBe(400);
      expect(await d.json()).toEqual({ error: 'model "zero.onnx": not a regular file' });
    }
    // a link to a device outside the workspace is outside
    symlinkSync('/dev/zero', path.join(t.workspace, 'devlink.onnx'));
    const l = await t.post('/api/jobs', { kind: 'eval', model: 'devlink.onnx', data: 'spirals' });
    expect(l.status).toBe(403);
  });

  it('takes absolute paths that lie inside the workspace', async () => {
    const id = await t.submit({ kind: 'eval', model: path.join(t.workspace, 'model.onnx'), data: 'data.npz' });
    expect((await t.finished(id)).status).toBe('done');
  });
});

describe('only this server\'s pages change its state', () => {
  let t: TestExplorer;
  beforeAll(async () => {
    t = await openExplorer();
  });
  afterAll(() => t.close());

  it.each([
    [{ origin: 'https://evil.example' }, 'foreign origin "https://evil.example": only this server\'s own pages may change its state'],
    [{ origin: 'http://localhost.evil.example' }, 'foreign origin "http://localhost.evil.example": only this server\'s own pages may change its state'],
    [{ origin: 'http://localhost:9999' }, 'foreign origin "http://localhost:9999": only this server\'s own pages may change its state'],
    [{ origin: 'null' }, 'foreign origin "null": only this server\'s own pages may change its state'],
    [{ 'sec-fetch-site': 'cross-site' }, 'cross-site request (Sec-Fetch-Site: cross-site): only this server\'s own pages may change its state'],
    [{ 'sec-fetch-site': 'same-site' }, 'cross-site request (Sec-Fetch-Site: same-site): only this server\'s own pages may change its state'],
  ])('403 for a job submitted with %j', async (headers, message) => {
    const r = await t.post('/api/jobs', SMALL_SURFACE, headers);
    expect(r.status).toBe(403);
    expect(await r.json()).toEqual({ error: message });
    expect(t.ex.jobs.list()).toHaveLength(0);
  });

  it('403 for a form-typed body without Origin (what a foreign form sends, through Hono\'s csrf)', async () => {
    const r = await t.req('/api/jobs', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(SMALL_SURFACE) });
    expect(r.status).toBe(403);
    expect((await r.json()).error).toMatch(/^forbidden/);
    const form = await t.req('/api/files?name=x.csv', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    expect(form.status).toBe(403);
  });

  it('403 for a foreign cancel, resume or upload; nothing changes', async () => {
    const id = await t.submit({ ...SMALL_SURFACE, options: { x: '-1:1:3' } });
    await t.finished(id);
    for (const [method, p] of [['DELETE', `/api/jobs/${id}`], ['POST', `/api/jobs/${id}/resume`], ['POST', '/api/files?name=m.onnx']]) {
      const r = await t.req(p, { method, headers: { origin: 'https://evil.example', 'content-type': 'application/octet-stream' }, body: method === 'POST' ? new Uint8Array(8) : undefined });
      expect(r.status, `${method} ${p}`).toBe(403);
    }
    expect(t.ex.jobs.list()).toHaveLength(1);
  });

  it('accepts its own origin, and clients that send none (curl, scripts)', async () => {
    expect((await t.post('/api/jobs', SMALL_SURFACE, { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' })).status).toBe(202);
    expect((await t.post('/api/jobs', SMALL_SURFACE)).status).toBe(202);
    await Promise.all(t.ex.jobs.list().map((r) => t.finished(r.id)));
  });

  it('403 for any request addressed to another host name (DNS rebinding)', async () => {
    const r = await t.req('/api/jobs', { headers: { host: 'evil.example:8787' } });
    expect(r.status).toBe(403);
    expect(await r.json()).toEqual({ error: 'host "evil.example:8787" is not this server (open it at localhost)' });
    for (const host of ['localhost:8787', '127.0.0.1:8787', '[::1]:8787', 'LOCALHOST']) expect((await t.req('/api/health', { headers: { host } })).status, host).toBe(200);
  });
});

describe('--host 0.0.0.0', () => {
  it('answers any host name (the operator was warned)', async () => {
    const t = await openExplorer({ hosts: 'any' });
    try {
      expect((await t.req('/api/health', { headers: { host: 'my-machine.lan:8787' } })).status).toBe(200);
      // and still refuses foreign origins
      expect((await t.post('/api/jobs', SMALL_SURFACE, { host: 'my-machine.lan:8787', origin: 'https://evil.example' })).status).toBe(403);
      expect((await t.post('/api/jobs', SMALL_SURFACE, { host: 'my-machine.lan:8787', origin: 'http://my-machine.lan:8787' })).status).toBe(202);
      await Promise.all(t.ex.jobs.list().map((r) => t.finished(r.id)));
    } finally {
      await t.close();
    }
  });
});

describe('written without a trace of the test data', () => {
  it('writes nothing outside .nnll for a refused job', async () => {
    const t = await openExplorer();
    try {
      writeFileSync(path.join(t.workspace, 'keep.txt'), 'x');
      await t.post('/api/jobs', { kind: 'train', model: 'mlp:2-16-3:tanh', data: 'spirals', options: { save: '../escaped.onnx' } });
      const { readdirSync } = await import('node:fs');
      expect(readdirSync(t.workspace).sort()).toEqual(['.nnll', 'keep.txt']);
    } finally {
      await t.close();
    }
  });
});
