// A real server on a free loopback port, started and stopped by the test.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server.js';

describe('explorer server', () => {
  let server: RunningServer;
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'nnll-web-server-'));
  afterAll(async () => {
    await server?.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('answers /api/health with versions and the kernel build, and 404s unknown routes as JSON', async () => {
    server = await startServer({ port: 0, workspace });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const r = await fetch(`${server.url}api/health`);
    expect(r.status).toBe(200);
    const j = await r.json();
    expect(j).toMatchObject({ ok: true, node: process.version, jobs: { running: 0, queued: 0, runners: 2, max_queued: 16 } });
    expect(['wasm-relaxed', 'wasm-plain']).toContain(j.kernel);
    const nf = await fetch(`${server.url}nope`);
    expect(nf.status).toBe(404);
    expect(await nf.json()).toEqual({ error: 'no route GET /nope' });
  });
});
