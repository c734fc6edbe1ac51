/**
 * Answers only requests addressed to this server by a name it serves under. A page on another site
 * can point its own domain name at 127.0.0.1 (DNS rebinding) and then read the server as if it were
 * its own origin; its requests still carry that domain in `Host`, and are refused here (403).
 */
import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';

export interface AllowedHostOptions {
  /**
   * Host names (without port) requests may address: by default `localhost`, `127.0.0.1` and `::1`;
   * 'any' when the server listens on every interface (`--host 0.0.0.0`).
   */
  hosts?: readonly string[] | 'any';
}

export const LOOPBACK_NAMES: readonly string[] = ['localhost', '127.0.0.1', '::1'];

/** `example.org:8787` → `example.org`; `[::1]:8787` → `::1`. */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  // a bare IPv6 address has several colons and no port
  return (h.split(':').length > 2 ? h : h.replace(/:\d*$/, '')).replace(/\.$/, '');
}

export function allowedHost(o: AllowedHostOptions = {}): MiddlewareHandler {
  const hosts = o.hosts ?? LOOPBACK_NAMES;
  const allowed = hosts === 'any' ? null : new Set(hosts.map(hostName));
  return async function allowedHost(c, next) {
    if (allowed) {
      const host = c.req.header('host') ?? new URL(c.req.url).host;
      if (!allowed.has(hostName(host))) throw new HTTPException(403, { message: `host ${JSON.stringify(host.slice(0, 100))} is not this server (open it at ${[...allowed][0]})` });
    }
    await next();
  };
}
