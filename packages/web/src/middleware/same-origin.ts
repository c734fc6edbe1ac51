/**
 * State-changing requests (POST, PUT, PATCH, DELETE) only from this server's own pages or from
 * clients that are not browsers. A browser names the page behind a request in `Origin` (and in
 * `Sec-Fetch-Site`); a foreign origin, `Origin: null` (sandboxed frames, files), or a cross-site
 * `Sec-Fetch-Site` is refused with 403, whatever the body's type. Hono's `csrf` middleware runs
 * first with the same rule for the bodies an HTML form can send, which it also refuses when the
 * browser gave neither header; this adds JSON, uploads and every other body, which a foreign page
 * could otherwise send through a proxy or an extension without a preflight.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';

const SAFE = /^(GET|HEAD|OPTIONS)$/;

/** The origin a page of this server has: the scheme and the `Host` the request was sent to. */
function ownOrigin(c: Context): string {
  const url = new URL(c.req.url);
  const host = c.req.header('host') ?? url.host;
  return `${url.protocol}//${host}`.toLowerCase();
}

export function sameOrigin(): MiddlewareHandler {
  const forms = csrf({ origin: (origin, c) => origin.toLowerCase() === ownOrigin(c), secFetchSite: 'same-origin' });
  return async function sameOrigin(c, next) {
    if (!SAFE.test(c.req.method)) {
      const origin = c.req.header('origin');
      const site = c.req.header('sec-fetch-site');
      if (origin !== undefined && origin.toLowerCase() !== ownOrigin(c)) {
        throw new HTTPException(403, { message: `foreign origin ${JSON.stringify(origin.slice(0, 100))}: only this server's own pages may change its state` });
      }
      if (site !== undefined && site !== 'same-origin') {
        throw new HTTPException(403, { message: `cross-site request (Sec-Fetch-Site: ${site.slice(0, 40)}): only this server's own pages may change its state` });
      }
    }
    return forms(c, next);
  };
}
