/**
 * Adam (Kingma & Ba 2015) as torch.optim.Adam, and AdamW (Loshchilov & Hutter 2019) as
 * torch.optim.AdamW: the same moments, with weight decay added to the gradient (Adam) or applied
 * to θ directly, decoupled from the adaptive step (AdamW):
 *   m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  θ ← θ − lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)
 */
import { type Optimizer, checkNonNegative, OptimizerError } from './optimizer.js';

export interface AdamOptions {
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Default 1e-8. */
  eps?: number;
  /** Default 0 for Adam, 0.01 for AdamW (PyTorch's defaults). */
  weightDecay?: number;
}

function moments(name: string, o: AdamOptions, decoupled: boolean): Optimizer {
  const b1 = o.beta1 ?? 0.9, b2 = o.beta2 ?? 0.999;
  if (!(b1 >= 0 && b1 < 1)) throw new OptimizerError(`invalid beta1: ${b1}`);
  if (!(b2 >= 0 && b2 < 1)) throw new OptimizerError(`invalid beta2: ${b2}`);
  const eps = checkNonNegative('eps', o.eps ?? 1e-8);
  const wd = checkNonNegative('weight decay', o.weightDecay ?? (decoupled ? 0.01 : 0));
  let m: Float64Array | null = null, v: Float64Array | null = null, t = 0;
  return {
    name,
    step(theta, grad, lr) {
      m ??= new Float64Array(theta.length);
      v ??= new Float64Array(theta.length);
      t++;
      const c1 = 1 - b1 ** t, c2 = 1 - b2 ** t;
      for (let i = 0; i < theta.length; i++) {
        let g = grad[i];
        let th = theta[i];
        if (decoupled) th *= 1 - lr * wd;
        else g += wd * th;
        m[i] = b1 * m[i] + (1 - b1) * g;
        v[i] = b2 * v[i] + (1 - b2) * g * g;
        theta[i] = th - (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
      }
    },
  };
}

export const adam = (o: AdamOptions = {}): Optimizer => moments('adam', o, false);
export const adamw = (o: AdamOptions = {}): Optimizer => moments('adamw', o, true);
