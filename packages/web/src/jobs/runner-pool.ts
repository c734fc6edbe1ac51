/**
 * The server's worker threads: `runners` job runners (one job each at a time: the `--jobs` limit)
 * and one inspector for file listings and upload checks, each a `runner-worker` thread started on
 * first use. A runner that dies (out of memory, a crash in a kernel) fails its job with one line and
 * is replaced; the server keeps serving.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { JobProgress } from '@nnll/landscape';
import type { InspectAs, Inspection, OpenedInputs, RunnerData, RunnerReply, RunnerRequest } from './runner-protocol.js';

export interface RunnerPoolOptions {
  /** The workspace (a real path). */
  root: string;
  /** Job runners: how many jobs run at once. */
  runners: number;
  /** Kernel threads per job. */
  threads: number;
}

export interface RunHandlers {
  onProgress(p: JobProgress): void;
  onInputs(inputs: OpenedInputs): void;
}

export type RunOutcome = { ok: true; result: Record<string, unknown> } | { ok: false; error: string; input: boolean };

/** A file the inspector could not read or parse: `message` is one line naming it. */
export class InspectError extends Error {
  constructor(message: string, readonly input: boolean) {
    super(message);
  }
}

/** The worker's script: beside this module once built; from `src/` (tests) the built one in `dist/`. */
function script(): URL {
  const here = new URL('./runner-worker.js', import.meta.url);
  return existsSync(fileURLToPath(here)) ? here : new URL('../../dist/jobs/runner-worker.js', import.meta.url);
}

interface Thread {
  worker: Worker;
  /** The job it runs (runners) or the inspections it owes (inspector). */
  job?: { id: string; handlers: RunHandlers; settle(o: RunOutcome): void };
  pending: Map<string, { resolve(i: Inspection): void; reject(e: Error): void }>;
}

export class RunnerPool {
  readonly #o: RunnerPoolOptions;
  readonly #runners: (Thread | undefined)[];
  #inspector: Thread | undefined;
  #next = 0;
  #closed = false;

  constructor(o: RunnerPoolOptions) {
    this.#o = o;
    this.#runners = new Array(o.runners).fill(undefined);
  }

  get size(): number {
    return this.#o.runners;
  }

  /** Runners running a job now. */
  get busy(): number {
    return this.#runners.filter((t) => t?.job).length;
  }

  #start(): Thread {
    const data: RunnerData = { root: this.#o.root, threads: this.#o.threads };
    const worker = new Worker(script(), { workerData: data, name: 'nnll-job-runner' });
    const thread: Thread = { worker, pending: new Map() };
    worker.on('message', (m: RunnerReply) => this.#reply(thread, m));
    const fail = (why: string) => {
      const job = thread.job;
      thread.job = undefined;
      job?.settle({ ok: false, error: `internal error: the job runner stopped (${why})`, input: false });
      for (const p of thread.pending.values()) p.reject(new InspectError(`internal error: the inspector stopped (${why})`, false));
      thread.pending.clear();
      const at = this.#runners.indexOf(thread);
      if (at >= 0) this.#runners[at] = undefined;
      if (this.#inspector === thread) this.#inspector = undefined;
    };
    worker.on('error', (e) => fail(e.message.split('\n')[0]));
    worker.on('exit', (code) => fail(`exit ${code}`));
    return thread;
  }

  #reply(thread: Thread, m: RunnerReply): void {
    if (m.type === 'inspected') {
      const p = thread.pending.get(m.id);
      thread.pending.delete(m.id);
      if (!p) return;
      if (m.inspection) p.resolve(m.inspection);
      else p.reject(new InspectError(m.error, m.input));
      return;
    }
    const job = thread.job;
    if (!job || job.id !== m.id) return;
    switch (m.type) {
      case 'progress':
        job.handlers.onProgress(m.progress);
        break;
      case 'inputs':
        job.handlers.onInputs(m.inputs);
        break;
      case 'done':
        thread.job = undefined;
        job.settle({ ok: true, result: m.result });
        break;
      case 'failed':
        thread.job = undefined;
        job.settle({ ok: false, error: m.error, input: m.input });
        break;
    }
  }

  #send(thread: Thread, m: RunnerRequest): void {
    thread.worker.postMessage(m);
  }

  /** Runs a job on an idle runner (the caller keeps at most `runners` jobs running). */
  run(id: string, spec: unknown, resume: Record<string, unknown> | undefined, handlers: RunHandlers): Promise<RunOutcome> {
    if (this.#closed) return Promise.resolve({ ok: false, error: 'the server is stopping', input: false });
    let at = this.#runners.findIndex((t) => t && !t.job);
    if (at < 0) at = this.#runners.findIndex((t) => !t);
    if (at < 0) throw new Error('no idle job runner');
    const thread = (this.#runners[at] ??= this.#start());
    return new Promise<RunOutcome>((settle) => {
      thread.job = { id, handlers, settle };
      this.#send(thread, { type: 'run', id, spec, resume });
    });
  }

  /** Asks the job's runner to stop it; the job settles with its partial result. */
  cancel(id: string): void {
    const thread = this.#runners.find((t) => t?.job?.id === id);
    if (thread) this.#send(thread, { type: 'cancel', id });
  }

  /** A file's description (model info, data shape, arrays), or an InspectError naming the file. */
  inspect(path: string, as: InspectAs): Promise<Inspection> {
    if (this.#closed) return Promise.reject(new InspectError('the server is stopping', false));
    const thread = (this.#inspector ??= this.#start());
    const id = `i${++this.#next}`;
    return new Promise<Inspection>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      this.#send(thread, { type: 'inspect', id, path, as });
    });
  }

  /** Stops every thread (after their kernels close). */
  async close(): Promise<void> {
    this.#closed = true;
    const threads = [...this.#runners, this.#inspector].filter((t): t is Thread => t !== undefined);
    await Promise.all(threads.map((t) => new Promise<void>((resolve) => {
      const timer = setTimeout(() => void t.worker.terminate().then(() => resolve()), 10_000);
      t.worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.#send(t, { type: 'close' });
    })));
  }
}
