/**
 * Load: 20 clients at once, each submitting small jobs one after another to a real server with
 * `--jobs 2` and the default queue — in a process of its own (bench/server-process.mjs), so that
 * what the clients do is not counted against it — following each accepted job over Server-Sent
 * Events to its end, while another client asks /api/health every 25 ms. Every submission is
 * accepted and completes, or is refused with 429; no job is lost or run twice; health keeps
 * answering while the runners are busy. Limits are generous (a busy machine is slower, never
 * wrong); the figures, with the server's event-loop delay, are printed for the record.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempWorkspace } from './helpers.js';

const CLIENTS = 20;
const JOBS_PER_CLIENT = 3;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

describe('20 clients against --jobs 2', () => {
  let server: ChildProcess | undefined;
  const workspace = tempWorkspace('nnll-web-load-');
  afterAll(() => {
    if (server?.exitCode === null) server.kill();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('completes or refuses every job, loses none, runs none twice, and health keeps answering', async () => {
    server = fork(fileURLToPath(new URL('../bench/server-process.mjs', import.meta.url)), [workspace, '2', '1'], { stdio: 'inherit' });
    const { url } = await new Promise<{ url: string }>((resolve) => server!.once('message', resolve as never));
    server.send('measure');
    const latencies: number[] = [];
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const t0 = performance.now();
        const r = await fetch(`${url}api/health`);
        await r.json();
        expect(r.status).toBe(200);
        latencies.push(performance.now() - t0);
        await new Promise((res) => setTimeout(res, 25));
      }
    })();

    const accepted: { id: string; seed: number }[] = [];
    const refused: number[] = [];
    const ends = new Map<string, { status: string; seed: number }>();
    const client = async (c: number) => {
      for (let k = 0; k < JOBS_PER_CLIENT; k++) {
        const seed = c * 100 + k; // each submission is told apart by its seed
        const r = await fetch(`${url}api/jobs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'surface', model: 'mlp:2-16-3:tanh', data: 'spirals', seed, options: { x: '-1:1:5', y: '-1:1:5' } }),
        });
        const body = await r.json();
        if (r.status === 429) {
          expect(body.error).toMatch(/^queue full: /);
          refused.push(seed);
          continue;
        }
        expect(r.status).toBe(202);
        accepted.push({ id: body.id, seed });
        // follow it to the end over Server-Sent Events
        const events = await (await fetch(`${url}api/jobs/${body.id}/events`)).text();
        const last = events.trim().split('\n\n').pop()!;
        const data = JSON.parse(last.split('\n').find((l) => l.startsWith('data: '))!.slice(6));
        ends.set(body.id, { status: data.status, seed: data.result?.seed });
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    const seconds = (performance.now() - t0) / 1000;
    probing = false;
    await probe;

    const submitted = CLIENTS * JOBS_PER_CLIENT;
    expect(accepted.length + refused.length).toBe(submitted);
    expect(new Set(accepted.map((a) => a.id)).size).toBe(accepted.length);
    for (const a of accepted) expect(ends.get(a.id), a.id).toEqual({ status: 'done', seed: a.seed });
    // the history holds each accepted job once, and nothing else
    const { jobs } = await (await fetch(`${url}api/jobs`)).json();
    expect(jobs.map((j: { id: string }) => j.id).sort()).toEqual(accepted.map((a) => a.id).sort());
    expect(new Set(jobs.map((j: { spec: { seed: number } }) => j.spec.seed)).size).toBe(accepted.length);

    server.send('stop');
    const { loop } = await new Promise<{ loop: { p50: number; p99: number; max: number; utilization: number } }>((resolve) => server!.once('message', resolve as never));
    await new Promise((resolve) => server!.once('exit', resolve));
    const sorted = [...latencies].sort((a, b) => a - b);
    const p = (q: number) => percentile(sorted, q).toFixed(1);
    console.log(`load: ${submitted} submissions from ${CLIENTS} clients in ${seconds.toFixed(1)} s: ${accepted.length} completed, ${refused.length} refused with 429, 0 lost, 0 duplicated; /api/health over ${sorted.length} requests: p50 ${p(50)} ms, p90 ${p(90)} ms, p99 ${p(99)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms; the server's event loop busy ${loop.utilization}% of the time, held up p50 ${loop.p50} ms, p99 ${loop.p99} ms, max ${loop.max} ms (10 ms sampling; load average ${os.loadavg()[0].toFixed(1)})`);
    expect(sorted.length).toBeGreaterThan(0);
    // generous: answering at all while both runners are busy is the point; the bench measures
    expect(percentile(sorted, 50)).toBeLessThan(2000);
  });
});
