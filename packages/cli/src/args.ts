/** Flag parsing shared by the commands: strict, so an unknown flag is an error that names it. */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseRange, type Range } from '@nnll/landscape';
import { UsageError } from './errors.js';

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | undefined>;

export const COMMON: Options = {
  json: { type: 'boolean' },
  out: { type: 'string' },
  quiet: { type: 'boolean' },
  seed: { type: 'string' },
  threads: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/** A value that starts with '-' but is a number or a range (`-1:1:51`, `-0.5`), as argparse allows. */
const NEGATIVE_VALUE = /^-(\d|\.\d)[\d.:eE+-]*$/;

/**
 * Joins `--flag -1:1:51` into `--flag=-1:1:51` for string flags, so negative numbers and ranges
 * need no `=`; anything else starting with '-' is still a flag.
 */
function joinNegativeValues(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : null;
    const next = argv[i + 1];
    if (name && options[name]?.type === 'string' && next !== undefined && NEGATIVE_VALUE.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

export function parse(argv: string[], options: Options): { values: Values; positionals: string[] } {
  const all = { ...COMMON, ...options };
  try {
    const { values, positionals } = parseArgs({ args: joinNegativeValues(argv, all), options: all, strict: true, allowPositionals: true });
    return { values: values as Values, positionals };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const flag = /'(-{1,2}[\w-]+)/.exec(msg)?.[1];
    if (!flag) throw new UsageError(msg.split('\n')[0]);
    if (msg.includes('Unknown option')) throw new UsageError(`unknown flag ${flag}`);
    if (msg.includes('ambiguous')) throw new UsageError(`bad value for ${flag}: write ${flag}=VALUE for a value starting with '-'`);
    throw new UsageError(`bad value for ${flag}`);
  }
}

/** A non-negative integer flag, or its default. */
export function intFlag(values: Record<string, unknown>, name: string, fallback: number, min = 0): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw) || n < min) throw new UsageError(`invalid --${name}: ${String(raw)} (expected an integer ≥ ${min})`);
  return n;
}

/** A finite number flag, or its default. */
export function numberFlag(values: Record<string, unknown>, name: string, fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n)) throw new UsageError(`invalid --${name}: ${String(raw)} (expected a number)`);
  return n;
}

/** A string flag, or its default. */
export function stringFlag(values: Values, name: string): string | undefined;
export function stringFlag(values: Values, name: string, fallback: string): string;
export function stringFlag(values: Values, name: string, fallback?: string): string | undefined {
  const raw = values[name];
  return typeof raw === 'string' ? raw : fallback;
}

/** A required string flag. */
export function requiredFlag(values: Values, name: string, what: string): string {
  const raw = values[name];
  if (typeof raw !== 'string' || raw === '') throw new UsageError(`missing --${name} ${what}`);
  return raw;
}

/** One of a fixed set of words. */
export function choiceFlag<T extends string>(values: Values, name: string, choices: readonly T[], fallback: T): T {
  const raw = values[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !choices.includes(raw as T)) throw new UsageError(`invalid --${name}: ${String(raw)} (expected ${choices.join(', ')})`);
  return raw as T;
}

/** A `min:max:num` range flag (loss-landscape's vocabulary). */
export function rangeFlag(values: Values, name: string, fallback: string): Range {
  return parseRange(stringFlag(values, name, fallback), `--${name}`);
}

export function noPositionals(positionals: string[]): void {
  if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0]}`);
}

/** The options every command shares, resolved. */
export interface CommonOptions {
  json: boolean;
  out?: string;
  quiet: boolean;
  seed: number;
  /** Undefined: all cores. */
  threads?: number;
}

/** A file flag the command will write (--out, --save): its folder must exist, and it must not be a folder. */
export function outputFlag(values: Values, name: string): string | undefined {
  const path = stringFlag(values, name);
  if (path === undefined) return undefined;
  if (!existsSync(dirname(resolve(path)))) throw new UsageError(`--${name} ${path}: no such folder`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`--${name} ${path}: a folder, expected a file name`);
  return path;
}

export function commonOptions(values: Values): CommonOptions {
  const out = outputFlag(values, 'out');
  return {
    json: !!values.json,
    out,
    quiet: !!values.quiet,
    seed: intFlag(values, 'seed', 0),
    threads: values.threads === undefined ? undefined : intFlag(values, 'threads', 0, 1),
  };
}
