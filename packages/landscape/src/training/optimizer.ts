/** An optimizer updates θ in place from a gradient, keeping its own state (PyTorch semantics). */
import { NnllInputError } from '../errors.js';
export interface Optimizer {
  readonly name: string;
  /** θ ← update(θ, g) with learning rate lr. */
  step(theta: Float32Array, grad: Float64Array, lr: number): void;
}

export class OptimizerError extends NnllInputError {
  override name = 'OptimizerError';
}

export function checkNonNegative(name: string, v: number): number {
  if (!(v >= 0) || !Number.isFinite(v)) throw new OptimizerError(`invalid ${name}: ${v}`);
  return v;
}
