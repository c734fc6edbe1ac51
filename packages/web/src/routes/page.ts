/**
 * The explorer itself: `GET /` (the page), `/assets/*` (its script and styles, the in-browser job
 * worker and the kernel pool's worker, built by esbuild into `dist/client/`), `/wasm/*` (the
 * kernel's WebAssembly, which the kernel worker fetches at `../wasm/` relative to itself) and
 * `/assets/data/mnist/<digit>.json` (the built-in digits, for jobs run in the browser). Nothing
 * comes from elsewhere: the page works offline.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { kernelWasmDir } from '@nnll/landscape/node';
import { JOB_WORKER_POLICY } from '../middleware/security-headers.js';

/** `dist/client/` of this package, from `src/routes/` (tests) and `dist/routes/` alike. */
export const CLIENT_DIR = fileURLToPath(new URL('../../dist/client/', import.meta.url));

const ASSETS: Record<string, string> = {
  'explorer.js': 'text/javascript; charset=utf-8',
  'explorer.css': 'text/css; charset=utf-8',
  'job-worker.js': 'text/javascript; charset=utf-8',
  'worker.js': 'text/javascript; charset=utf-8',
};

/** The `mnist` package's digit files, as @nnll/landscape resolves it. */
function mnistDigitsDir(): string | undefined {
  try {
    const landscape = path.dirname(createRequire(import.meta.url).resolve('@nnll/landscape/package.json'));
    return path.join(path.dirname(createRequire(path.join(landscape, 'package.json')).resolve('mnist/package.json')), 'src', 'digits');
  } catch {
    return undefined;
  }
}

async function file(abs: string, type: string, extra: Record<string, string> = {}): Promise<Response> {
  let body: Buffer;
  try {
    body = await readFile(abs);
  } catch {
    throw new HTTPException(404, { message: `not found: ${path.basename(abs)}${abs.startsWith(CLIENT_DIR) ? ' (build the explorer: pnpm --filter @nnll/web build)' : ''}` });
  }
  return new Response(new Uint8Array(body), { headers: { 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff', ...extra } });
}

export function pageRoutes(): Hono {
  const digits = mnistDigitsDir();
  return new Hono()
    .get('/', () => file(path.join(CLIENT_DIR, 'index.html'), 'text/html; charset=utf-8'))
    .get('/assets/:name', (c) => {
      const name = c.req.param('name');
      const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
      if (!type) throw new HTTPException(404, { message: `not found: /assets/${name.slice(0, 60)}` });
      // the job worker runs the ONNX decoder, which needs eval: its own policy, not the page's
      return file(path.join(CLIENT_DIR, name), type, name === 'job-worker.js' ? { 'content-security-policy': JOB_WORKER_POLICY } : {});
    })
    .get('/wasm/:name', (c) => {
      const name = c.req.param('name');
      if (!/^nnll\.(relaxed|plain)\.wasm$/.test(name)) throw new HTTPException(404, { message: `not found: /wasm/${name.slice(0, 60)}` });
      return file(path.join(kernelWasmDir(), name), 'application/wasm');
    })
    .get('/assets/data/mnist/:name', (c) => {
      const name = c.req.param('name');
      if (!digits || !/^\d\.json$/.test(name)) throw new HTTPException(404, { message: `not found: ${name.slice(0, 60)}` });
      return file(path.join(digits, name), 'application/json');
    });
}
