/** A Backend over a pool of WebAssembly workers (Node); one thread runs in-process instead. */
import { createKernelPool } from '@nnll/core-wasm/node';
import type { Backend, BackendOptions } from './backend.js';
import { localBackend } from './wasm-local.js';
import type { Model } from '../models/model.js';
import type { Dataset } from '../data/dataset.js';

export async function nodeBackend(model: Model, options: BackendOptions = {}): Promise<Backend> {
  if (options.threads === 1) return localBackend(model, options);
  const pool = await createKernelPool(model.program, { threads: options.threads, simd: options.simd, batchSize: options.batchSize, consts: model.consts });
  try {
    await pool.setParams(model.params);
  } catch (e) {
    await pool.close();
    throw e;
  }
  return {
    paramCount: pool.paramCount,
    name: `wasm-${pool.flavor}`,
    threads: pool.threads,
    setParams: (t) => pool.setParams(t),
    setData: (d) => pool.setData({ x: d.x, labels: d.labels, targets: d.targets }),
    loss: () => pool.loss(),
    gradient: async () => ({ ...(await pool.gradient()), n: pool.sampleCount }),
    hvp: (v) => pool.hvp(v),
    points: (d1, d2, pts) => pool.points(d1, d2, pts),
    close: () => pool.close(),
  };
}

/** A backend with `data` already resident. */
export async function nodeBackendWith(model: Model, data: Dataset, options: BackendOptions = {}): Promise<Backend> {
  const b = await nodeBackend(model, options);
  try {
    await b.setData(data);
  } catch (e) {
    await b.close();
    throw e;
  }
  return b;
}
