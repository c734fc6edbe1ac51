// The history under DIR/.nnll/jobs/: a restarted server shows it; a job running when the server
// stopped is `failed: interrupted` with its partial result and resumes to the full one — whether
// the server was stopped (Ctrl+C: the partial result is written) or killed (rebuilt from the points
// it had streamed).
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LONG_SURFACE, SMALL_SURFACE, firstPoints, openExplorer, tempWorkspace } from './helpers.js';

const workspaces: string[] = [];
afterAll(() => {
  for (const w of workspaces) rmSync(w, { recursive: true, force: true });
});
const workspace = () => {
  const w = tempWorkspace('nnll-web-history-');
  workspaces.push(w);
  return w;
};

describe('job history', () => {
  it('survives a restart, one whole JSON file per job', async () => {
    const w = workspace();
    const a = await openExplorer({ workspace: w });
    const id = await a.submit(SMALL_SURFACE);
    const before = await a.finished(id);
    await a.close();
    const files = readdirSync(path.join(w, '.nnll', 'jobs'));
    expect(files).toEqual([`${id}.json`]);
    expect(JSON.parse(readFileSync(path.join(w, '.nnll', 'jobs', files[0]), 'utf8')).status).toBe('done');
    const b = await openExplorer({ workspace: w });
    try {
      const job = await (await b.req(`/api/jobs/${id}`)).json();
      expect(job.status).toBe('done');
      expect(job.result).toEqual(before.result);
      expect((await (await b.req('/api/jobs')).json()).jobs.map((j: { id: string }) => j.id)).toEqual([id]);
    } finally {
      await b.close();
    }
  });

  it('keeps a job running at shutdown as failed: interrupted with its partial result, and resumes it', async () => {
    const w = workspace();
    const a = await openExplorer({ workspace: w });
    const id = await a.submit(LONG_SURFACE);
    await firstPoints(a.ex, id);
    await a.close();
    const b = await openExplorer({ workspace: w });
    try {
      const job = await (await b.req(`/api/jobs/${id}`)).json();
      expect(job).toMatchObject({ status: 'failed', error: 'interrupted', complete: false, resumable: true });
      const done = job.result.points_done as number;
      expect(done).toBeGreaterThan(0);
      const r = await b.post(`/api/jobs/${id}/resume`, {});
      expect(r.status).toBe(202);
      const resumed = await b.finished((await r.json()).id);
      expect(resumed.status).toBe('done');
      const full = resumed.result as { loss: number[][]; points_done: number; provenance: { counts: { forward_passes: number } } };
      expect(full.points_done).toBe(41 * 41);
      expect(full.provenance.counts.forward_passes).toBe(41 * 41 - done);
      // the points computed before the interruption are kept as they were
      const partial = job.result.loss as (number | null)[][];
      partial.forEach((row, i) => row.forEach((v, j) => v !== null && expect(full.loss[i][j]).toBe(v)));
    } finally {
      await b.close();
    }
  });

  it('marks a job as interrupted after a kill, and resumes it from the points it had streamed', async () => {
    const w = workspace();
    const a = await openExplorer({ workspace: w });
    const id = await a.submit(SMALL_SURFACE);
    const complete = await a.finished(id);
    await a.close();
    // what a killed server leaves: the record as last written while running — streamed points, no result
    const result = complete.result as { loss: number[][]; accuracy: number[][]; model: { sha256: string }; data: { sha256: string } };
    const points = [];
    for (let i = 0; i < 11; i += 2) for (let j = 0; j < 11; j += 2) points.push({ i, j, loss: result.loss[i][j], accuracy: result.accuracy[i][j] });
    const killed = 'zzkilled00001';
    writeFileSync(path.join(w, '.nnll', 'jobs', `${killed}.json`), JSON.stringify({
      id: killed, spec: complete.spec, status: 'running', created: new Date().toISOString(), started: new Date().toISOString(),
      progress: { phase: 'surface', done: points.length, total: 121, unit: 'points' }, partial: points,
      inputs: { '--data': result.data.sha256, '--model': result.model.sha256 },
    }));
    writeFileSync(path.join(w, '.nnll', 'jobs', 'zzbroken00001.json'), '{"id": "zzbro');
    const warnings: string[] = [];
    const b = await openExplorer({ workspace: w, onWarning: (m) => warnings.push(m) });
    try {
      expect(warnings).toEqual([expect.stringMatching(/^skipped \.nnll\/jobs\/zzbroken00001\.json: /)]);
      const job = await (await b.req(`/api/jobs/${killed}`)).json();
      expect(job).toMatchObject({ status: 'failed', error: 'interrupted', resumable: true });
      const r = await b.post(`/api/jobs/${killed}/resume`, {});
      expect(r.status).toBe(202);
      const resumed = await b.finished((await r.json()).id);
      const full = resumed.result as { loss: number[][]; provenance: { counts: { forward_passes: number } } };
      expect(resumed.status).toBe('done');
      expect(full.provenance.counts.forward_passes).toBe(121 - points.length);
      expect(full.loss).toEqual(result.loss);
    } finally {
      await b.close();
    }
  });

  it('marks a job that was waiting as interrupted before it started; it is not resumable but re-runs', async () => {
    const w = workspace();
    const a = await openExplorer({ workspace: w, jobs: 1 });
    const running = await a.submit(LONG_SURFACE);
    const waiting = await a.submit(SMALL_SURFACE);
    await firstPoints(a.ex, running);
    await a.close();
    const b = await openExplorer({ workspace: w });
    try {
      const job = await (await b.req(`/api/jobs/${waiting}`)).json();
      expect(job).toMatchObject({ status: 'failed', error: 'interrupted before it started', resumable: false });
      const r = await b.post(`/api/jobs/${waiting}/resume`, {});
      expect(r.status).toBe(409);
      expect(await r.json()).toEqual({ error: `job ${waiting} cannot be resumed: it has no partial result` });
      expect(readdirSync(path.join(w, '.nnll', 'jobs')).filter((f) => !f.endsWith('.json'))).toEqual([]);
    } finally {
      await b.close();
    }
  });
});

