/**
 * Sharpness along training (Cohen, Kaur, Li, Kolter & Talwalkar 2021, "Gradient descent on neural
 * networks typically occurs at the edge of stability"): λmax and the trace of the full-data loss's
 * Hessian every k steps. Each λmax is a Lanczos run warm-started from the previous top eigenvector,
 * which moves little between nearby steps, so it converges in a few Hessian-vector products; the
 * trace is a short Hutchinson run with its standard error.
 */
import type { Backend } from '../backend/backend.js';
import { lambdaMax } from './lambda-max.js';
import { hessianTrace } from './trace.js';

export const TRACKED_MEASURES = ['lambda_max', 'trace'] as const;
export type TrackedMeasure = (typeof TRACKED_MEASURES)[number];

export interface SharpnessTrackerOptions {
  measures: readonly TrackedMeasure[];
  /** Most Lanczos steps per λmax. Default 20. */
  maxIter?: number;
  /** Lanczos tolerance (residual/|λ|). Default 1e-3. */
  tol?: number;
  /** Hutchinson probes per trace. Default 10. */
  probes?: number;
  seed?: number;
}

export interface TrackedRecord {
  step: number;
  /** Full-data loss at that step. */
  loss: number;
  lambda_max: number | null;
  lambda_max_residual: number | null;
  trace: number | null;
  trace_stderr: number | null;
  /** HVPs this record took. */
  hvps: number;
}

/** A tracker over a backend holding the full training data; `at(step, θ)` measures and keeps a record. */
export function sharpnessTracker(backend: Backend, o: SharpnessTrackerOptions) {
  const records: TrackedRecord[] = [];
  let warm: Float64Array | undefined;
  const seed = o.seed ?? 0;
  return {
    records,
    async at(step: number, theta: Float32Array): Promise<TrackedRecord> {
      await backend.setParams(theta);
      let loss = NaN, hvps = 0;
      const hvp = async (v: Float64Array) => {
        const r = await backend.hvp(v);
        loss = r.loss;
        hvps++;
        return r.hv;
      };
      let lm: Awaited<ReturnType<typeof lambdaMax>> | null = null;
      if (o.measures.includes('lambda_max')) {
        lm = await lambdaMax(hvp, backend.paramCount, { maxIter: o.maxIter ?? 20, tol: o.tol ?? 1e-3, seed, start: warm, vector: true });
        warm = lm.vector;
      }
      const tr = o.measures.includes('trace') ? await hessianTrace(hvp, backend.paramCount, { probes: o.probes ?? 10, seed: seed + step }) : null;
      const record = { step, loss, lambda_max: lm?.value ?? null, lambda_max_residual: lm?.residual ?? null, trace: tr?.value ?? null, trace_stderr: tr?.stderr ?? null, hvps };
      records.push(record);
      return record;
    },
  };
}
