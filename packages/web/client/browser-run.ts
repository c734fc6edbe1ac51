/** The page's side of jobs run in this browser: one job worker per run, progress, cancel, result. */
import type { JobProgress, JobSpec } from '@nnll/landscape';
import type { WorkerReply, WorkerRequest } from './job-worker.js';

export interface BrowserRun {
  /** Resolves with the result (partial, `complete: false`, when cancelled) and the kernel it ran on. */
  done: Promise<{ result: Record<string, unknown>; backend: string }>;
  cancel(): void;
}

export function runInBrowser(spec: JobSpec, files: Record<string, Uint8Array>, onProgress: (p: JobProgress) => void): BrowserRun {
  const worker = new Worker(new URL('./job-worker.js', import.meta.url), { type: 'module', name: 'nnll-job' });
  const done = new Promise<{ result: Record<string, unknown>; backend: string }>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<WorkerReply>) => {
      const m = e.data;
      if (m.type === 'progress') onProgress(m.progress);
      else if (m.type === 'result') resolve(m);
      else reject(new Error(m.message));
    };
    worker.onerror = (e) => reject(new Error(e.message || 'the job worker failed to start'));
    worker.postMessage({ type: 'run', spec, files } satisfies WorkerRequest);
  }).finally(() => worker.terminate());
  return { done, cancel: () => worker.postMessage({ type: 'cancel' } satisfies WorkerRequest) };
}
