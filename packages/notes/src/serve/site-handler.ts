/**
 * Serves a built site under a base path. `createSiteHandler` is fetch-style (`Request` → `Response`,
 * or `undefined` for paths outside the base path so a host app such as the web package can fall
 * through); `toNodeListener` adapts it to `node:http`.
 */
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../site/page-layout.js';
import { liveAsset, liveContentSecurityPolicy } from '../live/assets.js';
import { LIVE_SCRIPT } from './live-script.js';

export interface SiteHandlerOptions {
  /** The built site folder (the `out` of `buildSite`). */
  root: string;
  /** URL prefix the site is mounted at, e.g. `/notes` (default: `/`). */
  basePath?: string;
  /** Add the live script to HTML pages and answer `__notes/` requests (default: false). */
  live?: boolean;
  /** Changes after each rebuild; live pages reload when it does (default: constant). */
  version?: () => string;
  /** The posts folder (a real path): live pages may fetch the model and data files blocks name (default: none). */
  posts?: string;
}

export type SiteHandler = (request: Request) => Promise<Response | undefined>;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/atom+xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/** `notes`, `/notes/` → `/notes/`; throws on anything that is not a plain path. */
export function normalizeBasePath(basePath: string | undefined): string {
  const value = basePath ?? '/';
  if (typeof value !== 'string' || !/^\/?[A-Za-z0-9._~\-/]*$/.test(value) || value.includes('//') || /(^|\/)\.\.?(\/|$)/.test(value)) {
    throw new TypeError(`invalid basePath: ${JSON.stringify(value)} (a URL path such as "/notes")`);
  }
  const trimmed = value.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

function respond(status: number, body: string, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { 'content-type': type, 'x-content-type-options': 'nosniff', ...extra } });
}

export function createSiteHandler(options: SiteHandlerOptions): SiteHandler {
  const root = path.resolve(options.root);
  const base = normalizeBasePath(options.basePath);
  const version = options.version ?? (() => '0');
  return async (request) => {
    const url = new URL(request.url);
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return respond(400, 'bad request\n');
    }
    if (`${pathname}/` === base) return respond(308, '', undefined, { location: base + url.search });
    if (!pathname.startsWith(base)) return undefined;
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'method not allowed\n', undefined, { allow: 'GET, HEAD' });
    const rel = pathname.slice(base.length);
    if (options.live && rel === '__notes/live.js') return respond(200, LIVE_SCRIPT, TYPES['.js'], { 'cache-control': 'no-store' });
    if (options.live && rel === '__notes/version') return respond(200, version(), undefined, { 'cache-control': 'no-store' });
    if (options.live && rel.startsWith('__notes/')) {
      return (await liveAsset(rel.slice('__notes/'.length), { posts: options.posts }, request.method === 'HEAD')) ?? respond(404, 'not found\n');
    }
    const segments = rel.split('/');
    if (segments.some((segment) => segment.startsWith('.') || segment.includes('\0') || segment.includes('\\'))) {
      return respond(404, 'not found\n');
    }
    let file = path.join(root, ...segments);
    let info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) {
      if (!pathname.endsWith('/')) return respond(308, '', undefined, { location: `${url.pathname}/${url.search}` });
      file = path.join(file, 'index.html');
      info = await stat(file).catch(() => undefined);
    }
    if (!info?.isFile()) return respond(404, 'not found\n');
    const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const headers: Record<string, string> = { 'cache-control': options.live ? 'no-cache' : 'public, max-age=60' };
    if (type.startsWith('text/html')) {
      headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
      let html = await readFile(file, 'utf8');
      if (options.live) {
        // the in-page recompute compiles the WebAssembly kernel
        headers['content-security-policy'] = liveContentSecurityPolicy(CONTENT_SECURITY_POLICY);
        html = html.replace("script-src &#x27;self&#x27;;", "script-src &#x27;self&#x27; &#x27;wasm-unsafe-eval&#x27;;");
        const tag = `<script type="module" src="${base}__notes/client/live.js"></script><script src="${base}__notes/live.js" data-base="${base}" defer></script>`;
        html = html.includes('</body>') ? html.replace('</body>', `${tag}</body>`) : html + tag;
      }
      return respond(200, request.method === 'HEAD' ? '' : html, type, headers);
    }
    const body = request.method === 'HEAD' ? '' : await readFile(file);
    return new Response(body, { status: 200, headers: { 'content-type': type, 'x-content-type-options': 'nosniff', ...headers } });
  };
}

/** Adapts a {@link SiteHandler} to `node:http`; paths outside the base path get a 404. */
export function toNodeListener(handler: SiteHandler): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    // the Host header is not used for anything but URL parsing, so a fixed origin is safe and cannot throw
    Promise.resolve()
      .then(() => handler(new Request(`http://localhost${(req.url ?? '/').startsWith('/') ? req.url : `/${req.url}`}`, { method: req.method })))
      .then(async (response) => {
        const result = response ?? new Response('not found\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
        const headers: Record<string, string> = {};
        result.headers.forEach((value, key) => {
          headers[key] = value;
        });
        res.writeHead(result.status, headers);
        res.end(req.method === 'HEAD' ? undefined : Buffer.from(await result.arrayBuffer()));
      })
      .catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`internal error: ${(error as Error).message}\n`);
      });
  };
}
