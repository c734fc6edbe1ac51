/**
 * Backends for jobs, pooled: keyed by the model's program and constants and the data set's content,
 * and leased — a lease has its backend to itself until it is released, so a long-running server runs
 * concurrent jobs without two of them touching one stateful backend (parameters, resident data,
 * cached first-layer terms). A leased backend holds the model's parameters; an idle one is kept for
 * the next job on the same model and data (up to `maxIdle`), so repeated jobs skip starting workers
 * and copying the data in.
 */
import type { Backend } from '../backend/backend.js';
import type { Dataset } from '../data/dataset.js';
import { sha256Hex } from '../data/sha256.js';
import type { Model } from '../models/model.js';

/**
 * How a lease will be used: `share` — one of that many jobs running at once (a study's runs), so a
 * backend takes its share of the threads and keeps compute off the calling thread, where the
 * concurrent jobs would queue.
 */
export interface LeaseHint {
  share?: number;
}

/** Opens a backend for a model with `data` resident (none: minibatch training sets data per step). */
export type BackendFactory = (model: Model, data: Pick<Dataset, 'x' | 'labels' | 'targets' | 'n'> | null, hint?: LeaseHint) => Promise<Backend>;

export interface Lease {
  readonly backend: Backend;
  /** Returns the backend to the pool (or closes it, after a failure: `broken`). */
  release(broken?: boolean): Promise<void>;
}

export interface BackendPoolOptions {
  /** Idle backends kept for later jobs. Default 0 (a one-shot pool: everything closes on release). */
  maxIdle?: number;
}

interface Entry {
  key: string;
  backend: Backend;
}

const keys = new WeakMap<object, string>();

/** Content key of a program and its constants (cached per model object). */
function modelKey(m: Model): string {
  let k = keys.get(m);
  if (!k) {
    k = sha256Hex(new TextEncoder().encode(JSON.stringify(m.program)), new Uint8Array(m.consts.buffer, m.consts.byteOffset, m.consts.byteLength));
    keys.set(m, k);
  }
  return k;
}

let unnamed = 0;

/** A data set's sha256 (with its size) names its content; a set without one (a subset, a minibatch) is only itself. */
function dataKey(d: Pick<Dataset, 'x' | 'labels' | 'targets' | 'n'> & { sha256?: string }): string {
  if (d.sha256) return `${d.sha256}:${d.n}:${d.x.length}`;
  let k = keys.get(d);
  if (!k) keys.set(d, (k = `object-${++unnamed}`));
  return k;
}

export class BackendPool {
  readonly #open: BackendFactory;
  readonly #maxIdle: number;
  #idle: Entry[] = [];
  #leased = new Set<Backend>();
  #closed = false;

  constructor(open: BackendFactory, options: BackendPoolOptions = {}) {
    this.#open = open;
    this.#maxIdle = options.maxIdle ?? 0;
  }

  /** A backend holding `model`'s parameters with `data` resident, to this caller alone until released. */
  async lease(model: Model, data: (Pick<Dataset, 'x' | 'labels' | 'targets' | 'n'> & { sha256?: string }) | null, hint?: LeaseHint): Promise<Lease> {
    if (this.#closed) throw new Error('backend pool is closed');
    const key = `${modelKey(model)}|${data ? dataKey(data) : '-'}|${hint?.share ?? 1}`;
    const at = this.#idle.findIndex((e) => e.key === key);
    let backend: Backend;
    if (at >= 0) {
      backend = this.#idle.splice(at, 1)[0].backend;
      try {
        await backend.setParams(model.params);
      } catch (e) {
        await backend.close();
        throw e;
      }
    } else {
      backend = await this.#open(model, data, hint);
    }
    this.#leased.add(backend);
    let done = false;
    return {
      backend,
      release: async (broken = false) => {
        if (done) return;
        done = true;
        this.#leased.delete(backend);
        if (broken || this.#closed || this.#maxIdle === 0) return backend.close();
        this.#idle.push({ key, backend });
        while (this.#idle.length > this.#maxIdle) await this.#idle.shift()!.backend.close();
      },
    };
  }

  /** Backends idle / in use. */
  get size(): { idle: number; leased: number } {
    return { idle: this.#idle.length, leased: this.#leased.size };
  }

  /** This pool as one of `share` concurrent users sees it: its leases carry the hint (closing it closes nothing). */
  shared(share: number): BackendPool {
    const parent = this;
    return new (class extends BackendPool {
      override lease(model: Model, data: Parameters<BackendPool['lease']>[1], hint?: LeaseHint): Promise<Lease> {
        return parent.lease(model, data, { share, ...hint });
      }
      override async close(): Promise<void> {}
    })(() => Promise.reject(new Error('a shared view opens no backends')));
  }

  /** Closes every backend, idle and leased. */
  async close(): Promise<void> {
    this.#closed = true;
    const all = [...this.#idle.map((e) => e.backend), ...this.#leased];
    this.#idle = [];
    this.#leased.clear();
    await Promise.all(all.map((b) => b.close()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** Runs `f` with leased backends, releasing them however it ends (closing them if it threw). */
export async function withLeases<T>(pool: BackendPool, wanted: readonly [Model, Pick<Dataset, 'x' | 'labels' | 'targets' | 'n'> | null][], f: (...backends: Backend[]) => Promise<T>): Promise<T> {
  const leases: Lease[] = [];
  let ok = false;
  try {
    for (const [m, d] of wanted) leases.push(await pool.lease(m, d));
    const r = await f(...leases.map((l) => l.backend));
    ok = true;
    return r;
  } finally {
    await Promise.all(leases.map((l) => l.release(!ok)));
  }
}
