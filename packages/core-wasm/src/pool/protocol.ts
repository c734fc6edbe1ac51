/** Messages between a KernelPool and its workers. */
import type { Program } from '../program.js';
import type { KernelOptions } from '../kernel.js';

export type Request =
  | { id: number; type: 'init'; program: Program; options: KernelOptions; consts: Float32Array | null }
  | { id: number; type: 'params'; theta: Float32Array }
  | { id: number; type: 'data'; x: Float32Array; labels: Int32Array | null; targets: Float32Array | null }
  | { id: number; type: 'loss' }
  | { id: number; type: 'gradient' }
  | { id: number; type: 'hvp'; v: Float32Array; withGradient: boolean }
  | { id: number; type: 'points'; d1: Float32Array; d2: Float32Array; points: [number, number][] }
  | { id: number; type: 'peak'; seconds: number };

export interface Reply {
  id: number;
  error?: string;
  lossSum?: number;
  correct?: number;
  gradient?: Float64Array;
  hv?: Float64Array;
  pointLoss?: Float64Array;
  pointCorrect?: Float64Array;
  flavor?: string;
  peak?: number;
}
