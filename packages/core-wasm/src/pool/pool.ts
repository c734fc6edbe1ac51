/**
 * Data-parallel kernels on workers (worker threads in Node, Web Workers in browsers): each worker
 * holds one WebAssembly instance and a contiguous shard of the data; every call runs on all
 * shards at once and the f64 sums are added.
 */
import type { Program } from '../program.js';
import { resolveProgram, sizeOf } from '../program.js';
import { KernelError, type DataSet, type KernelOptions } from '../kernel.js';
import type { Reply, Request } from './protocol.js';

export interface KernelPoolOptions extends KernelOptions {
  /** Workers; default: all cores. */
  threads?: number;
  /** BatchNorm running statistics and other constants. */
  consts?: ArrayLike<number>;
}

/** The host side of one worker, whatever the platform. */
export interface WorkerPort {
  post(m: Request, transfer: ArrayBuffer[]): void;
  onMessage(f: (r: Reply) => void): void;
  onError(f: (e: Error) => void): void;
  terminate(): Promise<unknown>;
  /** Told when the worker starts and stops having requests in flight (Node: ref while busy, unref while idle). */
  busy?(yes: boolean): void;
}

type Body<T> = T extends unknown ? Omit<T, 'id'> : never;

class Channel {
  #port: WorkerPort;
  #next = 1;
  #pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();

  constructor(port: WorkerPort) {
    this.#port = port;
    port.onMessage((r) => {
      const p = this.#pending.get(r.id);
      this.#pending.delete(r.id);
      if (!p) return;
      if (r.error) p.reject(new KernelError(r.error));
      else p.resolve(r);
    });
    port.onError((e) => {
      for (const p of this.#pending.values()) p.reject(e);
      this.#pending.clear();
    });
  }

  call(m: Body<Request>, transfer: ArrayBuffer[] = []): Promise<Reply> {
    const id = this.#next++;
    if (this.#pending.size === 0) this.#port.busy?.(true);
    return new Promise<Reply>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#port.post({ ...m, id } as Request, transfer);
    }).finally(() => {
      if (this.#pending.size === 0) this.#port.busy?.(false);
    });
  }

  terminate(): Promise<unknown> {
    return this.#port.terminate();
  }
}

export class KernelPool {
  readonly threads: number;
  readonly paramCount: number;
  readonly flavor: string;
  readonly #channels: Channel[];
  readonly #ce: boolean;
  readonly #outSize: number;
  readonly #inSize: number;
  #n = 0;
  #shards: number[] = [];

  private constructor(channels: Channel[], program: Program, flavor: string) {
    const r = resolveProgram(program);
    this.#channels = channels;
    this.threads = channels.length;
    this.paramCount = r.paramCount;
    this.flavor = flavor;
    this.#ce = program.loss === 'cross-entropy';
    this.#outSize = sizeOf(r.shapes[program.output]);
    this.#inSize = sizeOf(program.input);
  }

  /** Starts `threads` workers from `spawn` (see node/ and browser/ for the platform's spawn). */
  static async start(program: Program, spawn: () => WorkerPort, threads: number, options: KernelPoolOptions = {}): Promise<KernelPool> {
    if (!Number.isInteger(threads) || threads < 1) throw new KernelError(`invalid threads: ${threads}`);
    resolveProgram(program);
    const { threads: _t, consts, ...kernelOptions } = options;
    const channels = Array.from({ length: threads }, () => new Channel(spawn()));
    try {
      const replies = await Promise.all(
        channels.map((c) => c.call({ type: 'init', program, options: kernelOptions, consts: consts ? Float32Array.from(consts) : null })),
      );
      return new KernelPool(channels, program, replies[0].flavor!);
    } catch (e) {
      await Promise.all(channels.map((c) => c.terminate()));
      throw e;
    }
  }

  get sampleCount(): number {
    return this.#n;
  }

