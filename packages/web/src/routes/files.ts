/**
 * `POST /api/files?name=folder/model.onnx[&replace=1]`: the request body is a model or data file,
 * stored in the workspace under the (sanitised) name once it has been checked → 201 `{path, size,
 * sha256, info}`; 400 for a file that is not what its name says, 409 when the name is taken, 413
 * past `--max-upload`.
 */
import { Hono } from 'hono';
import type { RunnerPool } from '../jobs/runner-pool.js';
import { uploadName } from '../workspace/paths.js';
import { saveUpload } from '../workspace/upload.js';

export function filesRoute(o: { root: string; runners: RunnerPool; maxUpload: number }): Hono {
  return new Hono().post('/', async (c) => {
    const name = uploadName(c.req.query('name'));
    const replace = ['1', 'true', 'yes'].includes(c.req.query('replace') ?? '');
    const length = c.req.header('content-length');
    const declared = length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined;
    const saved = await saveUpload(o.root, c.req.raw.body, declared, { name, replace, maxBytes: o.maxUpload }, o.runners);
    return c.json(saved, 201);
  });
}
