// POST/GET/DELETE /api/jobs and resume through app.request(): specs and command lines, every
// validation error, the queue's 429, cancellation with the partial result, resumption.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobKinds, runJob, withoutTiming } from '@nnll/landscape';
import { nodeBackends, nodeJobIO } from '@nnll/landscape/node';
import { LONG_SURFACE, SMALL_SURFACE, firstPoints, openExplorer, writeFixtures, type TestExplorer } from './helpers.js';

describe('jobs API', () => {
  let t: TestExplorer;
  beforeAll(async () => {
    t = await openExplorer();
    await writeFixtures(t.workspace);
  });
  afterAll(() => t.close());

  it('runs a spec: 202 {id}, then the job with exactly the result runJob gives', async () => {
    const r = await t.post('/api/jobs', SMALL_SURFACE);
    expect(r.status).toBe(202);
    const { id } = await r.json();
    expect(id).toMatch(/^[a-z0-9]{8,40}$/);
    expect(r.headers.get('location')).toBe(`/api/jobs/${id}`);
    await t.finished(id);
    const job = await (await t.req(`/api/jobs/${id}`)).json();
    expect(job).toMatchObject({ id, status: 'done', complete: true, resumable: false, command: 'surface --model mlp:2-16-3:tanh --data spirals --x -1:1:11 --y -1:1:11 --ignore biasbn' });
    expect(job.spec).toEqual({ kind: 'surface', model: 'mlp:2-16-3:tanh', data: 'spirals', seed: 0, options: { x: '-1:1:11', y: '-1:1:11', norm: 'filter', ignore: 'biasbn' } });
    expect(job.summary).toMatch(/^mlp:2-16-3:tanh on spirals: 11×11 surface/);
    const direct = await runJob(SMALL_SURFACE, { io: nodeJobIO(), backends: nodeBackends({ threads: 1 }) });
    expect(withoutTiming(job.result)).toEqual(withoutTiming(direct));
  });

  it('takes a command line parsed by the flag table, paths relative to the workspace', async () => {
    const id = await t.submit({ command: "nnll eval --model model.onnx --data 'data.npz'" });
    const r = await t.finished(id);
    expect(r.status).toBe('done');
    expect(r.spec).toMatchObject({ kind: 'eval', model: 'model.onnx', data: 'data.npz' });
    expect(r.result).toMatchObject({ schema: 'nnll/eval@1', model: { path: 'model.onnx' }, n: 300 });
  });

  it.each([
    ['sharpness', 'sharpness --model model.onnx --data data.npz --measures lambda_max,eps_sharpness,adaptive_average --eps 1e-3 --ascent-iter 3 --mc-samples 3'],
    ['reparam', 'reparam --model mlp:2-8-3:relu --data data.npz --layer 0 --alpha 4 --measures lambda_max,adaptive_worst --ascent-iter 3 --x -1:1:5'],
    ['study', 'study temperature --model mlp:2-6-3:relu --data spirals:n=60 --test spirals:n=40,seed=4 --lrs 0.1 --batch-sizes 20,60 --epochs 1 --measures lambda_max'],
  ])('runs the experiment kind %s from its command line, with the result runJob gives', async (kind, command) => {
    const id = await t.submit({ command });
    const r = await t.finished(id);
    expect(r.status, r.error).toBe('done');
    expect(r.spec.kind).toBe(kind);
    expect(r.result?.schema).toBe(`nnll/${kind}@1`);
    const direct = await runJob(r.spec, { io: nodeJobIO({ base: t.workspace }), backends: nodeBackends({ threads: 1 }) });
    expect(withoutTiming(r.result)).toEqual(withoutTiming(direct));
  });

  it.each([
    [{ kind: 'surface', model: 'mlp:2-16-3:tanh', data: 'spirals', options: { norm: 'fliter' } }, 'invalid norm: "fliter" (none, filter, layer, weight, dfilter, dlayer)'],
    [{ kind: 'surfase', model: 'm', data: 'd' }, `unknown kind: "surfase" (${jobKinds().map((k) => k.kind).join(', ')})`],
    [{ kind: 'hessian', model: 'mlp:2-16-3:tanh', data: 'spirals', options: { top_k: 0 } }, 'invalid top_k: 0 (expected an integer ≥ 1)'],
    [{ kind: 'eval', data: 'spirals' }, 'missing model'],
    [{ kind: 'eval', model: 'mlp:2-16-3:tanh', data: 'spirals', extra: 1 }, 'unknown field of eval: extra'],
    [[1, 2], 'invalid spec: an array (expected an object {kind, model, data, seed, options})'],
    [{ command: 'surface --model mlp:2-16-3:tanh --data spirals --norm fliter' }, 'invalid --norm: "fliter" (none, filter, layer, weight, dfilter, dlayer)'],
    [{ command: 'surface --model m.onnx --bogus' }, 'unknown flag --bogus for surface (see nnll surface --help)'],
    [{ command: 'frobnicate' }, expect.stringMatching(/^unknown command: frobnicate \(info, eval, /)],
    [{ command: 'surface --help' }, expect.stringMatching(/^invalid command: --help is not a job/)],
    [{ command: 'eval --model "m.onnx' }, 'invalid command: unmatched "'],
    [{ command: 'eval --model m.onnx', kind: 'eval' }, 'unknown field kind beside command (send a spec or a command, not both)'],
    [{ kind: 'eval', model: 'missing.onnx', data: 'spirals' }, 'model "missing.onnx": no such file in the workspace'],
    [{ command: 'eval --model missing.onnx --data spirals' }, '--model missing.onnx: no such file in the workspace'],
    [{ kind: 'eval', model: 'model.onnx', data: 'missing.npz' }, 'data "missing.npz": no such file in the workspace'],
    [{ kind: 'train', model: 'mlp:2-16-3:tanh', data: 'spirals', options: { save: 'no/such/dir/out.onnx' } }, 'save "no/such/dir/out.onnx": no such folder in the workspace'],
    [{ kind: 'eval', model: '.nnll/jobs/x.onnx', data: 'spirals' }, 'model ".nnll/jobs/x.onnx": inside the server\'s own .nnll folder'],
    [{ kind: 'eval', model: 'a\u0000.onnx', data: 'spirals' }, 'invalid model: "a\\u0000.onnx" (a path without NUL bytes)'],
  ])('400 for %j', async (body, message) => {
    const r = await t.post('/api/jobs', body);
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ error: message });
  });

  it('400 for malformed JSON, 415 for another content type, 413 past 1 MiB', async () => {
    const bad = await t.post('/api/jobs', '{"kind": ');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/JSON/);
    const xml = await t.req('/api/jobs', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: JSON.stringify(SMALL_SURFACE) });
    expect(xml.status).toBe(415);
    expect(await xml.json()).toEqual({ error: 'expected Content-Type: application/json, got "application/xml"' });
    const big = await t.post('/api/jobs', { kind: 'eval', model: 'x'.repeat(1100 * 1024), data: 'spirals' });
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ error: 'request body too large (at most 1,048,576 bytes)' });
  });

  it('404 for unknown jobs on every job route', async () => {
    for (const [method, path] of [['GET', '/api/jobs/zzzzzzzzzzzz'], ['DELETE', '/api/jobs/zzzzzzzzzzzz'], ['GET', '/api/jobs/zzzzzzzzzzzz/events'], ['POST', '/api/jobs/zzzzzzzzzzzz/resume'], ['GET', '/api/jobs/..%2F..%2Fetc']]) {
      const r = await t.req(path, { method });
      expect(r.status, `${method} ${path}`).toBe(404);
      expect((await r.json()).error).toMatch(/^no job "/);
    }
  });

  it('lists the history newest first, without results', async () => {
    const { jobs } = await (await t.req('/api/jobs')).json();
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    expect(jobs[0].created >= jobs[1].created).toBe(true);
    expect(jobs.every((j: Record<string, unknown>) => !('result' in j) && typeof j.command === 'string')).toBe(true);
  });

  it('cancels a running job keeping its partial result, which resumes to the full result; 409 once finished', async () => {
    const id = await t.submit(LONG_SURFACE);
    await firstPoints(t.ex, id);
    const d = await t.req(`/api/jobs/${id}`, { method: 'DELETE' });
    expect(d.status).toBe(200);
    const cancelled = await t.finished(id);
    expect(cancelled.status).toBe('cancelled');
    const partial = cancelled.result as { complete: boolean; points_done: number; points_total: number };
    expect(partial.complete).toBe(false);
    expect(partial.points_done).toBeGreaterThan(0);
    expect(partial.points_done).toBeLessThan(partial.points_total);
    const again = await t.req(`/api/jobs/${id}`, { method: 'DELETE' });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ error: `job ${id} is cancelled; nothing to cancel` });
    expect((await (await t.req(`/api/jobs/${id}`)).json()).resumable).toBe(true);

    const r = await t.post(`/api/jobs/${id}/resume`, {});
    expect(r.status).toBe(202);
    const next = await r.json();
    expect(next.resumed_from).toBe(id);
    const resumed = await t.finished(next.id);
    expect(resumed.status).toBe('done');
    const full = resumed.result as { complete: boolean; points_done: number; loss: number[][]; provenance: { counts: { forward_passes: number } } };
    expect(full.complete).toBe(true);
    expect(full.points_done).toBe(41 * 41);
    // the resumed run computed only the missing points
    expect(full.provenance.counts.forward_passes).toBe(41 * 41 - partial.points_done);
    const done = await t.post(`/api/jobs/${next.id}/resume`, {});
    expect(done.status).toBe(409);
    expect(await done.json()).toEqual({ error: `job ${next.id} cannot be resumed: it is done` });
  });

  it('fails a job whose input turns out bad with one line, and keeps serving', async () => {
    const id = await t.submit({ kind: 'eval', model: 'nan.onnx', data: 'spirals' });
    const r = await t.finished(id);
    expect(r.status).toBe('failed');
    expect(r.error).toBe('--model nan.onnx: parameter fc1.weight holds NaN at index 3');
    expect((await t.req('/api/health')).status).toBe(200);
  });
});

