/**
 * The command line of a live ```` ```nnll ```` block, parsed the way `nnll` parses it: `surface`,
 * `interpolate` and `hessian` with the contract's flags and defaults. Browser-safe: the build
 * (Node) and the served page (browser) read a block through this one parser, so both compute the
 * same thing.
 */
import { isSyntheticName, NORMS, parseRange, type Ignore, type Norm, type Range } from '@nnll/landscape';

interface Common {
  /** Model file (relative to the post) or built-in spec such as `mlp:2-16-3:tanh`. */
  model: string;
  /** Data file (relative to the post) or built-in name with options, e.g. `spirals:n=300`. */
  data: string;
  seed: number;
  /** `--loss ce|mse`; default: from the data (integer labels: ce, float targets: mse). */
  loss?: 'ce' | 'mse';
}

export interface SurfaceJob extends Common {
  command: 'surface';
  x: Range;
  /** Absent: a 1-D surface along d₁. */
  y?: Range;
  norm: Norm;
  ignore: Ignore;
}

export interface InterpolateJob extends Common {
  command: 'interpolate';
  /** Model B. */
  to: string;
  t: Range;
}

export interface HessianJob extends Common {
  command: 'hessian';
  topK: number;
  density: boolean;
  min: boolean;
  maxIter: number;
  tol: number;
}

export type LiveJob = SurfaceJob | InterpolateJob | HessianJob;

export const LIVE_COMMANDS = ['surface', 'interpolate', 'hessian'] as const;

export class LiveJobError extends Error {
  override name = 'LiveJobError';
}

/** Flags that take a value, per command; the common ones are added below. */
const VALUE_FLAGS: Record<LiveJob['command'], readonly string[]> = {
  surface: ['x', 'y', 'norm', 'ignore'],
  interpolate: ['to', 't'],
  hessian: ['top-k', 'max-iter', 'tol'],
};
const SWITCHES: Record<LiveJob['command'], readonly string[]> = {
  surface: [],
  interpolate: [],
  hessian: ['density', 'min'],
};
const COMMON_VALUES = ['model', 'data', 'seed', 'loss', 'threads'];
/** Accepted and ignored, so a line copied from a terminal works. */
const COMMON_SWITCHES = ['json', 'quiet'];

function readFlags(command: LiveJob['command'], args: readonly string[]): Map<string, string | true> {
  const values = new Set([...COMMON_VALUES, ...VALUE_FLAGS[command]]);
  const switches = new Set([...COMMON_SWITCHES, ...SWITCHES[command]]);
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const m = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(word);
    if (!m) throw new LiveJobError(`${command}: unexpected argument ${JSON.stringify(word)} (flags are --name value)`);
    const [, name, inline] = m;
    if (flags.has(name)) throw new LiveJobError(`${command}: --${name} given twice`);
    if (switches.has(name)) {
      if (inline !== undefined) throw new LiveJobError(`${command}: --${name} takes no value`);
      flags.set(name, true);
    } else if (values.has(name)) {
      const value = inline ?? args[++i];
      if (value === undefined || (inline === undefined && /^--[a-z]/.test(value))) throw new LiveJobError(`${command}: --${name} needs a value`);
      flags.set(name, value);
    } else {
      const known = [...values, ...switches].filter((f) => f !== 'threads' && !COMMON_SWITCHES.includes(f)).map((f) => `--${f}`);
      throw new LiveJobError(`${command}: unknown flag --${name} (accepted: ${known.join(', ')})`);
    }
  }
  return flags;
}

function text(flags: Map<string, string | true>, name: string): string | undefined {
  const v = flags.get(name);
  return v === true ? undefined : v;
}

function required(command: string, flags: Map<string, string | true>, name: string, what: string): string {
  const v = text(flags, name);
  if (v === undefined || v === '') throw new LiveJobError(`${command}: --${name} is required (${what})`);
  return v;
}

function int(command: string, flags: Map<string, string | true>, name: string, fallback: number, min: number): number {
  const v = text(flags, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min) throw new LiveJobError(`${command}: invalid --${name}: ${v} (a whole number ≥ ${min})`);
  return n;
}