describe('what a crash leaves behind', () => {
  it('removes cut-off temporary files of records and uploads when the server starts', async () => {
    const w = workspace();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.join(w, '.nnll', 'jobs'), { recursive: true });
    mkdirSync(path.join(w, '.nnll', 'uploads'), { recursive: true });
    writeFileSync(path.join(w, '.nnll', 'jobs', '.0abc.json.123.ffff.tmp'), '{"id": "0ab');
    writeFileSync(path.join(w, '.nnll', 'uploads', '0a1b2c-model.onnx'), 'half a model');
    const t = await openExplorer({ workspace: w });
    try {
      expect(readdirSync(path.join(w, '.nnll', 'jobs'))).toEqual([]);
      expect(readdirSync(path.join(w, '.nnll'))).toEqual(['jobs']);
    } finally {
      await t.close();
    }
  });
});

describe('stopping', () => {
  it('does not wait for a job longer than closeTimeout: it is recorded as interrupted with the points it streamed', async () => {
    const { JobManager } = await import('../src/jobs/job-manager.js');
    // a manager whose runner never answers the cancel, as a job in one long unit of work would not
    const runners = {
      size: 1,
      busy: 0,
      run: () => new Promise(() => {}),
      cancel: () => {},
      inspect: () => Promise.reject(new Error('none')),
      close: async () => {},
    };
    const jobs = await JobManager.open({ runners: runners as never, maxQueued: 1, closeTimeout: 50 });
    const r = jobs.submit({ kind: 'surface', model: 'mlp:2-16-3:tanh', data: 'spirals', seed: 0, options: { x: '-1:1:3', y: '-1:1:3', norm: 'filter', ignore: 'biasbn' } });
    expect(r.status).toBe('running');
    await jobs.close();
    expect(jobs.get(r.id)).toMatchObject({ status: 'failed', error: 'interrupted' });
  });
});
