/** Flag parsing shared by the commands: strict, so an unknown flag is an error that names it. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

export const COMMON: Options = {
  json: { type: 'boolean' },
  out: { type: 'string' },
  quiet: { type: 'boolean' },
  seed: { type: 'string' },
  threads: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

export function parse(argv: string[], options: Options): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { ...COMMON, ...options }, strict: true, allowPositionals: true });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
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
