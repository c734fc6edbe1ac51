/**
 * A job kind's options, each declared once: its schema (type, bounds, default — validated by Zod,
 * which also gives the TypeScript type and the JSON Schema) and its command-line flag (name,
 * placeholder, help). The CLI's flag table, the notes fence parser and the HTTP API all read these.
 * Option keys are snake_case (`top_k`); the flag is the key in kebab-case (`--top-k`).
 */
import { z } from 'zod';
import { parseRange, type Range } from '../surface/range.js';

// No code generation: the schemas run in pages whose Content-Security-Policy forbids eval.
z.config({ jitless: true });

/** How a flag's text becomes a value, and what a server must confine (paths read or written). */
export type FlagType = 'int' | 'number' | 'boolean' | 'string' | 'choice' | 'range' | 'list' | 'model' | 'data' | 'file' | 'output' | 'folder';

export interface OptionMeta {
  type: FlagType;
  /** One line for `--help` and the JSON Schema's description. */
  help: string;
  /** `--top-k K`: the K. */
  placeholder?: string;
  choices?: readonly string[];
  /** The default as help shows it. */
  default?: unknown;
  /** Item type of a list. */
  items?: 'number' | 'int' | 'string';
  /** Extensions an input/output file may have (for early checks and upload filters). */
  exts?: readonly string[];
}

export interface Opt<S extends z.ZodType = z.ZodType> {
  schema: S;
  meta: OptionMeta;
}

const opt = <S extends z.ZodType>(schema: S, meta: OptionMeta): Opt<S> => ({ schema: schema.describe(meta.help) as S, meta });

interface Common {
  help: string;
  placeholder?: string;
}

type Default<S extends z.ZodType> = z.ZodDefault<S>;
type Optional<S extends z.ZodType> = z.ZodOptional<S>;

/** An integer with bounds, required or with a default. */
export function int(o: Common & { default: number; min?: number; max?: number }): Opt<Default<z.ZodNumber>>;
export function int(o: Common & { min?: number; max?: number }): Opt<Optional<z.ZodNumber>>;
export function int(o: Common & { default?: number; min?: number; max?: number }): Opt {
  const s = z.number().int().min(o.min ?? -(2 ** 31)).max(o.max ?? 2 ** 31 - 1);
  return opt(o.default === undefined ? s.optional() : s.default(o.default), { type: 'int', help: o.help, placeholder: o.placeholder ?? 'N', default: o.default });
}

/** A finite number with bounds (`gt`/`lt` exclusive). */
export function num(o: Common & { default: number; min?: number; max?: number; gt?: number; lt?: number }): Opt<Default<z.ZodNumber>>;
export function num(o: Common & { min?: number; max?: number; gt?: number; lt?: number }): Opt<Optional<z.ZodNumber>>;
export function num(o: Common & { default?: number; min?: number; max?: number; gt?: number; lt?: number }): Opt {
  let s = z.number().finite();
  if (o.min !== undefined) s = s.min(o.min);
  if (o.max !== undefined) s = s.max(o.max);
  if (o.gt !== undefined) s = s.gt(o.gt);
  if (o.lt !== undefined) s = s.lt(o.lt);
  return opt(o.default === undefined ? s.optional() : s.default(o.default), { type: 'number', help: o.help, placeholder: o.placeholder ?? 'X', default: o.default });
}

/** A switch: false unless given. */
export function bool(o: { help: string }) {
  return opt(z.boolean().default(false), { type: 'boolean', help: o.help, default: false });
}

/** One word of a fixed set. */
export function choice<const T extends readonly [string, ...string[]]>(values: T, o: Common & { default: T[number] }): Opt<Default<z.ZodEnum<{ [K in T[number]]: K }>>>;
export function choice<const T extends readonly [string, ...string[]]>(values: T, o: Common): Opt<Optional<z.ZodEnum<{ [K in T[number]]: K }>>>;
export function choice<const T extends readonly [string, ...string[]]>(values: T, o: Common & { default?: T[number] }): Opt {
  const s = z.enum(values);
  return opt(o.default === undefined ? s.optional() : s.default(o.default as never), { type: 'choice', help: o.help, placeholder: o.placeholder ?? values.join('|'), choices: values, default: o.default });
}

/** Free text, optional unless a default is given. */
export function str(o: Common & { default: string; max?: number }): Opt<Default<z.ZodString>>;
export function str(o: Common & { max?: number }): Opt<Optional<z.ZodString>>;
export function str(o: Common & { default?: string; max?: number }): Opt {
  const s = z.string().min(1).max(o.max ?? 4096);
  return opt(o.default === undefined ? s.optional() : s.default(o.default), { type: 'string', help: o.help, placeholder: o.placeholder ?? 'S', default: o.default });
}

/**
 * A `min:max:num` range (loss-landscape's vocabulary), as that text or `{min, max, num}`; the spec
 * holds the text. `maxNum` caps the number of values (sizes are checked before memory is touched).
 */
