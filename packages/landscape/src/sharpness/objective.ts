/**
 * The full-data loss around a point θ as the sharpness measures see it: the loss (and accuracy) at
 * θ + y, its gradient there, and exact Hessian-vector products at θ, over one backend with the data
 * resident. Every evaluation is counted, so each measure reports the work it took; the backend is
 * moved only when the point changes and is left at θ by `restore()`.
 */
import type { Backend } from '../backend/backend.js';

/** The work a measure took: full-data passes (loss or gradient evaluations), of them gradients, and HVPs. */
export interface Counts {
  forward_passes: number;
  gradients: number;
  hvps: number;
}

export interface Objective {
  /** θ (float32, as the model holds it). */
  readonly theta: Float32Array;
  readonly n: number;
  /** Loss and accuracy (null for regression) at θ + y (y = null: at θ). */
  loss(y: ArrayLike<number> | null): Promise<{ loss: number; accuracy: number | null }>;
  /** Loss and gradient at θ + y. */
  gradient(y: ArrayLike<number> | null): Promise<{ loss: number; gradient: Float64Array }>;
  /** H(θ)·v, exact. */
  hvp(v: Float64Array): Promise<Float64Array>;
  /** Work done so far. */
  counts(): Counts;
  /** Leaves the backend at θ. */
  restore(): Promise<void>;
  /** Stops the measure running (between evaluations) when aborted. */
  readonly signal?: AbortSignal;
}

/** Thrown between evaluations once the signal is aborted. */
export class MeasureAborted extends Error {
  override name = 'MeasureAborted';
}

export function objective(backend: Backend, theta: Float32Array, signal?: AbortSignal): Objective {
  const c: Counts = { forward_passes: 0, gradients: 0, hvps: 0 };
  let atTheta = false;
  const check = () => {
    if (signal?.aborted) throw new MeasureAborted('aborted');
  };
  const moveTo = async (y: ArrayLike<number> | null, abortable = true) => {
    if (abortable) check();
    if (y === null) {
      if (!atTheta) await backend.setParams(theta);
      atTheta = true;
      return;
    }
    const p = new Float64Array(theta.length); // the backend rounds θ + y to float32 once
    for (let i = 0; i < p.length; i++) p[i] = theta[i] + y[i];
    await backend.setParams(p);
    atTheta = false;
  };
  return {
    theta,
    n: theta.length,
    signal,
    async loss(y) {
      await moveTo(y);
      c.forward_passes++;
      const r = await backend.loss();
      return { loss: r.loss, accuracy: r.accuracy };
    },
    async gradient(y) {
      await moveTo(y);
      c.forward_passes++;
      c.gradients++;
      const r = await backend.gradient();
      return { loss: r.loss, gradient: r.gradient };
    },
    async hvp(v) {
      await moveTo(null);
      c.hvps++;
      return (await backend.hvp(v)).hv;
    },
    counts: () => ({ ...c }),
    restore: () => moveTo(null, false),
  };
}

/** The work between two readings of `counts()`. */
export const countsSince = (now: Counts, before: Counts): Counts => ({
  forward_passes: now.forward_passes - before.forward_passes,
  gradients: now.gradients - before.gradients,
  hvps: now.hvps - before.hvps,
});
