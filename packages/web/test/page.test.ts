// The page and its assets through app.request(): served from dist/client (built by esbuild), with
// a Content-Security-Policy that allows no eval on the page, its own policy for the job worker,
// the kernel's WebAssembly and the built-in digits; nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobKinds } from '@nnll/landscape';
import { openExplorer, type TestExplorer } from './helpers.js';

describe('the page', () => {
  let t: TestExplorer;
  beforeAll(async () => {
    t = await openExplorer();
  });
  afterAll(() => t.close());

  it('GET / is the explorer, under a policy without unsafe-eval', async () => {
    const r = await t.req('/');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await r.text();
    expect(html).toContain('<script type="module" src="/assets/explorer.js"></script>');
    expect(html).not.toMatch(/https?:\/\//); // nothing from elsewhere: works offline
    const csp = r.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('serves the bundles; the job worker alone may eval (the ONNX decoder), under its own policy', async () => {
    for (const name of ['explorer.js', 'job-worker.js', 'worker.js', 'explorer.css']) {
      const r = await t.req(`/assets/${name}`);
      expect(r.status, name).toBe(200);
      const csp = r.headers.get('content-security-policy')!;
      if (name === 'job-worker.js') expect(csp).toBe("default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; connect-src 'self'; object-src 'none'");
      else expect(csp).not.toContain("'unsafe-eval'");
    }
    const js = await (await t.req('/assets/explorer.js')).text();
    expect(js).not.toMatch(/https:\/\/(cdn|unpkg|esm\.sh)/);
  });

  it('serves the kernel and the built-in digits for jobs run in the browser', async () => {
    const wasm = await t.req('/wasm/nnll.plain.wasm');
    expect(wasm.status).toBe(200);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect([...new Uint8Array(await wasm.arrayBuffer()).slice(0, 4)]).toEqual([0, 0x61, 0x73, 0x6d]);
    const digits = await t.req('/assets/data/mnist/3.json');
    expect(digits.status).toBe(200);
    expect(Array.isArray((await digits.json()).data)).toBe(true);
  });

  it.each(['/assets/../package.json', '/assets/index.ts', '/wasm/../../etc/passwd', '/wasm/other.wasm', '/assets/data/mnist/10.json', '/assets/data/mnist/..%2F..%2Fpackage.json'])('404 for %s', async (p) => {
    const r = await t.req(p);
    expect(r.status).toBe(404);
    expect(Object.keys(await r.json())).toEqual(['error']);
  });

  it('GET /api/kinds lists every job kind with its options', async () => {
    const { kinds } = await (await t.req('/api/kinds')).json();
    expect(kinds.map((k: { kind: string }) => k.kind)).toEqual(jobKinds().map((k) => k.kind));
    const surface = kinds.find((k: { kind: string }) => k.kind === 'surface');
    expect(surface).toMatchObject({ command: 'surface', resumable: true, figures: true, schema: 'nnll/surface@1' });
    expect(surface.options.norm).toMatchObject({ type: 'choice', default: 'filter', choices: ['none', 'filter', 'layer', 'weight', 'dfilter', 'dlayer'] });
    expect(surface.help).toMatch(/^nnll surface — /);
  });
});
