/** A Backend over a pool of WebAssembly workers (Node); one thread runs in-process instead. */
import { createKernelPool } from '@nnll/core-wasm/node';
import type { Backend, BackendOptions } from './backend.js';
import { localBackend } from './wasm-local.js';
import { poolBackend } from './pool-backend.js';
import type { Model } from '../models/model.js';
import type { Dataset } from '../data/dataset.js';

export async function nodeBackend(model: Model, options: BackendOptions = {}): Promise<Backend> {
  if (options.threads === 1 && !options.pool) return localBackend(model, options);
  const pool = await createKernelPool(model.program, { threads: options.threads, simd: options.simd, batchSize: options.batchSize, consts: model.consts });
  return poolBackend(pool, model);
}

/** A backend with `data` already resident (none: the caller sets data later). */
export async function nodeBackendWith(model: Model, data: Pick<Dataset, 'x' | 'labels' | 'targets'> | null, options: BackendOptions = {}): Promise<Backend> {
  const b = await nodeBackend(model, options);
  if (!data) return b;
  try {
    await b.setData(data);
  } catch (e) {
    await b.close();
    throw e;
  }
  return b;
}
