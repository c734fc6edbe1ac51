// A real server on a free loopback port, started and stopped by the test.
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server.js';

describe('explorer server', () => {
  let server: RunningServer;
  afterAll(() => server?.close());

  it('answers /api/health with versions and the kernel build, and 404s unknown routes as JSON', async () => {
    server = await startServer({ port: 0 });
    const r = await fetch(`${server.url}/api/health`);
    expect(r.status).toBe(200);
    const j = await r.json();
    expect(j).toMatchObject({ ok: true, node: process.version });
    expect(['wasm-relaxed', 'wasm-plain']).toContain(j.kernel);
    const nf = await fetch(`${server.url}/nope`);
    expect(nf.status).toBe(404);
    expect(await nf.json()).toEqual({ ok: false, error: 'no route GET /nope' });
  });
});