describe('the queue', () => {
  it('runs --jobs at once, queues --max-queued more, and answers 429 beyond', async () => {
    const t = await openExplorer({ jobs: 1, maxQueued: 1 });
    try {
      const a = await t.submit(LONG_SURFACE);
      const b = await t.submit(SMALL_SURFACE);
      expect(t.ex.jobs.get(a)!.status).toBe('running');
      expect(t.ex.jobs.get(b)!.status).toBe('queued');
      const c = await t.post('/api/jobs', SMALL_SURFACE);
      expect(c.status).toBe(429);
      expect(await c.json()).toEqual({ error: 'queue full: 1 jobs running and 1 waiting (--jobs 1, --max-queued 1); try again when one finishes' });
      const health = await (await t.req('/api/health')).json();
      expect(health.jobs).toEqual({ running: 1, queued: 1, runners: 1, max_queued: 1 });
      // cancelling the queued job takes it off the queue at once; then the running one
      expect((await t.req(`/api/jobs/${b}`, { method: 'DELETE' })).status).toBe(200);
      expect(t.ex.jobs.get(b)!.status).toBe('cancelled');
      await firstPoints(t.ex, a);
      await t.req(`/api/jobs/${a}`, { method: 'DELETE' });
      expect((await t.finished(a)).status).toBe('cancelled');
    } finally {
      await t.close();
    }
  });
});
