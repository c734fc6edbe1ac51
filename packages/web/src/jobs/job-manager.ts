/**
 * The server's jobs: a queue in front of `--jobs` runners, each job's state and what it has
 * streamed, subscribers (Server-Sent Events), cancellation, resumption, and persistence.
 *
 *   submit → queued → running → done | failed | cancelled
 *
 * At most `runners` jobs run at once and `maxQueued` wait; beyond that `submit` throws
 * QueueFullError (HTTP 429). Cancelling a running job keeps its partial result. When the server
 * stops, running jobs are stopped between units of work and kept as `failed: interrupted` with their
 * partial results; a server that was killed marks them so when it starts again.
 */
import { randomBytes } from 'node:crypto';
import { HTTPException } from 'hono/http-exception';
import { kindOf, type JobProgress, type JobSpec } from '@nnll/landscape';
import { FINISHED, isResumable, type JobRecord, type Progress } from './job-record.js';
import type { JobStore } from './job-store.js';
import type { RunnerPool, RunOutcome } from './runner-pool.js';
import { resumeFrom } from './resume.js';

export interface JobManagerOptions {
  runners: RunnerPool;
  /** Jobs that may wait for a runner. */
  maxQueued: number;
  store?: JobStore;
  /** Progress without new partial results is passed on at most this often per job (ms). Default 100. */
  progressInterval?: number;
  /** A running job's record is written at most this often (ms). Default 2000. */
  snapshotInterval?: number;
  /** How long `close` waits for running jobs to stop with their partial results (ms). Default 10000. */
  closeTimeout?: number;
  onWarning?: (message: string) => void;
}

/** What subscribers hear: progress (with what was computed since the last event), then the end. */
export type JobEvent =
  | { type: 'progress'; status: JobRecord['status']; progress?: Progress; partial?: unknown[] }
  | { type: 'end'; record: JobRecord };

const now = (): string => new Date().toISOString();
const newId = (): string => `${Date.now().toString(36).padStart(9, '0')}${randomBytes(4).toString('hex')}`;

interface Live {
  abort?: 'cancel' | 'interrupt';
  lastSent: number;
  pending?: Progress;
  timer?: ReturnType<typeof setTimeout>;
  lastSaved: number;
}

export class JobManager {
  readonly #o: Required<Omit<JobManagerOptions, 'store'>> & { store?: JobStore };
  readonly #jobs = new Map<string, JobRecord>();
  readonly #queue: string[] = [];
  readonly #live = new Map<string, Live>();
  readonly #listeners = new Map<string, Set<(e: JobEvent) => void>>();
  readonly #settled = new Map<string, Promise<void>>();
  #closing = false;

  private constructor(o: JobManagerOptions) {
    this.#o = { progressInterval: 100, snapshotInterval: 2000, closeTimeout: 10_000, onWarning: () => {}, ...o };
  }

