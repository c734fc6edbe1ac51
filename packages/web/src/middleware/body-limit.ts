/**
 * Caps request bodies (Hono's `bodyLimit`): a body larger than `maxSize` bytes is refused with 413
 * before the route reads it. Uploads have their own, larger cap (`--max-upload`), counted while the
 * file streams to disk.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';

/** JSON bodies (job specs, command lines): 1 MiB. */
export const JSON_BODY_LIMIT = 1024 * 1024;

export function jsonBodyLimit(maxSize = JSON_BODY_LIMIT): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new HTTPException(413, { message: `request body too large (at most ${maxSize.toLocaleString('en-US')} bytes)` });
    },
  });
}
