/** `GET /api/health`: versions, the kernel build this server runs, and the job queue's state. */
import { Hono } from 'hono';
import { hasRelaxedSimd, VERSION } from '@nnll/landscape';
import type { JobManager } from '../jobs/job-manager.js';

export function healthRoute(o: { version: string; jobs: JobManager; runners: number; maxQueued: number }): Hono {
  let kernel: Promise<boolean> | undefined;
  return new Hono().get('/', async (c) =>
    c.json({
      ok: true,
      version: o.version,
      landscape: VERSION,
      node: process.version,
      kernel: (await (kernel ??= hasRelaxedSimd())) ? 'wasm-relaxed' : 'wasm-plain',
      jobs: { running: o.jobs.running, queued: o.jobs.queued, runners: o.runners, max_queued: o.maxQueued },
    }),
  );
}
