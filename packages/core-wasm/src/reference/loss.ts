// Loss sums over rows z[B, K] in float64, with ∂z and R{∂z} (see assembly/loss.ts for the same rules).
import type { Vec } from './rules.js';

export interface LossOut { lossSum: number; correct: number; g: Vec; rg: Vec | null }

export function crossEntropy(B: number, K: number, z: Vec, labels: ArrayLike<number>, rz: Vec | null): LossOut {
  let lossSum = 0, correct = 0;
  const g = new Float64Array(B * K);
  const rg = rz ? new Float64Array(B * K) : null;
  for (let n = 0; n < B; n++) {
    const row = z.subarray(n * K, n * K + K);
    let m = row[0], arg = 0;
    for (let k = 1; k < K; k++) if (row[k] > m) { m = row[k]; arg = k; }
    let s = 0;
    for (let k = 0; k < K; k++) s += Math.exp(row[k] - m);
    const label = labels[n];
    lossSum += m + Math.log(s) - row[label];
    if (arg === label) correct++;
    let dot = 0;
    for (let k = 0; k < K; k++) {
      const p = Math.exp(row[k] - m) / s;
      g[n * K + k] = p - (k === label ? 1 : 0);
      if (rz) dot += p * rz[n * K + k];
    }
    if (rz && rg) for (let k = 0; k < K; k++) rg[n * K + k] = (g[n * K + k] + (k === label ? 1 : 0)) * (rz[n * K + k] - dot);
  }
  return { lossSum, correct, g, rg };
}

export function squaredError(B: number, K: number, z: Vec, targets: ArrayLike<number>, rz: Vec | null): LossOut {
  let lossSum = 0;
  const g = new Float64Array(B * K);
  const rg = rz ? new Float64Array(B * K) : null;
  for (let i = 0; i < B * K; i++) {
    const d = z[i] - targets[i];
    lossSum += d * d;
    g[i] = 2 * d;
    if (rz && rg) rg[i] = 2 * rz[i];
  }
  return { lossSum, correct: 0, g, rg };
}
