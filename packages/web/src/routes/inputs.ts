/** `GET /api/models` and `GET /api/data`: what the workspace holds for jobs, and the built-ins. */
import { Hono } from 'hono';
import type { Workspace } from '../workspace/listing.js';

export function inputsRoutes(workspace: Workspace): Hono {
  return new Hono()
    .get('/models', async (c) => c.json(await workspace.models()))
    .get('/data', async (c) => c.json(await workspace.data()));
}
