/** A job as the server keeps it (in memory and in `DIR/.nnll/jobs/<id>.json`) and shows it. */
import { commandLineOf, kindOf, type JobProgress, type JobSpec } from '@nnll/landscape';
import type { OpenedInputs } from './runner-protocol.js';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export const FINISHED: readonly JobStatus[] = ['done', 'failed', 'cancelled'];

export type Progress = Omit<JobProgress, 'partial'>;

export interface JobRecord {
  id: string;
  /** The validated spec, defaults filled in. */
  spec: JobSpec;
  status: JobStatus;
  /** ISO times. */
  created: string;
  started?: string;
  finished?: string;
  progress?: Progress;
  /** What `nnll COMMAND --json` prints for the spec (partial, `complete: false`, when cancelled or interrupted). */
  result?: Record<string, unknown>;
  /** One line. `interrupted` when the server stopped while the job ran. */
  error?: string;
  /** What the job streamed so far (surface points, epochs), kept while it runs and when it was cut off without a result. */
  partial?: unknown[];
  /** sha256 of the model and data the job opened, by flag (what a resume must match). */
  inputs?: OpenedInputs;
  /** The job this one continues. */
  resumed_from?: string;
}

/** Job ids: time-ordered, lowercase letters and digits. */
export const JOB_ID = /^[a-z0-9]{8,40}$/;

/** Whether a finished job can be continued: a resumable kind cut off with a partial result or streamed points. */
export function isResumable(r: JobRecord): boolean {
  if (!FINISHED.includes(r.status) || r.status === 'done') return false;
  if (!kindOf(r.spec.kind).resumable) return false;
  if (r.result) return r.result.complete === false;
  return Boolean(r.partial?.length && r.inputs);
}

/** The summary text the CLI prints for a result (empty when the kind cannot summarise it). */
export function summaryOf(r: JobRecord): string | undefined {
  if (!r.result) return undefined;
  try {
    return (kindOf(r.spec.kind).summarize as (x: unknown) => string)(r.result);
  } catch {
    return undefined;
  }
}

/** The command line that gives the spec (`surface --model m.onnx …`, without `nnll`). */
export function commandOf(spec: JobSpec): string {
  return commandLineOf(spec).map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** A job as the HTTP API shows it: `GET /api/jobs/:id` (with the result) and the history (without). */
export function jobView(r: JobRecord, withResult: boolean) {
  return {
    id: r.id,
    spec: r.spec,
    command: commandOf(r.spec),
    status: r.status,
    created: r.created,
    ...(r.started ? { started: r.started } : {}),
    ...(r.finished ? { finished: r.finished } : {}),
    ...(r.progress ? { progress: r.progress } : {}),
    ...(r.error !== undefined ? { error: r.error } : {}),
    ...(r.result ? { complete: r.result.complete !== false, summary: summaryOf(r) } : {}),
    ...(withResult && r.result ? { result: r.result } : {}),
    resumable: isResumable(r),
    ...(r.resumed_from ? { resumed_from: r.resumed_from } : {}),
  };
}
