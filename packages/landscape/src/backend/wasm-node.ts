/** The one file that touches the kernel: a Backend over a pool of WebAssembly workers (Node). */
import type { Program } from '@nnll/core-wasm';
import { KernelPool } from '@nnll/core-wasm/node';
import type { Backend } from './backend.js';
import type { Dataset } from '../data/dataset.js';

export interface WasmBackendOptions {
  /** Worker threads; default all cores. */
  threads?: number;
  /** 'auto' (default), 'relaxed' or 'plain'. */
  simd?: 'auto' | 'relaxed' | 'plain';
  consts?: ArrayLike<number>;
}

export async function wasmBackend(program: Program, data: Dataset, theta: ArrayLike<number>, options: WasmBackendOptions = {}): Promise<Backend> {
  const pool = await KernelPool.create(program, { threads: options.threads, simd: options.simd, consts: options.consts });
  try {
    await pool.setParams(theta);
    await pool.setData({ x: data.x, labels: data.labels, targets: data.targets });
  } catch (e) {
    await pool.close();
    throw e;
  }
  return {
    paramCount: pool.paramCount,
    name: `wasm-${pool.flavor}`,
    threads: pool.threads,
    setParams: (t) => pool.setParams(t),
    loss: () => pool.loss(),
    gradient: () => pool.gradient(),
    hvp: (v) => pool.hvp(v),
    close: () => pool.close(),
  };
}
