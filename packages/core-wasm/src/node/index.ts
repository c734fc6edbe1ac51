// Node entry: the kernel pool on worker threads.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { KernelPool, type KernelPoolOptions, type WorkerPort } from '../pool/pool.js';
import type { Program } from '../program.js';
import type { Reply } from '../pool/protocol.js';

export { KernelPool, type KernelPoolOptions } from '../pool/pool.js';

function spawn(): WorkerPort {
  const w = new Worker(new URL('./worker.js', import.meta.url));
  // an idle pool does not keep the process alive (a script ends by itself); a busy one does
  w.unref();
  return {
    post: (m, t) => w.postMessage(m, t),
    onMessage: (f) => w.on('message', (r: Reply) => f(r)),
    onError: (f) => w.on('error', f),
    terminate: () => w.terminate(),
    busy: (yes) => (yes ? w.ref() : w.unref()),
  };
}

/** A pool of `threads` worker threads (default: all cores). */
export function createKernelPool(program: Program, options: KernelPoolOptions = {}): Promise<KernelPool> {
  return KernelPool.start(program, spawn, options.threads ?? availableParallelism(), options);
}
