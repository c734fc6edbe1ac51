/**
 * What every job result carries (CONTRACT: version, command, the model's and data's path and
 * sha256, n, seed; a `schema` id naming kind and version; `complete`; the provenance record), and
 * results as JSON: typed arrays become arrays, NaN and ±Infinity (points not computed, diverged
 * losses) become null. Results are snake_case everywhere.
 */
import { z } from 'zod';
import { VERSION } from '../version.js';
import type { Dataset } from '../data/dataset.js';
import type { Model } from '../models/model.js';
import { provenance } from '../provenance.js';

/** A number that JSON may hold as null (not computed, or not finite). */
export const nnum = z.number().nullable();
export const sha = z.string().regex(/^[0-9a-f]{64}$/);

export const modelField = z.object({ path: z.string(), sha256: sha, param_count: z.number().int() }).strict();
export const dataField = z.object({ path: z.string(), sha256: sha.nullable() }).strict();
export const testField = z.object({ path: z.string(), sha256: sha.nullable(), n: z.number().int() }).strict();

export const provenanceField = z.object({
  package: z.literal('@nnll/landscape'),
  version: z.string(),
  model: z.object({ kind: z.string(), path: z.string().optional(), spec: z.string().optional(), sha256: sha, param_count: z.number().int() }).strict().nullable(),
  data: z.object({ name: z.string(), sha256: sha.nullable(), n: z.number().int() }).strict().nullable(),
  seed: z.number().int().nullable(),
  options: z.record(z.string(), z.unknown()),
  counts: z.object({ forward_passes: z.number().int(), hvps: z.number().int() }).strict(),
}).strict();

/** The header fields of a result schema for `kind` (schema id `nnll/<kind>@<version>`). */
export function headerShape(kind: string, command: string, version: number) {
  return {
    schema: z.literal(`nnll/${kind}@${version}`),
    version: z.string(),
    command: z.literal(command),
    model: modelField.nullable(),
    data: dataField.nullable(),
    n: z.number().int().nullable(),
    seed: z.number().int(),
    complete: z.boolean(),
    provenance: provenanceField,
  };
}

export interface HeaderInputs {
  schema: string;
  command: string;
  seed: number;
  model: Model | null;
  /** The model as the user named it. */
  modelName?: string;
  data?: Pick<Dataset, 'name' | 'sha256' | 'n'> | null;
}

/** The leading header fields (complete and provenance are added at the end of the run). */
export function header(h: HeaderInputs) {
  return {
    schema: h.schema,
    version: VERSION,
    command: h.command,
    model: h.model ? { path: h.modelName ?? h.model.source.path ?? h.model.source.spec ?? '', sha256: h.model.source.sha256, param_count: h.model.params.length } : null,
    data: h.data ? { path: h.data.name, sha256: h.data.sha256 ?? null } : null,
    n: h.data ? h.data.n : null,
    seed: h.seed,
  };
}

/** The provenance record of a job's result: package version, model and data, seed, the spec's options (defaults filled in), counts. */
export function provenanceOf(spec: { seed: number; options: object }, model: Model | null, data: Pick<Dataset, 'name' | 'sha256' | 'n'> | null | undefined, counts: { forwardPasses?: number; hvps?: number } = {}) {
  if (!model) return { package: '@nnll/landscape' as const, version: VERSION, model: null, data: null, seed: spec.seed, options: { ...spec.options }, counts: { forward_passes: counts.forwardPasses ?? 0, hvps: counts.hvps ?? 0 } };
  // the loss the model was evaluated with, whether given or taken from the data
  const options = { ...spec.options, loss: model.program.loss === 'mse' ? 'mse' : 'ce' };
  return provenance({ model, data: data ?? null, seed: spec.seed, options, ...counts });
}

/** The test set as results describe it. */
export const testOf = (t: Pick<Dataset, 'name' | 'sha256' | 'n'> | undefined | null) => (t ? { path: t.name, sha256: t.sha256 ?? null, n: t.n } : null);

/** JSON as nnll writes it: typed arrays as arrays, NaN and ±Infinity as null. */
export function toJson<T>(value: T): T {
  const replacer = (_key: string, v: unknown) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
    return typeof v === 'number' && !Number.isFinite(v) ? null : v;
  };
  return JSON.parse(JSON.stringify(value, replacer)) as T;
}

/** Fields that vary between identical runs (wall-clock), left out when results are compared. */
export const TIMING_FIELDS = ['seconds'] as const;

/** A result without its timing fields (at any depth), for comparing runs. */
export function withoutTiming<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (k, v) => ((TIMING_FIELDS as readonly string[]).includes(k) ? undefined : v))) as T;
}