  async setParams(theta: ArrayLike<number>): Promise<void> {
    const t = Float32Array.from(theta);
    await Promise.all(this.#channels.map((c) => c.call({ type: 'params', theta: t })));
  }

  /** Splits the samples into one contiguous shard per worker (idle workers get none). */
  async setData(data: DataSet): Promise<void> {
    const n = data.x.length / this.#inSize;
    if (!Number.isInteger(n) || n < 1) throw new KernelError(`data: ${data.x.length} input values do not make whole samples of ${this.#inSize}`);
    const used = Math.min(this.threads, n);
    const bounds = Array.from({ length: used + 1 }, (_, i) => Math.round((i * n) / used));
    this.#shards = [];
    await Promise.all(
      bounds.slice(0, used).map((s, i) => {
        const e = bounds[i + 1];
        this.#shards.push(i);
        const x = data.x.slice(s * this.#inSize, e * this.#inSize);
        const labels = data.labels ? data.labels.slice(s, e) : null;
        const targets = data.targets ? data.targets.slice(s * this.#outSize, e * this.#outSize) : null;
        return this.#channels[i].call({ type: 'data', x, labels, targets }, [x.buffer as ArrayBuffer]);
      }),
    );
    this.#n = n;
  }

  #all(m: Body<Request>): Promise<Reply[]> {
    if (this.#n === 0) throw new KernelError('no data: call setData first');
    return Promise.all(this.#shards.map((i) => this.#channels[i].call(m)));
  }

  #divisor(): number {
    return this.#ce ? this.#n : this.#n * this.#outSize;
  }

  #sum(replies: Reply[], key: 'gradient' | 'hv'): Float64Array {
    const out = new Float64Array(this.paramCount);
    for (const r of replies) {
      const a = r[key]!;
      for (let i = 0; i < out.length; i++) out[i] += a[i];
    }
    const d = this.#divisor();
    for (let i = 0; i < out.length; i++) out[i] /= d;
    return out;
  }

  #mean(replies: Reply[]): { loss: number; accuracy: number | null } {
    const lossSum = replies.reduce((s, r) => s + r.lossSum!, 0);
    const correct = replies.reduce((s, r) => s + r.correct!, 0);
    return { loss: lossSum / this.#divisor(), accuracy: this.#ce ? correct / this.#n : null };
  }

  async loss(): Promise<{ loss: number; accuracy: number | null; n: number }> {
    return { ...this.#mean(await this.#all({ type: 'loss' })), n: this.#n };
  }

  async gradient(): Promise<{ loss: number; accuracy: number | null; gradient: Float64Array }> {
    const replies = await this.#all({ type: 'gradient' });
    return { ...this.#mean(replies), gradient: this.#sum(replies, 'gradient') };
  }

  async hvp(v: ArrayLike<number>, withGradient = false): Promise<{ loss: number; hv: Float64Array; gradient?: Float64Array }> {
    const replies = await this.#all({ type: 'hvp', v: Float32Array.from(v), withGradient });
    return {
      loss: this.#mean(replies).loss,
      hv: this.#sum(replies, 'hv'),
      gradient: withGradient ? this.#sum(replies, 'gradient') : undefined,
    };
  }

  async points(d1: ArrayLike<number>, d2: ArrayLike<number>, points: readonly (readonly [number, number])[]): Promise<{ loss: Float64Array; accuracy: Float64Array | null }> {
    const replies = await this.#all({ type: 'points', d1: Float32Array.from(d1), d2: Float32Array.from(d2), points: points.map(([a, b]) => [a, b]) });
    const K = points.length;
    const loss = new Float64Array(K);
    const correct = new Float64Array(K);
    for (const r of replies) for (let k = 0; k < K; k++) { loss[k] += r.pointLoss![k]; correct[k] += r.pointCorrect![k]; }
    const d = this.#divisor();
    return { loss: loss.map((s) => s / d), accuracy: this.#ce ? correct.map((c) => c / this.#n) : null };
  }

  /** The register tile's GFLOP/s on every worker at once: the machine's aggregate SIMD peak. */
  async measurePeak(seconds = 0.5): Promise<number[]> {
    const replies = await Promise.all(this.#channels.map((c) => c.call({ type: 'peak', seconds })));
    return replies.map((r) => r.peak!);
  }

  async close(): Promise<void> {
    await Promise.all(this.#channels.map((c) => c.terminate()));
  }

  /** `await using pool = await createKernelPool(…)` closes it at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