function range(command: string, flags: Map<string, string | true>, name: string, fallback: string): Range {
  try {
    return parseRange(text(flags, name) ?? fallback, `--${name}`);
  } catch (error) {
    throw new LiveJobError(`${command}: ${(error as Error).message}`);
  }
}

function choice<T extends string>(command: string, flags: Map<string, string | true>, name: string, allowed: readonly T[], fallback: T): T {
  const v = text(flags, name) ?? fallback;
  if (!(allowed as readonly string[]).includes(v)) throw new LiveJobError(`${command}: invalid --${name}: ${v} (expected ${allowed.join(', ')})`);
  return v as T;
}

/** Parses `COMMAND ARGS…` of a block; throws {@link LiveJobError} naming the flag. */
export function parseLiveJob(command: string, args: readonly string[]): LiveJob {
  if (!(LIVE_COMMANDS as readonly string[]).includes(command)) {
    throw new LiveJobError(`command ${JSON.stringify(command)} cannot be drawn as a live figure (expected ${LIVE_COMMANDS.join(', ')}, or result PATH)`);
  }
  const c = command as LiveJob['command'];
  const flags = readFlags(c, args);
  const common: Common = {
    model: required(c, flags, 'model', c === 'interpolate' ? 'model A: an .onnx file or a spec such as mlp:2-16-3:tanh' : 'an .onnx file or a spec such as mlp:2-16-3:tanh'),
    data: required(c, flags, 'data', 'a data file or a built-in name such as spirals:n=300'),
    seed: int(c, flags, 'seed', 0, 0),
  };
  if (flags.has('loss')) common.loss = choice(c, flags, 'loss', ['ce', 'mse'] as const, 'ce');
  int(c, flags, 'threads', 1, 1); // checked, then left to the host
  switch (c) {
    case 'surface':
      return {
        command: c,
        ...common,
        x: range(c, flags, 'x', '-1:1:51'),
        ...(flags.has('y') ? { y: range(c, flags, 'y', '-1:1:51') } : {}),
        norm: choice(c, flags, 'norm', NORMS, 'filter'),
        ignore: choice(c, flags, 'ignore', ['biasbn', 'none'] as const, 'biasbn'),
      };
    case 'interpolate':
      return { command: c, ...common, to: required(c, flags, 'to', 'model B'), t: range(c, flags, 't', '-0.5:1.5:21') };
    case 'hessian': {
      const tolText = text(flags, 'tol');
      const tol = tolText === undefined ? 1e-4 : Number(tolText);
      if (!(tol > 0 && tol < 1)) throw new LiveJobError(`${c}: invalid --tol: ${tolText} (a number in (0, 1))`);
      return {
        command: c,
        ...common,
        topK: int(c, flags, 'top-k', 5, 1),
        density: flags.get('density') === true,
        min: flags.get('min') === true,
        maxIter: int(c, flags, 'max-iter', 100, 1),
        tol,
      };
    }
  }
}

/** Whether `--data` names a built-in set (`mnist`, `spirals:n=300`, …) rather than a file. */
export function isBuiltinData(spec: string): boolean {
  const name = spec.split(':')[0];
  return !/[\\/]/.test(spec) && (name === 'mnist' || isSyntheticName(name));
}

/** Whether `--model` names a built-in spec (`mlp:2-16-3:tanh`) rather than a file. */
export function isBuiltinModel(spec: string): boolean {
  return /^[a-z]+:/.test(spec) && !/[\\/]/.test(spec) && !/\.(onnx|json)$/i.test(spec);
}

/** The files a job reads (relative to the post), each with the flag that names it. */
export function jobFiles(job: LiveJob): { flag: string; path: string }[] {
  const files: { flag: string; path: string }[] = [];
  if (!isBuiltinModel(job.model)) files.push({ flag: '--model', path: job.model });
  if (job.command === 'interpolate' && !isBuiltinModel(job.to)) files.push({ flag: '--to', path: job.to });
  if (!isBuiltinData(job.data)) files.push({ flag: '--data', path: job.data });
  return files;
}

/** The loss the model is evaluated with: `--loss`, else from the data. */
export function lossKind(job: LiveJob, data: { targets?: unknown }): 'mse' | 'cross-entropy' {
  if (job.loss) return job.loss === 'mse' ? 'mse' : 'cross-entropy';
  return data.targets ? 'mse' : 'cross-entropy';
}
