/**
 * The explorer's HTTP application: small middleware in front (allowed Host names, security headers,
 * same-origin state changes, body caps), one file per route, errors mapped once. Routes:
 *
 *   GET    /                         the explorer page (and /assets/*, /wasm/*)
 *   GET    /api/health               versions, kernel build, queue
 *   GET    /api/kinds                the job kinds and their options
 *   GET    /api/models, /api/data    workspace files and built-ins
 *   POST   /api/jobs                 a spec or {command} → 202 {id}
 *   GET    /api/jobs, /api/jobs/:id  history; one job with its result
 *   DELETE /api/jobs/:id             cancel (partial result kept)
 *   POST   /api/jobs/:id/resume      continue a cancelled or interrupted job
 *   GET    /api/jobs/:id/events      Server-Sent Events
 *   POST   /api/files?name=…         upload into the workspace
 */
import { Hono } from 'hono';
import type { JobManager } from './jobs/job-manager.js';
import type { RunnerPool } from './jobs/runner-pool.js';
import type { Workspace } from './workspace/listing.js';
import { allowedHost } from './middleware/allowed-host.js';
import { sameOrigin } from './middleware/same-origin.js';
import { securityHeaders } from './middleware/security-headers.js';
import { jsonBodyLimit } from './middleware/body-limit.js';
import { errorResponse } from './errors.js';
import { healthRoute } from './routes/health.js';
import { kindsRoute } from './routes/kinds.js';
import { inputsRoutes } from './routes/inputs.js';
import { jobsRoutes } from './routes/jobs.js';
import { jobEventsRoute } from './routes/job-events.js';
import { filesRoute } from './routes/files.js';
import { pageRoutes } from './routes/page.js';

export interface AppOptions {
  /** Version string reported by /api/health. */
  version: string;
  jobs: JobManager;
  runners: RunnerPool;
  workspace: Workspace;
  /** Largest upload in bytes. */
  maxUpload: number;
  maxQueued: number;
  /** Host names requests may address (default: the loopback names); 'any' on every interface. */
  hosts?: readonly string[] | 'any';
  /** Where internal errors are logged. Default console.error. */
  log?: (message: string) => void;
}

export function createApp(o: AppOptions): Hono {
  const root = o.workspace.root;
  const app = new Hono();
  app.use(allowedHost({ hosts: o.hosts }));
  app.use(securityHeaders());
  app.use(sameOrigin());
  app.use('/api/jobs', jsonBodyLimit());
  app.use('/api/jobs/*', jsonBodyLimit());
  app.route('/api/health', healthRoute({ version: o.version, jobs: o.jobs, runners: o.runners.size, maxQueued: o.maxQueued }));
  app.route('/api/kinds', kindsRoute());
  app.route('/api', inputsRoutes(o.workspace));
  app.route('/api/jobs', jobsRoutes(o.jobs, root));
  app.route('/api/jobs', jobEventsRoute(o.jobs));
  app.route('/api/files', filesRoute({ root, runners: o.runners, maxUpload: o.maxUpload }));
  app.route('/', pageRoutes());
  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}` }, 404));
  app.onError((err, c) => errorResponse(err, c, o.log));
  return app;
}
