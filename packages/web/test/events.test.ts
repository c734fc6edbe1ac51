// GET /api/jobs/:id/events: progress with partial results (surface points coarse-to-fine), then one
// result or error event; a late client first gets everything streamed so far.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LONG_SURFACE, SMALL_SURFACE, firstPoints, openExplorer, readEvents, type TestExplorer } from './helpers.js';

interface Point {
  i: number;
  j: number;
  loss: number;
  accuracy: number;
}

describe('job events', () => {
  let t: TestExplorer;
  beforeAll(async () => {
    t = await openExplorer();
  });
  afterAll(() => t.close());

  it('streams every surface point once, coarse grid first, then the result', async () => {
    const id = await t.submit(SMALL_SURFACE);
    const r = await t.req(`/api/jobs/${id}/events`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/event-stream');
    const events = await readEvents(r);
    const last = events[events.length - 1];
    expect(last.event).toBe('result');
    expect(last.data).toMatchObject({ id, status: 'done', complete: true });
    const progress = events.slice(0, -1);
    expect(progress.every((e) => e.event === 'progress')).toBe(true);
    const points: Point[] = progress.flatMap((e) => e.data.partial ?? []);
    expect(points).toHaveLength(121);
    expect(new Set(points.map((p) => `${p.i},${p.j}`)).size).toBe(121);
    // the preview lattice (every 4th row and column of 11, and the last) comes first
    const preview = points.slice(0, 16).map((p) => [p.i, p.j]);
    expect(preview.every(([i, j]) => [0, 4, 8, 10].includes(i) && [0, 4, 8, 10].includes(j))).toBe(true);
    // and each point is the result's number
    const loss = last.data.result.loss as number[][];
    for (const p of points) expect(p.loss).toBe(loss[p.i][p.j]);
    const dones = progress.map((e) => e.data.progress?.done).filter((d) => d !== undefined);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
  });

  it('gives a late client the points so far first, then only new ones', async () => {
    const id = await t.submit(LONG_SURFACE);
    await firstPoints(t.ex, id);
    const controller = new AbortController();
    const r = await t.req(`/api/jobs/${id}/events`, { signal: controller.signal });
    const reader = r.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('\n\n')) text += decoder.decode((await reader.read()).value, { stream: true });
    const first = JSON.parse(text.split('\n\n')[0].split('\n').find((l) => l.startsWith('data: '))!.slice(6));
    expect(first.status).toBe('running');
    const already = first.partial.length;
    expect(already).toBeGreaterThan(0);
    await t.req(`/api/jobs/${id}`, { method: 'DELETE' });
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    const blocks = text.split('\n\n').filter((b) => b.includes('data: '));
    const parsed = blocks.map((b) => ({ event: b.split('\n').find((l) => l.startsWith('event: '))!.slice(7), data: JSON.parse(b.split('\n').find((l) => l.startsWith('data: '))!.slice(6)) }));
    const end = parsed[parsed.length - 1];
    expect(end.event).toBe('result');
    expect(end.data.status).toBe('cancelled');
    const streamed = parsed.slice(0, -1).flatMap((e) => e.data.partial ?? []);
    // no point twice, and together exactly the points of the partial result
    expect(new Set(streamed.map((p: Point) => `${p.i},${p.j}`)).size).toBe(streamed.length);
    expect(streamed.length).toBe(end.data.result.points_done);
  });

  it('answers a finished job with its last event alone: result, or error for a failed one', async () => {
    const ok = await t.submit({ ...SMALL_SURFACE, options: { x: '-1:1:3' } });
    await t.finished(ok);
    const events = await readEvents(await t.req(`/api/jobs/${ok}/events`));
    expect(events.map((e) => e.event)).toEqual(['result']);
    const bad = await t.submit({ kind: 'eval', model: 'mlp:2-16-3:tanh', data: 'mnist' });
    await t.finished(bad);
    const failed = await readEvents(await t.req(`/api/jobs/${bad}/events`));
    expect(failed).toEqual([{ event: 'error', data: expect.objectContaining({ id: bad, status: 'failed', error: '--data mnist: data shape [1,28,28] does not match the input [2] of mlp:2-16-3:tanh' }) }]);
  });
});
