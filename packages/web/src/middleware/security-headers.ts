/**
 * Response headers of every answer (Hono's `secureHeaders`): the page's Content-Security-Policy —
 * scripts and everything else from this server only, WebAssembly compilation allowed, no JavaScript
 * eval; inline styles allowed for the SVG that Observable Plot writes — no framing, no referrer.
 * A response that sets its own policy keeps it: the in-browser job worker's script carries one that
 * also allows eval, for the ONNX decoder, in that worker alone.
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

export const PAGE_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** The in-browser job worker's policy: as the page's, plus `'unsafe-eval'` (protobufjs generates its ONNX decoder). */
export const JOB_WORKER_POLICY = "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; connect-src 'self'; object-src 'none'";

export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: PAGE_POLICY,
    referrerPolicy: 'no-referrer',
    xFrameOptions: 'DENY',
    crossOriginResourcePolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    overwrite: false,
  });
}
