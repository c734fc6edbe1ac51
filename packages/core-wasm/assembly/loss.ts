// Losses over the output rows z[B, K], as sums over samples (the host divides by N, or N·K).
//   cross-entropy: ℓ = logΣexp(z) − z_y;   ∂z = p − e_y;   R{∂z} = p ⊙ (R{z} − ⟨p, R{z}⟩)
//   squared error: ℓ = Σ (z − t)²;         ∂z = 2(z − t);  R{∂z} = 2·R{z}
// Sums and the log-sum-exp are taken in f64.
import { fp } from "./state";

export const LOSS_CE: i32 = 0;
export const LOSS_MSE: i32 = 1;

export let lossSum: f64 = 0;
export let correctSum: f64 = 0;

export function resetLoss(): void {
  lossSum = 0;
  correctSum = 0;
}

/**
 * Adds the batch's loss (and correct count) into the running sums. When g != 0 writes ∂z,
 * when rg != 0 also R{∂z} from rz.
 */
export function lossBatch(
  kind: i32, B: i32, K: i32, z: usize, labels: usize, targets: usize, g: usize, rz: usize, rg: usize,
): void {
  let total: f64 = 0;
  let correct: f64 = 0;
  for (let n = 0; n < B; n++) {
    const row = z + (<usize>(n * K) << 2);
    if (kind == LOSS_CE) {
      const label = load<i32>(labels + (<usize>n << 2));
      let m = load<f32>(row);
      let arg = 0;
      for (let k = 1; k < K; k++) {
        const v = load<f32>(fp(row, k));
        if (v > m) { m = v; arg = k; }
      }
      let s: f64 = 0;
      for (let k = 0; k < K; k++) s += Math.exp(<f64>load<f32>(fp(row, k)) - <f64>m);
      total += <f64>m + Math.log(s) - <f64>load<f32>(fp(row, label));
      if (arg == label) correct += 1;
      if (g) {
        const grow = g + (<usize>(n * K) << 2);
        let dot: f64 = 0;
        for (let k = 0; k < K; k++) {
          const p = Math.exp(<f64>load<f32>(fp(row, k)) - <f64>m) / s;
          store<f32>(fp(grow, k), <f32>(p - (k == label ? 1.0 : 0.0)));
          if (rg) dot += p * <f64>load<f32>(fp(rz, n * K + k));
        }
        if (rg) {
          for (let k = 0; k < K; k++) {
            const p = Math.exp(<f64>load<f32>(fp(row, k)) - <f64>m) / s;
            store<f32>(fp(rg, n * K + k), <f32>(p * (<f64>load<f32>(fp(rz, n * K + k)) - dot)));
          }
        }
      }
    } else {
      for (let k = 0; k < K; k++) {
        const i = n * K + k;
        const d = <f64>load<f32>(fp(z, i)) - <f64>load<f32>(fp(targets, i));
        total += d * d;
        if (g) store<f32>(fp(g, i), <f32>(2.0 * d));
        if (rg) store<f32>(fp(rg, i), <f32>(2.0 * <f64>load<f32>(fp(rz, i))));
      }
    }
  }
  lossSum += total;
  correctSum += correct;
}
