/**
 * A job kind: one file with its options (schema + flags), its inputs, its result schema, its
 * runner and its text summary. The spec of a kind is plain JSON:
 *   { kind, model, data, test?, seed, options }
 * where `model` and `data` are references (a path, a built-in spec such as `mlp:784-64-10:relu` or
 * `spirals`, or a name the host's FileSource knows) and `options` holds the kind's options with
 * their defaults filled in.
 */
import { z } from 'zod';
import type { BackendPool } from './backends.js';
import type { JobIO } from './io.js';
import { headerShape } from './result.js';
import { optionsSchema, type OptionDefs } from './options.js';

/** One progress event: `done` of `total` units of the current phase, with the points just computed (surfaces) where there are any. */
export interface JobProgress {
  phase: string;
  done: number;
  total: number;
  unit: string;
  /** Partial results as they finish (e.g. surface points `{i, j, loss, accuracy, …}`). */
  partial?: unknown;
  /** A short status (the current loss). */
  note?: string;
}

export interface JobContext {
  io: JobIO;
  backends: BackendPool;
  progress(p: JobProgress): void;
  signal?: AbortSignal;
  /** A partial result of the same spec, to continue (kinds that declare `resumable`). */
  resume?: Record<string, unknown>;
}

const ref = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), { message: 'a path without NUL bytes' });

export interface InputSpec {
  /** Help of the flag (`--model M  …`). */
  help?: string;
}

export interface KindInputs {
  /** The model: required, with a default, or not taken. */
  model: (InputSpec & { default?: string }) | null;
  /** The data set: required, optional, with a default, or not taken. */
  data: (InputSpec & { default?: string; optional?: boolean }) | null;
  /** Whether `test` (a held-out set) is taken. */
  test?: InputSpec | null;
}

export interface JobSpec<O = Record<string, unknown>> {
  kind: string;
  model?: string;
  data?: string;
  test?: string;
  seed: number;
  options: O;
}

/** An option whose value cannot be used with the others: `invalid NAME: VALUE (reason)`. */
export interface OptionProblem {
  key: string;
  value: unknown;
  reason: string;
}

export interface KindDefinition<K extends string, D extends OptionDefs, R extends z.ZodRawShape> {
  kind: K;
  /** The CLI command (`intrinsic-dim` for kind `intrinsic_dim`). Default: the kind. */
  command?: string;
  /** Version of the result schema (`nnll/<kind>@<version>`). */
  version: number;
  /** One line for `nnll --help`. */
  summary: string;
  /** Command lines (without the leading `nnll`) shown in help; the doc test runs READMEs, not these. */
  examples: string[];
  inputs: KindInputs;
  options: D;
  /** Defaults that depend on other options (e.g. `ignore` follows `norm`), filled in after validation. */
  fill?(options: z.output<ReturnType<typeof optionsSchema<D>>>): z.output<ReturnType<typeof optionsSchema<D>>>;
  /** Cross-option checks on the filled-in spec: the option at fault, its value and why, or undefined. */
  check?(spec: JobSpec<z.output<ReturnType<typeof optionsSchema<D>>>>): OptionProblem | undefined;
  /** The result's own fields (the header is added). */
  result: R;
  /** Takes `resume` (a partial result) and continues it. */
  resumable?: boolean;
  /** An option the command line also takes as the first bare word after the command (`study batch-size`). */
  positional?: keyof D & string;
  run(spec: JobSpec<z.output<ReturnType<typeof optionsSchema<D>>>>, ctx: JobContext): Promise<Record<string, unknown>>;
  /** The text the CLI prints (and the explorer shows) for a result. */
  summarize(result: z.output<z.ZodObject<R & ReturnType<typeof headerShape>>>): string;
}

export function specShape(kind: string, inputs: KindInputs, options: z.ZodType) {
  const shape: Record<string, z.ZodType> = { kind: z.literal(kind) };
  if (inputs.model) shape.model = inputs.model.default !== undefined ? ref.default(inputs.model.default) : ref;
  if (inputs.data) shape.data = inputs.data.default !== undefined ? ref.default(inputs.data.default) : inputs.data.optional ? ref.optional() : ref;
  if (inputs.test) shape.test = ref.optional();
  shape.seed = z.number().int().min(0).max(2 ** 32 - 1).default(0);
  shape.options = options.prefault({});
  return shape;
}

export function defineKind<const K extends string, D extends OptionDefs, R extends z.ZodRawShape>(def: KindDefinition<K, D, R>) {
  const command = def.command ?? def.kind;
  const options = optionsSchema(def.options);
  const spec = z.object(specShape(def.kind, def.inputs, options)).strict();
  const result = z.object({ ...headerShape(def.kind, command, def.version), ...def.result }).strict();
  return { ...def, command, schemaId: `nnll/${def.kind}@${def.version}`, optionsSchema: options, specSchema: spec, resultSchema: result };
}

/** Any kind, as the registry and the frontends handle them. */
export interface JobKind {
  kind: string;
  command: string;
  version: number;
  summary: string;
  examples: string[];
  inputs: KindInputs;
  options: OptionDefs;
  resumable?: boolean;
  positional?: string;
  schemaId: string;
  optionsSchema: z.ZodType;
  specSchema: z.ZodType;
  resultSchema: z.ZodType;
  fill?(options: never): unknown;
  check?(spec: never): OptionProblem | undefined;
  run(spec: never, ctx: JobContext): Promise<Record<string, unknown>>;
  summarize(result: never): string;
}
