/**
 * The one place errors become HTTP answers, `{"error": "one line"}`: a path outside the workspace
 * 403, any other bad input from the library (NnllInputError: a spec, a file, a shape) 400, Hono's
 * HTTPExceptions their own status (403 foreign origin, 404, 409, 413, 415, 429), anything else 500
 * (logged).
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { NnllInputError } from '@nnll/landscape';
import { OutsideRootError } from '@nnll/landscape/node';

const firstLine = (s: string): string => s.split('\n')[0].trim();

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'bad request',
  403: 'forbidden: a state-changing request from another site (or with no Origin from a browser)',
  404: 'not found',
  413: 'request body too large',
  429: 'too many jobs',
};

export function errorResponse(err: Error, c: Context, log: (message: string) => void = console.error): Response {
  if (err instanceof OutsideRootError) return c.json({ error: firstLine(err.message) }, 403);
  if (err instanceof NnllInputError) return c.json({ error: firstLine(err.message) }, 400);
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    return c.json({ error: firstLine(err.message) || DEFAULT_MESSAGES[status] || `HTTP ${status}` }, status);
  }
  log(`nnll serve: internal error on ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}`);
  return c.json({ error: `internal error: ${firstLine(err.message)}` }, 500);
}
