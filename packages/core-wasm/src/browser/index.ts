// Browser entry: the kernel pool on Web Workers (module workers loading this package's worker.js).
import { KernelPool, type KernelPoolOptions, type WorkerPort } from '../pool/pool.js';
import type { Program } from '../program.js';
import type { Reply } from '../pool/protocol.js';

export { KernelPool, type KernelPoolOptions } from '../pool/pool.js';

function spawn(): WorkerPort {
  const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  return {
    post: (m, t) => w.postMessage(m, t),
    onMessage: (f) => { w.onmessage = (e: MessageEvent<Reply>) => f(e.data); },
    onError: (f) => { w.onerror = (e) => f(new Error(e.message || 'worker failed to start')); },
    terminate: async () => w.terminate(),
  };
}

/** A pool of `threads` Web Workers (default: navigator.hardwareConcurrency). */
export function createKernelPool(program: Program, options: KernelPoolOptions = {}): Promise<KernelPool> {
  return KernelPool.start(program, spawn, options.threads ?? (globalThis.navigator?.hardwareConcurrency || 2), options);
}
