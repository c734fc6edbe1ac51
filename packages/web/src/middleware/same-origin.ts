/**
 * State-changing requests (POST, PUT, PATCH, DELETE) only from this server's own pages or from
 * clients that are not browsers. A browser names the page behind a request in `Origin` (and in
 * `Sec-Fetch-Site`); a foreign origin, `Origin: null` (sandboxed frames, files), or a cross-site
 * `Sec-Fetch-Site` is refused with 403, whatever the body's type. Hono's `csrf` middleware runs
 * after with the same rule for bodies typed as an HTML form would send them, which it also refuses
 * when neither header was given; the checks here cover JSON, uploads, body-less DELETEs and every
 * other request, whether or not a browser would have asked the server first (a CORS preflight).
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
    // Hono's csrf takes a body without a type for a form; only bodies typed as a form go to it
    return c.req.header('content-type') ? forms(c, next) : next();
  };
}
