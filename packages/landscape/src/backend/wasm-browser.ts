/**
 * Backends in a browser: data-less (minibatch) backends on this thread, the rest on a pool of Web
 * Workers running the WebAssembly kernel — at most `maxWorkers`, and no more than one per 256
 * samples. The pool's workers load `./worker.js` beside the bundle that holds this module (a
 * bundler builds it from `@nnll/landscape/browser-worker`) and the kernel from `../wasm/`.
 */
import { createKernelPool } from '@nnll/core-wasm/browser';
import type { Backend } from './backend.js';
import { localBackend } from './wasm-local.js';
import { poolBackend } from './pool-backend.js';
import type { BackendFactory } from '../jobs/backends.js';

export interface BrowserBackendOptions {
  /** Most Web Workers per backend. Default: min(4, navigator.hardwareConcurrency). */
  maxWorkers?: number;
  /** Called with `wasm-relaxed, 2 workers` when a pool starts. */
  onStart?: (description: string) => void;
}

export function browserBackends(o: BrowserBackendOptions = {}): BackendFactory {
  return async (model, data): Promise<Backend> => {
    if (!data) return localBackend(model);
    const cores = globalThis.navigator?.hardwareConcurrency || 2;
    const threads = Math.max(1, Math.min(o.maxWorkers ?? Math.min(4, cores), Math.ceil(data.n / 256)));
    const pool = await createKernelPool(model.program, { threads, consts: model.consts });
    const backend = await poolBackend(pool, model);
    try {
      await backend.setData(data);
    } catch (error) {
      await backend.close();
      throw error;
    }
    o.onStart?.(`wasm-${pool.flavor}, ${pool.threads} worker${pool.threads === 1 ? '' : 's'}`);
    return backend;
  };
}