type RangeSchema = z.ZodType<string, string | { min: number; max: number; num: number }>;
export function range(o: Common & { default: string; maxNum: number }): Opt<Default<RangeSchema>>;
export function range(o: Common & { maxNum: number }): Opt<Optional<RangeSchema>>;
export function range(o: Common & { default?: string; maxNum: number }): Opt {
  const text = z.union([z.string(), z.object({ min: z.number(), max: z.number(), num: z.number().int() }).strict()]).transform((v, ctx) => {
    const t = typeof v === 'string' ? v.trim() : `${v.min}:${v.max}:${v.num}`;
    let r: Range;
    try {
      r = parseRange(t, 'range');
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected min:max:num with min < max and num ≥ 1, e.g. -1:1:51', input: v });
      return z.NEVER;
    }
    if (r.num > o.maxNum) {
      ctx.addIssue({ code: 'custom', message: `at most ${o.maxNum.toLocaleString('en-US')} values`, input: v });
      return z.NEVER;
    }
    return t;
  });
  return opt(o.default === undefined ? text.optional() : text.default(o.default), { type: 'range', help: o.help, placeholder: o.placeholder ?? 'MIN:MAX:NUM', default: o.default });
}

/** A comma-separated list (or a JSON array) of numbers, integers or words. */
type ListOf<K> = z.ZodType<K extends 'string' ? string[] : number[]>;
export function list<K extends 'number' | 'int' | 'string'>(items: K, o: Common & { default: (K extends 'string' ? string : number)[]; min?: number; max?: number; maxItems?: number; choices?: readonly string[] }): Opt<Default<ListOf<K>>>;
export function list<K extends 'number' | 'int' | 'string'>(items: K, o: Common & { min?: number; max?: number; maxItems?: number; choices?: readonly string[] }): Opt<Optional<ListOf<K>>>;
export function list(items: 'number' | 'int' | 'string', o: Common & { default?: unknown[]; min?: number; max?: number; maxItems?: number; choices?: readonly string[] }): Opt {
  let item: z.ZodType;
  if (items === 'string') item = o.choices ? z.enum(o.choices as [string, ...string[]]) : z.string().min(1);
  else {
    let n = items === 'int' ? z.number().int() : z.number().finite();
    if (o.min !== undefined) n = n.min(o.min);
    if (o.max !== undefined) n = n.max(o.max);
    item = n;
  }
  const s = z.array(item).min(1).max(o.maxItems ?? 1000);
  return opt(o.default === undefined ? s.optional() : s.default(o.default), {
    type: 'list', items, help: o.help, placeholder: o.placeholder ?? (items === 'string' ? 'A,B,…' : 'X,Y,…'), choices: o.choices, default: o.default,
  });
}

const pathText = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), { message: 'a path without NUL bytes' });

type Path = typeof pathText;

/** A second model (path or built-in spec), e.g. `--to B`. */
export function model(o: Common & { required: true }): Opt<Path>;
export function model(o: Common): Opt<Optional<Path>>;
export function model(o: Common & { required?: boolean }): Opt {
  return opt(o.required ? pathText : pathText.optional(), { type: 'model', help: o.help, placeholder: o.placeholder ?? 'M' });
}

/** A data set (path or built-in name), besides the spec's `data` and `test`. */
export function data(o: Common) {
  return opt(pathText.optional(), { type: 'data', help: o.help, placeholder: o.placeholder ?? 'D' });
}

/** A file the job reads (directions, vectors). */
export function file(o: Common & { required: true; exts?: readonly string[] }): Opt<Path>;
export function file(o: Common & { exts?: readonly string[] }): Opt<Optional<Path>>;
export function file(o: Common & { required?: boolean; exts?: readonly string[] }): Opt {
  return opt(o.required ? pathText : pathText.optional(), { type: 'file', help: o.help, placeholder: o.placeholder ?? 'FILE', exts: o.exts });
}

/** A file the job writes (`--save`); its extension is checked before any work. */
export function output(o: Common & { exts: readonly string[] }) {
  const s = pathText.refine((p) => o.exts.some((e) => p.toLowerCase().endsWith(e)), { message: `expected a ${o.exts.join(', ')} file` });
  return opt(s.optional(), { type: 'output', help: o.help, placeholder: o.placeholder ?? 'FILE', exts: o.exts });
}

/** A folder the job writes into (studies). */
export function folder(o: Common & { required: true }): Opt<Path>;
export function folder(o: Common): Opt<Optional<Path>>;
export function folder(o: Common & { required?: boolean }): Opt {
  return opt(o.required ? pathText : pathText.optional(), { type: 'folder', help: o.help, placeholder: o.placeholder ?? 'DIR' });
}

export type OptionDefs = Record<string, Opt>;

/** The options object's schema: every option, defaults filled in, unknown keys refused. */
export function optionsSchema<D extends OptionDefs>(defs: D) {
  const shape = Object.fromEntries(Object.entries(defs).map(([k, v]) => [k, v.schema])) as { [K in keyof D]: D[K]['schema'] };
  return z.object(shape).strict();
}

/** `top_k` → `top-k`. */
export const flagName = (key: string): string => key.replace(/_/g, '-');
/** `top-k` → `top_k`. */
export const optionKey = (flag: string): string => flag.replace(/-/g, '_');
