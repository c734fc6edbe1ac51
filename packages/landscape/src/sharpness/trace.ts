/**
 * tr H: the trace of the Hessian of the full-data loss at θ by Hutchinson's estimator over exact
 * Hessian-vector products (Rademacher probes), with its standard error.
 * see: Hutchinson 1990; Yao et al. 2020 (PyHessian).
 */
import { hutchinson } from '../hessian/hutchinson.js';
import type { Hvp } from '../hessian/operator.js';

export interface TraceOptions {
  /** Probes (one HVP each). Default 30. */
  probes?: number;
  seed?: number;
}

export interface TraceResult {
  value: number;
  stderr: number;
  probes: number;
  seed: number;
}

export async function hessianTrace(hvp: Hvp, n: number, o: TraceOptions = {}): Promise<TraceResult> {
  const probes = o.probes ?? 30;
  const r = await hutchinson(hvp, n, { maxProbes: probes, minProbes: probes, tol: 0, seed: o.seed ?? 0 });
  return { value: r.trace, stderr: r.stderr, probes: r.probes, seed: o.seed ?? 0 };
}
