/**
 * The one runner: a job spec in, a typed result out — the same JSON `nnll COMMAND --json` prints.
 *
 *   runJob(spec, { io, backends, onProgress, signal, resume }) → result
 *
 * The spec is validated (defaults filled in); inputs are read through `io`; backends are leased
 * from `backends` (a pool is made for this one job, and closed after it, when none is given).
 * Progress is one event type; an AbortSignal stops the job between units of work and returns the
 * partial result marked `complete: false`; `resume` takes such a partial result and continues it.
 * The result is checked against its kind's schema before it is returned.
 */
import type { z } from 'zod';
import { BackendPool, type BackendFactory } from './backends.js';
import type { JobIO } from './io.js';
import type { JobContext, JobProgress, JobSpec } from './kind.js';
import { kindOf, type JobKindName, type JobResultOf, type JobSpecOf } from './registry.js';
import { validateSpec, type Naming } from './spec.js';
import { toJson } from './result.js';
import { JobSpecError } from './spec-error.js';

export interface RunJobOptions {
  /** Where models, data and arrays are read and outputs written. */
  io: JobIO;
  /** Backends to lease from; or a factory, for a pool made for this job and closed after it. */
  backends: BackendPool | BackendFactory;
  onProgress?: (p: JobProgress) => void;
  signal?: AbortSignal;
  /** A partial result of the same spec to continue (kinds that are resumable). */
  resume?: Record<string, unknown>;
  /** How options are named in error messages (JSON keys by default). */
  names?: Naming;
}

/** A spec validated against its kind's schema, defaults filled in. */
export function parseSpec(input: unknown, names?: Naming): JobSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new JobSpecError(`invalid spec: ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input} (expected an object {kind, model, data, seed, options})`);
  const kind = kindOf((input as { kind?: unknown }).kind);
  return validateSpec(kind, input, names);
}

export function runJob<K extends JobKindName>(spec: JobSpecOf<K> | (Record<string, unknown> & { kind: K }), o: RunJobOptions): Promise<JobResultOf<K>>;
export function runJob(spec: unknown, o: RunJobOptions): Promise<Record<string, unknown>>;
export function runJob(input: unknown, o: RunJobOptions): Promise<Record<string, unknown>> {
  return runAnyJob(input, o);
}

/** runJob without the typed result (for composed jobs, whose own types the registry depends on). */
export async function runAnyJob(input: unknown, o: RunJobOptions): Promise<Record<string, unknown>> {
  const spec = parseSpec(input, o.names);
  const kind = kindOf(spec.kind);
  if (o.resume && !kind.resumable) throw new JobSpecError(`resume: ${kind.kind} jobs cannot be resumed`);
  const own = !(o.backends instanceof BackendPool);
  const backends = o.backends instanceof BackendPool ? o.backends : new BackendPool(o.backends, { maxIdle: 8 });
  const ctx: JobContext = { io: o.io, backends, progress: o.onProgress ?? (() => {}), signal: o.signal, resume: o.resume };
  try {
    const raw = await kind.run(spec as never, ctx);
    const result = toJson({ ...raw, complete: raw.complete ?? true });
    const checked = kind.resultSchema.safeParse(result);
    if (!checked.success) {
      const issue = checked.error.issues[0] as z.core.$ZodIssue;
      throw new Error(`${kind.kind} result does not match ${kind.schemaId} at ${issue.path.join('.') || '(top)'}: ${issue.message}`);
    }
    return result;
  } finally {
    if (own) await backends.close();
  }
}
