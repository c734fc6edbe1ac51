/**
 * Jobs in Node: files through the file system (optionally confined to a folder), backends on worker
 * threads (one thread: in-process), and `runJob` with those as its defaults.
 */
import { availableParallelism } from 'node:os';
import type { Backend } from '../backend/backend.js';
import { localBackend } from '../backend/wasm-local.js';
import { nodeBackendWith } from '../backend/wasm-node.js';
import { yielding } from '../backend/yielding.js';
import { createJobIO, type JobIO } from './io.js';
import { nodeFileSource, type NodeFilesOptions } from './node-files.js';
import type { BackendFactory } from './backends.js';
import { runJob as run, type RunJobOptions } from './run-job.js';
import type { JobKindName, JobResultOf, JobSpecOf } from './registry.js';

/** Models, data and arrays from the file system (paths relative to `base`, confined to `root` when given). */
export const nodeJobIO = (options: NodeFilesOptions = {}): JobIO => createJobIO(nodeFileSource(options));

export interface NodeBackendOptions {
  /** Worker threads per backend (default: all cores); 1 runs in-process. */
  threads?: number;
  simd?: 'auto' | 'relaxed' | 'plain';
  /** Never run a kernel on the calling thread (servers): one thread becomes a pool of one worker. */
  offMainThread?: boolean;
}

/** Opens backends on worker threads; minibatch (data-less) backends and one-thread ones in-process, yielding to the event loop. */
export function nodeBackends(o: NodeBackendOptions = {}): BackendFactory {
  return async (model, data, hint): Promise<Backend> => {
    const share = hint?.share ?? 1;
    if (share > 1) {
      // one of several concurrent jobs: its share of the threads, on worker threads
      const threads = Math.max(1, Math.floor((o.threads ?? availableParallelism()) / share));
      return nodeBackendWith(model, data, { threads: data === null ? 1 : threads, simd: o.simd, pool: true });
    }
    if (data === null && !o.offMainThread) return yielding(await localBackend(model, { simd: o.simd }));
    if (o.threads === 1 && !o.offMainThread) {
      const b = yielding(await localBackend(model, { simd: o.simd }));
      if (data) await b.setData(data);
      return b;
    }
    if (data === null) return nodeBackendWith(model, null, { threads: 1, simd: o.simd, pool: true });
    return nodeBackendWith(model, data, { threads: o.threads, simd: o.simd, pool: o.offMainThread });
  };
}

export type NodeRunJobOptions = Partial<RunJobOptions> & NodeBackendOptions & NodeFilesOptions;

/** runJob with Node defaults: files relative to the working directory, backends on all cores. */
export function runJob<K extends JobKindName>(spec: JobSpecOf<K> | (Record<string, unknown> & { kind: K }), o?: NodeRunJobOptions): Promise<JobResultOf<K>>;
export function runJob(spec: unknown, o?: NodeRunJobOptions): Promise<Record<string, unknown>>;
export function runJob(spec: unknown, o: NodeRunJobOptions = {}): Promise<Record<string, unknown>> {
  return run(spec, { ...o, io: o.io ?? nodeJobIO(o), backends: o.backends ?? nodeBackends(o) });
}
