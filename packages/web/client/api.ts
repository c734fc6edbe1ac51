/** The explorer's HTTP API as the page uses it (same origin; errors are `{error}` one-liners). */
import type { JobSpec } from '@nnll/landscape';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface Progress {
  phase: string;
  done: number;
  total: number;
  unit: string;
  note?: string;
}

export interface JobView {
  id: string;
  spec: JobSpec;
  command: string;
  status: JobStatus;
  created: string;
  started?: string;
  finished?: string;
  progress?: Progress;
  error?: string;
  complete?: boolean;
  summary?: string;
  result?: Record<string, unknown>;
  resumable: boolean;
  resumed_from?: string;
}

export interface FileEntry {
  path: string;
  size: number;
  modified: string;
  format: string;
  role: 'model' | 'data' | 'arrays';
  info: Record<string, any> | null;
  error?: string;
}

export interface BuiltinEntry {
  name: string;
  about: string;
  info: Record<string, any> | null;
  error?: string;
}

export interface Listing {
  workspace: FileEntry[];
  builtin: BuiltinEntry[];
}

export class ApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const r = await fetch(path, { ...init, headers: { accept: 'application/json', ...init?.headers } });
  const text = await r.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    throw new ApiError(`${r.status} ${r.statusText}`, r.status);
  }
  if (!r.ok) throw new ApiError(body.error ?? `${r.status} ${r.statusText}`, r.status);
  return body as T;
}

const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export const api = {
  health: () => call<{ ok: boolean; version: string; kernel: string; jobs: { running: number; queued: number; runners: number } }>('/api/health'),
  models: () => call<Listing>('/api/models'),
  data: () => call<Listing>('/api/data'),
  jobs: () => call<{ jobs: JobView[] }>('/api/jobs').then((r) => r.jobs),
  job: (id: string) => call<JobView>(`/api/jobs/${encodeURIComponent(id)}`),
  submit: (spec: JobSpec) => call<{ id: string }>('/api/jobs', json(spec)),
  cancel: (id: string) => call<JobView>(`/api/jobs/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  resume: (id: string) => call<{ id: string }>(`/api/jobs/${encodeURIComponent(id)}/resume`, json({})),
  upload: (name: string, file: Blob, replace: boolean) =>
    call<{ path: string; size: number; info: Record<string, any> | null }>(`/api/files?name=${encodeURIComponent(name)}${replace ? '&replace=1' : ''}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: file,
    }),
};

export interface JobStreamHandlers {
  onProgress(e: { status: JobStatus; progress?: Progress; partial?: unknown[] }): void;
  onEnd(job: JobView): void;
}

/** Follows a job's Server-Sent Events until its result or error; returns a function that stops listening. */
export function followJob(id: string, h: JobStreamHandlers): () => void {
  const source = new EventSource(`/api/jobs/${encodeURIComponent(id)}/events`);
  source.addEventListener('progress', (e) => h.onProgress(JSON.parse((e as MessageEvent).data)));
  const end = (e: Event) => {
    if (!('data' in e)) return; // a connection error: EventSource reconnects and gets the state again
    source.close();
    h.onEnd(JSON.parse((e as MessageEvent).data));
  };
  source.addEventListener('result', end);
  source.addEventListener('error', end);
  return () => source.close();
}
