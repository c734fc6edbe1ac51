/**
 * The explorer's HTTP application. Routes so far: `GET /api/health` — versions and which kernel
 * build this server runs (relaxed or plain SIMD).
 */
import { Hono } from 'hono';
import { hasRelaxedSimd } from '@nnll/landscape';

export interface AppOptions {
  /** Version string reported by /api/health. */
  version: string;
}

export function createApp(options: AppOptions): Hono {
  const app = new Hono();
  app.get('/api/health', async (c) =>
    c.json({
      ok: true,
      version: options.version,
      node: typeof process !== 'undefined' ? process.version : null,
      kernel: (await hasRelaxedSimd()) ? 'wasm-relaxed' : 'wasm-plain',
    }),
  );
  app.notFound((c) => c.json({ ok: false, error: `no route ${c.req.method} ${c.req.path}` }, 404));
  return app;
}