  /** A manager with the stored history; jobs that were running or queued when the server stopped are marked interrupted. */
  static async open(o: JobManagerOptions): Promise<JobManager> {
    const m = new JobManager(o);
    for (const r of (await o.store?.load(m.#o.onWarning)) ?? []) {
      if (!FINISHED.includes(r.status)) {
        r.error = r.status === 'running' ? 'interrupted' : 'interrupted before it started';
        r.status = 'failed';
        r.finished ??= now();
        await o.store?.save(r);
      }
      m.#jobs.set(r.id, r);
    }
    return m;
  }

  get(id: string): JobRecord | undefined {
    return this.#jobs.get(id);
  }

  /** Every job, newest first. */
  list(): JobRecord[] {
    return [...this.#jobs.values()].reverse();
  }

  get running(): number {
    return [...this.#jobs.values()].filter((r) => r.status === 'running').length;
  }

  get queued(): number {
    return this.#queue.length;
  }

  /** Queues a validated spec; throws a 429 when every runner is busy and the queue is full. */
  submit(spec: JobSpec, o: { resume?: Record<string, unknown>; resumedFrom?: string } = {}): JobRecord {
    if (this.#closing) throw new HTTPException(503, { message: 'the server is stopping' });
    const idle = this.running < this.#o.runners.size && this.#queue.length === 0;
    if (!idle && this.#queue.length >= this.#o.maxQueued) {
      throw new HTTPException(429, { message: `queue full: ${this.running} jobs running and ${this.#queue.length} waiting (--jobs ${this.#o.runners.size}, --max-queued ${this.#o.maxQueued}); try again when one finishes` });
    }
    const record: JobRecord = { id: newId(), spec, status: 'queued', created: now(), ...(o.resumedFrom ? { resumed_from: o.resumedFrom } : {}) };
    this.#jobs.set(record.id, record);
    this.#queue.push(record.id);
    this.#resumes.set(record.id, o.resume);
    this.#save(record);
    this.#pump();
    return record;
  }

  readonly #resumes = new Map<string, Record<string, unknown> | undefined>();

  /** Continues a cancelled or interrupted job as a new job. */
  resume(id: string): JobRecord {
    const r = this.#need(id);
    if (!isResumable(r)) {
      const why = r.status === 'done' ? 'it is done' : !FINISHED.includes(r.status) ? `it is ${r.status}` : !kindOf(r.spec.kind).resumable ? `${r.spec.kind} jobs cannot be resumed (re-run it)` : 'it has no partial result';
      throw new HTTPException(409, { message: `job ${id} cannot be resumed: ${why}` });
    }
    return this.submit(r.spec, { resume: resumeFrom(r), resumedFrom: id });
  }

  /** Cancels a queued or running job (a running one keeps its partial result); 409 when it has finished. */
  cancel(id: string): JobRecord {
    const r = this.#need(id);
    if (FINISHED.includes(r.status)) throw new HTTPException(409, { message: `job ${id} is ${r.status}; nothing to cancel` });
    if (r.status === 'queued') {
      this.#queue.splice(this.#queue.indexOf(id), 1);
      this.#finish(r, { status: 'cancelled' });
      return r;
    }
    const live = this.#live.get(id)!;
    live.abort ??= 'cancel';
    this.#o.runners.cancel(id);
    return r;
  }

  /** Hears a job's events until the returned function is called. */
  subscribe(id: string, listener: (e: JobEvent) => void): () => void {
    let set = this.#listeners.get(id);
    if (!set) this.#listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      set!.delete(listener);
      if (set!.size === 0) this.#listeners.delete(id);
    };
  }

  /** Resolves when the job has finished (at once when it has). */
  settled(id: string): Promise<void> {
    return this.#settled.get(id) ?? Promise.resolve();
  }

  /** Stops: running jobs are interrupted (partial results kept), waiting ones marked, records written. */
  async close(): Promise<void> {
    this.#closing = true;
    for (const id of this.#queue.splice(0)) this.#finish(this.#jobs.get(id)!, { status: 'failed', error: 'interrupted before it started' });
    const running = [...this.#live.keys()];
    for (const id of running) {
      this.#live.get(id)!.abort = 'interrupt';
      this.#o.runners.cancel(id);
    }
    // a job stops between units of work; one whose unit is long is recorded as it stands
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.all(running.map((id) => this.settled(id))), new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#o.closeTimeout)))]);
    clearTimeout(timer);
    for (const id of running) {
      const r = this.#jobs.get(id)!;
      if (r.status === 'running') {
        this.#live.delete(id);
        this.#finish(r, { status: 'failed', error: 'interrupted' });
      }
    }
    await this.#o.store?.flush();
    await this.#o.runners.close();
  }

  #need(id: string): JobRecord {
    const r = this.#jobs.get(id);
    if (!r) throw new HTTPException(404, { message: `no job ${id}` });
    return r;
  }

  #emit(id: string, e: JobEvent): void {
    for (const l of this.#listeners.get(id) ?? []) l(e);
  }

  #save(r: JobRecord): void {
    this.#o.store?.save(r).catch((e) => this.#o.onWarning(`could not write job ${r.id}: ${(e as Error).message.split('\n')[0]}`));
  }

  #pump(): void {
    while (!this.#closing && this.#queue.length > 0 && this.running < this.#o.runners.size) this.#start(this.#jobs.get(this.#queue.shift()!)!);
  }

  #start(r: JobRecord): void {
    r.status = 'running';
    r.started = now();
    r.partial = [];
    const live: Live = { lastSent: 0, lastSaved: Date.now() };
    this.#live.set(r.id, live);
    this.#save(r);
    this.#emit(r.id, { type: 'progress', status: 'running' });
    const resume = this.#resumes.get(r.id);
    this.#resumes.delete(r.id);
    const done = this.#o.runners.run(r.id, r.spec, resume, {
      onProgress: (p) => this.#progress(r, live, p),
      onInputs: (inputs) => {
        r.inputs = inputs;
      },
    }).then((outcome) => this.#end(r, live, outcome));
    this.#settled.set(r.id, done);
  }

  #progress(r: JobRecord, live: Live, p: JobProgress): void {
    const { partial, ...progress } = p;
    r.progress = progress;
    const items = partial === undefined ? undefined : Array.isArray(partial) ? partial : [partial];
    if (items) r.partial!.push(...items);
    const t = Date.now();
    if (items || t - live.lastSent >= this.#o.progressInterval) {
      live.lastSent = t;
      live.pending = undefined;
      this.#emit(r.id, { type: 'progress', status: r.status, progress, ...(items ? { partial: items } : {}) });
    } else {
      live.pending = progress;
      live.timer ??= setTimeout(() => {
        live.timer = undefined;
        if (live.pending && r.status === 'running') {
          live.lastSent = Date.now();
          this.#emit(r.id, { type: 'progress', status: r.status, progress: live.pending });
          live.pending = undefined;
        }
      }, this.#o.progressInterval);
    }
    if (t - live.lastSaved >= this.#o.snapshotInterval) {
      live.lastSaved = t;
      this.#save(r);
    }
  }

  #end(r: JobRecord, live: Live, outcome: RunOutcome): void {
    clearTimeout(live.timer);
    if (r.status !== 'running') return; // recorded as interrupted when the server stopped
    this.#live.delete(r.id);
    if (outcome.ok) {
      const partial = outcome.result.complete === false;
      if (live.abort === 'interrupt' && partial) this.#finish(r, { status: 'failed', error: 'interrupted', result: outcome.result });
      else if (live.abort === 'cancel' && partial) this.#finish(r, { status: 'cancelled', result: outcome.result });
      else this.#finish(r, { status: 'done', result: outcome.result });
    } else {
      const status = live.abort === 'cancel' ? 'cancelled' : 'failed';
      this.#finish(r, { status, error: live.abort === 'interrupt' ? 'interrupted' : outcome.error });
    }
    this.#pump();
  }

  #finish(r: JobRecord, o: { status: JobRecord['status']; error?: string; result?: Record<string, unknown> }): void {
    r.status = o.status;
    r.finished = now();
    if (o.error !== undefined) r.error = o.error;
    if (o.result) {
      r.result = o.result;
      delete r.partial;
    } else if (!r.partial?.length) delete r.partial;
    this.#save(r);
    this.#emit(r.id, { type: 'end', record: r });
    this.#settled.delete(r.id);
  }
}
