/**
 * The job kinds. Adding a kind is one file under kinds/ (options, result schema, runner, summary)
 * and one line here; every frontend (the CLI's commands, notes blocks, the explorer's forms and
 * charts, queue workers) picks it up from this list.
 */
import type { z } from 'zod';
import type { JobKind, JobSpec } from './kind.js';
import { JobSpecError } from './spec-error.js';
import { infoKind } from './kinds/info.js';
import { evalKind } from './kinds/eval.js';
import { gradKind } from './kinds/grad.js';
import { hvpKind } from './kinds/hvp.js';
import { hessianKind } from './kinds/hessian.js';
import { surfaceKind } from './kinds/surface.js';
import { interpolateKind } from './kinds/interpolate.js';
import { trainKind } from './kinds/train.js';
import { demoKind } from './kinds/demo.js';
import { sharpnessKind } from './kinds/sharpness.js';
import { reparamKind } from './kinds/reparam.js';
import { studyKind } from './kinds/study.js';

export const KINDS = [infoKind, evalKind, gradKind, hvpKind, hessianKind, surfaceKind, interpolateKind, trainKind, demoKind, sharpnessKind, reparamKind, studyKind] as const;

type Kinds = (typeof KINDS)[number];
export type JobKindName = Kinds['kind'];
/** The result type of a kind, from its schema. */
export type JobResultOf<K extends JobKindName> = z.output<Extract<Kinds, { kind: K }>['resultSchema']>;
/** The spec type of a kind as written (options may leave defaults out). */
export type JobSpecOf<K extends JobKindName> = z.input<Extract<Kinds, { kind: K }>['specSchema']>;
export type AnyJobResult = JobResultOf<JobKindName>;

const byKind = new Map<string, JobKind>(KINDS.map((k) => [k.kind, k as unknown as JobKind]));
const byCommand = new Map<string, JobKind>(KINDS.map((k) => [k.command, k as unknown as JobKind]));

/** Every kind, in the order help lists them. */
export const jobKinds = (): JobKind[] => [...byKind.values()];

/** The kind named `name`, or a one-line error listing the kinds. */
export function kindOf(name: unknown): JobKind {
  const k = typeof name === 'string' ? byKind.get(name) : undefined;
  if (!k) throw new JobSpecError(name === undefined ? `missing kind (${[...byKind.keys()].join(', ')})` : `unknown kind: ${JSON.stringify(name)} (${[...byKind.keys()].join(', ')})`);
  return k;
}

/** The kind behind a CLI command (`intrinsic-dim` → intrinsic_dim), if any. */
export const kindForCommand = (command: string): JobKind | undefined => byCommand.get(command);

export type { JobSpec };
