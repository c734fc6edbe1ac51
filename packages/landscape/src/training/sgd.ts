/**
 * SGD with optional (Nesterov) momentum and L2 weight decay, as torch.optim.SGD:
 *   g ← ∇ + λθ;  b ← μb + (1 − τ)g (b₁ = g);  g ← g + μb (Nesterov) or b;  θ ← θ − lr·g
 */
import { type Optimizer, checkNonNegative, OptimizerError } from './optimizer.js';

export interface SgdOptions {
  /** μ, default 0 (plain SGD). */
  momentum?: number;
  /** Default false; needs momentum > 0. */
  nesterov?: boolean;
  /** τ, default 0. */
  dampening?: number;
  /** λ (L2 added to the gradient), default 0. */
  weightDecay?: number;
}

export function sgd(o: SgdOptions = {}): Optimizer {
  const mu = checkNonNegative('momentum', o.momentum ?? 0);
  const tau = checkNonNegative('dampening', o.dampening ?? 0);
  const wd = checkNonNegative('weight decay', o.weightDecay ?? 0);
  const nesterov = o.nesterov ?? false;
  if (nesterov && (mu === 0 || tau !== 0)) throw new OptimizerError('Nesterov momentum needs momentum > 0 and dampening 0');
  let buf: Float64Array | null = null;
  return {
    name: nesterov ? 'sgd-nesterov' : mu > 0 ? 'sgd-momentum' : 'sgd',
    step(theta, grad, lr) {
      const first = buf === null;
      if (mu > 0 && !buf) buf = new Float64Array(theta.length);
      for (let i = 0; i < theta.length; i++) {
        let g = grad[i] + wd * theta[i];
        if (buf) {
          buf[i] = first ? g : mu * buf[i] + (1 - tau) * g;
          g = nesterov ? g + mu * buf[i] : buf[i];
        }
        theta[i] -= lr * g;
      }
    },
  };
}
