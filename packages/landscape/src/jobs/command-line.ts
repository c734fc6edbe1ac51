/**
 * Command lines → job specs, in one place for every frontend: the CLI, notes blocks and the
 * explorer's `{"command": "surface --model …"}` all parse a line through the kind's flag table
 * (its inputs and options) plus the host's own flags (`--json`, `--plot`, … in the CLI). Messages
 * name the flag: `invalid --norm: "fliter" (none, filter, layer, weight, dfilter, dlayer)`.
 * Browser-safe.
 */
import type { JobKind, JobSpec } from './kind.js';
import { flagName, type OptionMeta } from './options.js';
import { kindForCommand, jobKinds } from './registry.js';
import { validateSpec, type Naming } from './spec.js';
import { echo, JobSpecError } from './spec-error.js';

/** A flag a frontend adds to every command (`--json`, `--out FILE`, `--plot FILE`, …). */
export interface HostFlag {
  name: string;
  /** Takes a value (FILE, N) or is a switch. */
  value?: string;
  help: string;
  /** Only for these kinds (default all); `resumable` for kinds that resume. */
  kinds?: readonly string[] | 'resumable';
}

/** Flags every frontend accepts on a command line and leaves to its host (a line copied from a terminal works). */
export const PASSIVE_FLAGS: readonly HostFlag[] = [
  { name: 'json', help: 'print the result as one JSON object on stdout (and nothing else there)' },
  { name: 'quiet', help: 'no progress on stderr' },
  { name: 'threads', value: 'N', help: 'worker threads (default: all cores)' },
];

interface Flag {
  name: string;
  /** Where the value goes: a spec field, an option key, or the host's. */
  target: { spec: 'model' | 'data' | 'test' | 'seed' } | { option: string } | { host: string };
  takesValue: boolean;
  meta?: OptionMeta;
  placeholder: string;
  help: string;
}

/** The flag table of a kind: inputs, seed, options, then the host's flags. */
export function flagTable(kind: JobKind, host: readonly HostFlag[] = PASSIVE_FLAGS): Flag[] {
  const flags: Flag[] = [];
  const inputs = kind.inputs;
  if (inputs.model) flags.push({ name: 'model', target: { spec: 'model' }, takesValue: true, placeholder: 'M', help: inputs.model.help ?? 'ONNX file, TF.js model.json or built-in spec such as mlp:784-256-10:relu' });
  if (inputs.data) flags.push({ name: 'data', target: { spec: 'data' }, takesValue: true, placeholder: 'D', help: inputs.data.help ?? '.npz (x, y), .csv, MNIST-style IDX folder, or mnist, spirals, moons, blobs, teacher' });
  if (inputs.test) flags.push({ name: 'test', target: { spec: 'test' }, takesValue: true, placeholder: 'T', help: inputs.test.help ?? 'a held-out data set, evaluated too' });
  for (const [key, o] of Object.entries(kind.options)) {
    flags.push({ name: flagName(key), target: { option: key }, takesValue: o.meta.type !== 'boolean', meta: o.meta, placeholder: o.meta.placeholder ?? '', help: o.meta.help });
  }
  flags.push({ name: 'seed', target: { spec: 'seed' }, takesValue: true, placeholder: 'N', help: 'random seed (default 0)' });
  for (const h of host) {
    if (h.kinds === 'resumable' ? !kind.resumable : h.kinds && !h.kinds.includes(kind.kind)) continue;
    if (flags.some((f) => f.name === h.name)) continue; // a kind's own flag wins (demo's --out is a folder)
    flags.push({ name: h.name, target: { host: h.name }, takesValue: h.value !== undefined, placeholder: h.value ?? '', help: h.help });
  }
  return flags;
}

function convert(flag: Flag, text: string): unknown {
  const t = flag.meta?.type;
  const bad = (expected: string): never => {
    throw new JobSpecError(`invalid --${flag.name}: ${echo(text)} (expected ${expected})`);
  };
  const number = (s: string, int: boolean): number => {
    if (int ? !/^[+-]?\d+$/.test(s.trim()) : s.trim() === '' || !Number.isFinite(Number(s))) bad(int ? 'an integer' : 'a number');
    return Number(s);
  };
  if ('spec' in flag.target && flag.target.spec === 'seed') return number(text, true);
  if (t === 'int') return number(text, true);
  if (t === 'number') return number(text, false);
  if (t === 'list') {
    const items = text.split(',').map((s) => s.trim());
    if (items.some((s) => s === '')) bad('a comma-separated list');
    return flag.meta!.items === 'string' ? items : items.map((s) => number(s, flag.meta!.items === 'int'));
  }
  return text;
}

export interface ParsedCommandLine {
  kind: JobKind;
  /** The validated spec, defaults filled in (absent with `--help`). */
  spec?: JobSpec;
  /** Host flags given: switches true, values as text. */
  host: Record<string, string | true>;
  help: boolean;
}

/** Names options by their flags in messages: `--top-k`, `--model`. */
const flagNames: Naming = (path) => `--${path[0] === 'options' && path.length > 1 ? flagName(String(path[1])) : String(path[0] ?? 'spec')}`;

