/**
 * Job-spec validation errors as one line that names the option and echoes the value:
 * `invalid norm: "fliter" (none, filter, layer, weight, dfilter, dlayer)`. The same Zod issue reads
 * `invalid --norm: …` on the command line, where option keys become flags.
 */
import type { z } from 'zod';
import { NnllInputError } from '../errors.js';

/** A job spec (JSON, a command line, a notes block, an HTTP body) that cannot be run. */
export class JobSpecError extends NnllInputError {
  override name = 'JobSpecError';
}

/** A value as messages echo it: strings quoted, long things cut. */
export function echo(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' || typeof v === 'boolean' || v === null ? String(v) : JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

const kindOfNumber = (issue: { origin?: string; format?: string }, integer: boolean) => (integer ? 'an integer' : issue.origin === 'array' ? 'items' : 'a number');

/**
 * One issue as a line. `nameOf` turns the issue's path into the name users know (an option key,
 * `--flag`); `integers` says which paths hold integers (for "an integer ≥ 1").
 */
export function describeIssue(issue: z.core.$ZodIssue, nameOf: (path: PropertyKey[]) => string, integers: (path: PropertyKey[]) => boolean = () => false): string {
  const path = issue.path as PropertyKey[];
  const name = nameOf(path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_value':
      if (input === undefined) return `missing ${name}`;
      return `invalid ${name}: ${echo(input)} (${issue.values.map((v) => String(v)).join(', ')})`;
    case 'invalid_type':
      if (input === undefined) return `missing ${name}`;
      return `invalid ${name}: ${echo(input)} (expected ${issue.expected === 'int' ? 'an integer' : issue.expected === 'number' ? 'a number' : issue.expected === 'boolean' ? 'true or false' : issue.expected === 'string' ? 'text' : issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'an object' : issue.expected})`;
    case 'too_small': {
      if (issue.origin === 'string') return input === '' ? `missing ${name}` : `invalid ${name}: ${echo(input)} (too short)`;
      if (issue.origin === 'array') return `invalid ${name}: ${echo(input)} (at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'})`;
      return `invalid ${name}: ${echo(input)} (expected ${kindOfNumber(issue, integers(path))} ${issue.inclusive ? '≥' : '>'} ${issue.minimum})`;
    }
    case 'too_big': {
      if (issue.origin === 'string') return `invalid ${name}: ${echo(input)} (at most ${issue.maximum} characters)`;
      if (issue.origin === 'array') return `invalid ${name}: ${echo(input)} (at most ${issue.maximum} items)`;
      return `invalid ${name}: ${echo(input)} (expected ${kindOfNumber(issue, integers(path))} ${issue.inclusive ? '≤' : '<'} ${Number(issue.maximum).toLocaleString('en-US')})`;
    }
    case 'not_multiple_of':
      return `invalid ${name}: ${echo(input)} (expected a multiple of ${issue.divisor})`;
    case 'unrecognized_keys':
      return `unknown ${path.length ? `${name} field` : 'field'} ${issue.keys.map((k) => nameOf([...path, k])).join(', ')}`;
    case 'invalid_union':
      return `invalid ${name}: ${echo(input)}`;
    default:
      return `invalid ${name}: ${echo(input)} (${issue.message})`;
  }
}
