/**
 * `GET /api/jobs/:id/events`: a job as Server-Sent Events (Hono's `streamSSE`). First the current
 * state — one `progress` event holding everything the job has streamed so far (a late client draws
 * the surface points already computed) — then a `progress` event per step, each with the results
 * computed since the previous one (`partial`: surface points coarse-to-fine, training epochs), and
 * at the end one `result` event (done, or cancelled with its partial result) or one `error` event
 * (failed), carrying the job as `GET /api/jobs/:id` shows it. A finished job answers with that last
 * event alone.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { JobEvent, JobManager } from '../jobs/job-manager.js';
import { FINISHED, JOB_ID, jobView, type JobRecord } from '../jobs/job-record.js';

/** A comment line this often keeps proxies and idle browsers from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

async function sendEnd(stream: SSEStreamingApi, r: JobRecord): Promise<void> {
  await stream.writeSSE({ event: r.status === 'failed' ? 'error' : 'result', data: JSON.stringify(jobView(r, true)) });
}

export function jobEventsRoute(jobs: JobManager): Hono {
  return new Hono().get('/:id/events', (c) => {
    const id = c.req.param('id');
    const record = JOB_ID.test(id) ? jobs.get(id) : undefined;
    if (!record) throw new HTTPException(404, { message: `no job ${JSON.stringify(id.slice(0, 60))}` });
    return streamSSE(c, async (stream) => {
      const queue: JobEvent[] = [];
      let wake: (() => void) | undefined;
      let closed = false;
      // subscribe and take the snapshot in one turn of the event loop: no event is missed or sent twice
      const unsubscribe = jobs.subscribe(id, (e) => {
        queue.push(e);
        wake?.();
      });
      stream.onAbort(() => {
        closed = true;
        wake?.();
      });
      try {
        if (FINISHED.includes(record.status)) return await sendEnd(stream, record);
        await stream.writeSSE({ event: 'progress', data: JSON.stringify({ status: record.status, ...(record.progress ? { progress: record.progress } : {}), partial: [...(record.partial ?? [])] }) });
        while (!closed) {
          const e = queue.shift();
          if (!e) {
            const timer = setTimeout(() => wake?.(), HEARTBEAT_MS);
            await new Promise<void>((resolve) => (wake = resolve));
            clearTimeout(timer);
            wake = undefined;
            if (queue.length === 0 && !closed) await stream.write(': keep-alive\n\n');
            continue;
          }
          if (e.type === 'end') return await sendEnd(stream, e.record);
          await stream.writeSSE({ event: 'progress', data: JSON.stringify({ status: e.status, ...(e.progress ? { progress: e.progress } : {}), ...(e.partial ? { partial: e.partial } : {}) }) });
        }
      } finally {
        unsubscribe();
      }
    });
  });
}