/** `COMMAND ARGS…` (without a leading `nnll`) → the kind, its spec and the host's flags. */
export function parseCommandLine(words: readonly string[], host: readonly HostFlag[] = PASSIVE_FLAGS): ParsedCommandLine {
  const [command, ...args] = words;
  const kind = command === undefined ? undefined : kindForCommand(command);
  if (!kind) throw new JobSpecError(command === undefined ? 'missing command' : `unknown command: ${command} (${jobKinds().map((k) => k.command).join(', ')})`);
  const table = flagTable(kind, host);
  const byName = new Map(table.map((f) => [f.name, f]));
  const raw: { kind: string; options: Record<string, unknown>; [k: string]: unknown } = { kind: kind.kind, options: {} };
  const hostValues: Record<string, string | true> = {};
  const seen = new Set<string>();
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (word === '--help' || word === '-h') {
      help = true;
      continue;
    }
    const m = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(word);
    if (!m && kind.positional && !word.startsWith('-') && !seen.has(flagName(kind.positional))) {
      seen.add(flagName(kind.positional));
      raw.options[kind.positional] = convert(byName.get(flagName(kind.positional))!, word);
      continue;
    }
    if (!m) throw new JobSpecError(`unexpected argument: ${word}${word.startsWith('-') ? '' : ' (flags are --name value)'}`);
    const [, name, inline] = m;
    const flag = byName.get(name);
    if (!flag) throw new JobSpecError(`unknown flag --${name} for ${kind.command} (see nnll ${kind.command} --help)`);
    if (seen.has(name)) throw new JobSpecError(`--${name} given twice`);
    seen.add(name);
    let value: string | true = true;
    if (flag.takesValue) {
      const v = inline ?? args[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new JobSpecError(`--${name} needs a value${flag.placeholder ? ` (${flag.placeholder})` : ''}`);
      value = v;
    } else if (inline !== undefined) throw new JobSpecError(`--${name} takes no value`);
    const target = flag.target;
    if ('host' in target) hostValues[target.host] = value;
    else if ('spec' in target) raw[target.spec] = value === true ? value : convert(flag, value);
    else raw.options[target.option] = value === true ? true : convert(flag, value);
  }
  if (help) return { kind, host: hostValues, help };
  try {
    return { kind, spec: validateSpec(kind, raw, flagNames), host: hostValues, help };
  } catch (e) {
    // a missing required flag says what it wants
    const missing = e instanceof JobSpecError ? /^missing --([a-z0-9-]+)$/.exec(e.message) : null;
    const flag = missing ? byName.get(missing[1]) : undefined;
    if (flag) throw new JobSpecError(`missing --${flag.name} ${flag.placeholder} (${flag.help})`);
    throw e;
  }
}

/** A spec back to the command line that gives it (options at their defaults left out). */
export function commandLineOf(spec: JobSpec): string[] {
  const kind = kindForCommand(spec.kind) ?? jobKinds().find((k) => k.kind === spec.kind)!;
  const words = [kind.command];
  if (kind.positional && spec.options[kind.positional] !== undefined) words.push(String(spec.options[kind.positional]));
  if (spec.model !== undefined && spec.model !== kind.inputs.model?.default) words.push('--model', spec.model);
  if (spec.data !== undefined && spec.data !== kind.inputs.data?.default) words.push('--data', spec.data);
  if (spec.test !== undefined) words.push('--test', spec.test);
  for (const [key, value] of Object.entries(spec.options)) {
    const o = kind.options[key];
    if (!o || key === kind.positional || value === undefined || JSON.stringify(value) === JSON.stringify(o.meta.default)) continue;
    if (o.meta.type === 'boolean') {
      if (value === true) words.push(`--${flagName(key)}`);
    } else words.push(`--${flagName(key)}`, Array.isArray(value) ? value.join(',') : String(value));
  }
  if (spec.seed !== 0) words.push('--seed', String(spec.seed));
  return words;
}

/** `--help` of a command: summary, usage, every flag with its help, examples. */
export function commandHelp(kind: JobKind, host: readonly HostFlag[] = PASSIVE_FLAGS, program = 'nnll'): string {
  const table = flagTable(kind, host);
  const usageOf = (f: Flag) => `--${f.name}${f.takesValue ? ` ${f.placeholder}` : ''}`;
  const required = table.filter((f) => 'spec' in f.target && ((f.target.spec === 'model' && kind.inputs.model && kind.inputs.model.default === undefined) || (f.target.spec === 'data' && kind.inputs.data && kind.inputs.data.default === undefined && !kind.inputs.data.optional)));
  const requiredOptions = table.filter((f) => 'option' in f.target && isRequired(kind, f.target.option) && f.target.option !== kind.positional);
  const positional = kind.positional ? [kind.options[kind.positional].meta.placeholder ?? kind.positional.toUpperCase()] : [];
  const rest = table.filter((f) => !required.includes(f) && !requiredOptions.includes(f));
  const width = Math.min(Math.max(...table.map((f) => usageOf(f).length)) + 2, 24);
  const row = (f: Flag) => {
    const u = usageOf(f);
    return u.length < width ? `  ${u.padEnd(width)}${f.help}` : `  ${u}\n  ${' '.repeat(width)}${f.help}`;
  };
  return [
    `${program} ${kind.command} — ${kind.summary}`,
    '',
    `usage: ${[program, kind.command, ...positional, ...[...required, ...requiredOptions].map(usageOf), ...rest.map((f) => `[${usageOf(f)}]`)].join(' ')}`,
    '',
    'options:',
    ...table.map(row),
    '',
    'examples:',
    ...kind.examples.map((e) => `  ${program} ${e}`),
  ].join('\n');
}

function isRequired(kind: JobKind, key: string): boolean {
  return !kind.options[key].schema.safeParse(undefined).success;
}

