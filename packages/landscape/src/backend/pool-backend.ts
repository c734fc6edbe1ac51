/** A Backend over a kernel pool (worker threads in Node, Web Workers in browsers). */
import type { KernelPool } from '@nnll/core-wasm/browser';
import type { Backend } from './backend.js';
import type { Model } from '../models/model.js';

/** Wraps `pool` after giving it the model's parameters; closes the pool if that fails. */
export async function poolBackend(pool: KernelPool, model: Model): Promise<Backend> {
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
