/**
 * How much two models' outputs differ on data: max |z_a − z_b| over the samples and outputs, with
 * the largest |z_a| for scale, evaluated in float64 by the kernel package's reference interpreter
 * (so the difference is the models', not float32 rounding of the evaluation). A subset of evenly
 * spaced samples keeps it cheap on large sets.
 */
import { ReferenceNetwork } from '@nnll/core-wasm';
import type { Dataset } from '../data/dataset.js';
import type { Model } from '../models/model.js';

export interface LogitChange {
  /** max |z_a − z_b|. */
  max_logit_change: number;
  /** max |z_a|: the scale of the outputs. */
  max_logit: number;
  /** Samples compared. */
  samples: number;
}

export function maxLogitChange(a: Model, b: Model, data: Pick<Dataset, 'x' | 'n' | 'labels' | 'targets'>, o: { samples?: number; batch?: number } = {}): LogitChange {
  const n = data.n;
  const size = data.x.length / n;
  const count = o.samples && o.samples > 0 ? Math.min(o.samples, n) : n;
  const batch = o.batch ?? 128;
  const netA = new ReferenceNetwork(a.program, a.consts), netB = new ReferenceNetwork(b.program, b.consts);
  const out = a.program.output;
  const K = data.targets ? data.targets.length / n : 0;
  let change = 0, scale = 0;
  for (let start = 0; start < count; start += batch) {
    const idx = Array.from({ length: Math.min(batch, count - start) }, (_, k) => Math.floor(((start + k) * n) / count));
    const x = new Float32Array(idx.length * size);
    idx.forEach((i, k) => x.set(data.x.subarray(i * size, (i + 1) * size), k * size));
    const labels = data.labels ? Int32Array.from(idx, (i) => data.labels![i]) : undefined;
    const targets = data.targets ? new Float32Array(idx.length * K) : undefined;
    const za = netA.run(a.params, { x, labels, targets }, { trace: true }).values![out];
    const zb = netB.run(b.params, { x, labels, targets }, { trace: true }).values![b.program.output];
    for (let i = 0; i < za.length; i++) {
      change = Math.max(change, Math.abs(za[i] - zb[i]));
      scale = Math.max(scale, Math.abs(za[i]));
    }
  }
  return { max_logit_change: change, max_logit: scale, samples: count };
}
