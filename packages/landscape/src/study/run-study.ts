/**
 * A study from the library: the `study` job with its spec (without `kind`) — the same result
 * `nnll study … --json` prints. In Node, `runJob` from `@nnll/landscape/node` supplies files and
 * worker threads; here `io` and `backends` are the caller's (e.g. `browserBackends()`).
 */
import { runJob, type RunJobOptions } from '../jobs/run-job.js';
import type { JobResultOf, JobSpecOf } from '../jobs/registry.js';

export type StudySpec = Omit<JobSpecOf<'study'>, 'kind'>;
export type StudyResult = JobResultOf<'study'>;

export function runStudy(spec: StudySpec, options: RunJobOptions): Promise<StudyResult> {
  return runJob<'study'>({ ...spec, kind: 'study' } as JobSpecOf<'study'>, options);
}
