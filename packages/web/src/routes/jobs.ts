/**
 * Jobs: `POST /api/jobs` (a spec or `{command}` → 202 `{id}`; 400 invalid, 403 a path outside the
 * workspace, 429 queue full), `GET /api/jobs` (the history, newest first, without results),
 * `GET /api/jobs/:id` (with the result), `DELETE /api/jobs/:id` (cancel; the partial result is
 * kept), `POST /api/jobs/:id/resume` (continue a cancelled or interrupted job as a new one → 202).
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { JobManager } from '../jobs/job-manager.js';
import { JOB_ID, jobView } from '../jobs/job-record.js';
import { jobRequest } from '../jobs/job-request.js';

export function jobsRoutes(jobs: JobManager, root: string): Hono {
  const id = (raw: string): string => {
    if (!JOB_ID.test(raw) || !jobs.get(raw)) throw new HTTPException(404, { message: `no job ${JSON.stringify(raw.slice(0, 60))}` });
    return raw;
  };
  return new Hono()
    .post('/', jobRequest(root), (c) => {
      const r = jobs.submit(c.req.valid('json'));
      return c.json({ id: r.id, status: r.status }, 202, { location: `/api/jobs/${r.id}` });
    })
    .get('/', (c) => c.json({ jobs: jobs.list().map((r) => jobView(r, false)) }))
    .get('/:id', (c) => c.json(jobView(jobs.get(id(c.req.param('id')))!, true)))
    .delete('/:id', (c) => c.json(jobView(jobs.cancel(id(c.req.param('id'))), false)))
    .post('/:id/resume', (c) => {
      const r = jobs.resume(id(c.req.param('id')));
      return c.json({ id: r.id, status: r.status, resumed_from: r.resumed_from }, 202, { location: `/api/jobs/${r.id}` });
    });
}
