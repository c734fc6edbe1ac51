// Explorers over temporary workspaces, driven through app.request() (no socket), and fixture files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeNpz, exportOnnx, spirals } from '@nnll/landscape';
import { loadModel } from '@nnll/landscape/node';
import { createExplorer, type Explorer, type ExplorerOptions } from '../src/explorer.js';
import type { JobRecord } from '../src/jobs/job-record.js';

export interface TestExplorer {
  ex: Explorer;
  workspace: string;
  req(path: string, init?: RequestInit): Promise<Response>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Submits a job and returns its id (the submission must be accepted). */
  submit(spec: unknown): Promise<string>;
  /** The job once it has finished. */
  finished(id: string): Promise<JobRecord>;
  close(): Promise<void>;
}

export function tempWorkspace(prefix = 'nnll-web-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function openExplorer(o: Partial<ExplorerOptions> & { workspace?: string } = {}): Promise<TestExplorer> {
  const workspace = o.workspace ?? tempWorkspace();
  const ex = await createExplorer({ version: 'test', jobs: 1, threads: 1, ...o, workspace, log: () => {} });
  const req = (p: string, init?: RequestInit) => Promise.resolve(ex.app.request(p, init));
  const post = (p: string, body: unknown, headers: Record<string, string> = {}) =>
    req(p, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return {
    ex,
    workspace,
    req,
    post,
    async submit(spec) {
      const r = await post('/api/jobs', spec);
      const j = (await r.json()) as { id: string; error?: string };
      if (r.status !== 202) throw new Error(`submit: ${r.status} ${j.error}`);
      return j.id;
    },
    async finished(id) {
      await ex.jobs.settled(id);
      return ex.jobs.get(id)!;
    },
    async close() {
      await ex.close();
      if (!o.workspace) rmSync(workspace, { recursive: true, force: true });
    },
  };
}

/** model.onnx (mlp:2-16-3:tanh, seed 0), data.npz (spirals x, y), nan.onnx (a NaN weight), in `dir`. */
export async function writeFixtures(dir: string): Promise<void> {
  const model = await loadModel('mlp:2-16-3:tanh');
  writeFileSync(path.join(dir, 'model.onnx'), exportOnnx(model));
  const bad = { ...model, params: Float32Array.from(model.params) };
  bad.params[3] = Number.NaN;
  writeFileSync(path.join(dir, 'nan.onnx'), exportOnnx(bad));
  const d = spirals();
  writeFileSync(path.join(dir, 'data.npz'), encodeNpz({ x: { shape: [d.n, 2], data: d.x, dtype: 'float32' }, y: { shape: [d.n], data: d.labels!, dtype: 'int32' } }));
}

/** Server-Sent Events from a response body: `[{event, data}]` until the stream ends. */
export async function readEvents(r: Response): Promise<{ event: string; data: any }[]> {
  const text = await r.text();
  return text.split('\n\n').filter((b) => b.includes('data:')).map((block) => {
    const lines = block.split('\n');
    const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
    const data = JSON.parse(lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n'));
    return { event, data };
  });
}

/** A surface long enough to cancel (1,681 full passes over the 10,000 digits). */
export const LONG_SURFACE = { kind: 'surface', model: 'mlp:784-64-10:relu', data: 'mnist', options: { x: '-1:1:41', y: '-1:1:41' } };
export const SMALL_SURFACE = { kind: 'surface', model: 'mlp:2-16-3:tanh', data: 'spirals', options: { x: '-1:1:11', y: '-1:1:11' } };

/** Resolves at the first progress event carrying partial results. */
export function firstPoints(ex: Explorer, id: string): Promise<void> {
  return new Promise((resolve) => {
    if (ex.jobs.get(id)?.partial?.length) return resolve();
    const stop = ex.jobs.subscribe(id, (e) => {
      if (e.type === 'end' || e.partial?.length) {
        stop();
        resolve();
      }
    });
  });
}
