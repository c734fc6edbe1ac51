/** What the library asks of a compute backend: loss, gradient, exact HVP and multi-point loss over resident data. */
import type { Dataset } from '../data/dataset.js';

export interface LossResult {
  loss: number;
  /** null for regression. */
  accuracy: number | null;
  n: number;
}

export interface Backend {
  readonly paramCount: number;
  /** 'wasm-relaxed', 'wasm-plain'. */
  readonly name: string;
  readonly threads: number;
  setParams(theta: ArrayLike<number>): Promise<void>;
  /** Replaces the resident data (e.g. a minibatch). */
  setData(data: Pick<Dataset, 'x' | 'labels' | 'targets'>): Promise<void>;
  loss(): Promise<LossResult>;
  gradient(): Promise<LossResult & { gradient: Float64Array }>;
  /** Exact Hessian-vector product of the mean loss. */
  hvp(v: ArrayLike<number>): Promise<{ loss: number; hv: Float64Array }>;
  /** Mean loss (and accuracy) at θ + aₖ·d₁ + bₖ·d₂. */
  points(d1: ArrayLike<number>, d2: ArrayLike<number>, points: readonly (readonly [number, number])[]): Promise<{ loss: Float64Array; accuracy: Float64Array | null }>;
  close(): Promise<void>;
}

export interface BackendOptions {
  /** Worker threads (Node pool); default all cores. 1 runs in-process. */
  threads?: number;
  /** 'auto' (default), 'relaxed' or 'plain'. */
  simd?: 'auto' | 'relaxed' | 'plain';
  /** Samples per kernel batch. */
  batchSize?: number;
  /** Run on worker threads even with one thread, keeping compute off the calling thread (servers). */
  pool?: boolean;
}
