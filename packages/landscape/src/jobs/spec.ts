/**
 * Job specs validated by one schema per kind: the kind looked up, the spec parsed with its defaults
 * filled in (dependent defaults too), cross-option checks run; any problem is one JobSpecError line
 * naming the option and echoing the value. `names` decides how options are named in messages
 * (option keys for JSON, `--flags` for command lines).
 */
import type { z } from 'zod';
import type { JobKind, JobSpec } from './kind.js';
import { describeIssue, echo, JobSpecError } from './spec-error.js';

export type Naming = (path: readonly PropertyKey[]) => string;

/** Spec fields and option keys as JSON names them: `top_k`, `model`. */
export const jsonNames: Naming = (path) => (path[0] === 'options' && path.length > 1 ? path.slice(1).join('.') : path.join('.') || 'spec');

export function validateSpec(kind: JobKind, input: unknown, names: Naming = jsonNames): JobSpec {
  const r = kind.specSchema.safeParse(input, { reportInput: true });
  if (!r.success) {
    const issue = r.error.issues[0] as z.core.$ZodIssue;
    const integers = (path: readonly PropertyKey[]) => {
      if (path[0] === 'seed') return true;
      const meta = path[0] === 'options' ? kind.options[String(path[1])]?.meta : undefined;
      return meta?.type === 'int' || meta?.items === 'int';
    };
    const message = describeIssue(issue, (p) => names(p), integers);
    throw new JobSpecError(message.replace(/^unknown field /, `unknown field of ${kind.kind}: `));
  }
  const spec = r.data as JobSpec;
  if (kind.fill) spec.options = kind.fill(spec.options as never) as Record<string, unknown>;
  for (const [k, v] of Object.entries(spec.options)) if (v === undefined) delete spec.options[k];
  const problem = kind.check?.(spec as never);
  if (problem) throw new JobSpecError(`invalid ${names(['options', problem.key])}: ${echo(problem.value)} (${problem.reason})`);
  return spec;
}
