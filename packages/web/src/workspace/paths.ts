/**
 * Paths a request names, checked before anything is read: every model, data set, direction or
 * output in a job spec, and every upload's name, must lie inside the workspace after following
 * symbolic links (403 otherwise), be no device, socket or pipe, and stay out of the server's own
 * `.nnll/` folder (400). Inputs must exist; outputs need an existing folder.
 */
import { lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import { isBuiltinData, isBuiltinModel, kindOf, NnllInputError, type JobSpec } from '@nnll/landscape';
import { locateInside, OutsideRootError } from '@nnll/landscape/node';

/** What a spec field holds, for the checks: read (a file or folder), written (a file), or a folder written into. */
type Role = 'model' | 'data' | 'file' | 'output' | 'folder';

/** How a field is named in messages: JSON keys (`model`, `x_dir`) or flags (`--model`, `--x-dir`). */
export type FieldNames = 'json' | 'flags';

const shown = (names: FieldNames, key: string, value: string): string =>
  names === 'flags' ? `--${key.replace(/_/g, '-')} ${value}` : `${key} ${JSON.stringify(value)}`;

/** The server's own folder in the workspace. */
export const RESERVED = '.nnll';

function fields(spec: JobSpec): { key: string; value: string; role: Role }[] {
  const kind = kindOf(spec.kind);
  const out: { key: string; value: string; role: Role }[] = [];
  if (typeof spec.model === 'string') out.push({ key: 'model', value: spec.model, role: 'model' });
  if (typeof spec.data === 'string') out.push({ key: 'data', value: spec.data, role: 'data' });
  if (typeof spec.test === 'string') out.push({ key: 'test', value: spec.test, role: 'data' });
  for (const [key, value] of Object.entries(spec.options)) {
    const type = kind.options[key]?.meta.type;
    if (typeof value !== 'string') continue;
    if (type === 'model' || type === 'data' || type === 'file' || type === 'output' || type === 'folder') out.push({ key, value, role: type });
  }
  return out;
}

async function check(root: string, key: string, value: string, role: Role, names: FieldNames): Promise<void> {
  const what = shown(names, key, value);
  if (value.includes('\0')) throw new NnllInputError(`${what}: a path with a NUL byte`);
  const abs = path.resolve(root, value);
  const rel = path.relative(root, abs);
  if (rel.split(path.sep)[0] === RESERVED) throw new NnllInputError(`${what}: inside the server's own ${RESERVED} folder`);
  const where = await locateInside(root, abs);
  if (where === 'outside') throw new OutsideRootError(`${what}: outside the workspace`);
  if (role === 'output' || role === 'folder') {
    const dir = await stat(path.dirname(abs)).catch(() => null);
    if (!dir?.isDirectory()) throw new NnllInputError(`${what}: no such folder in the workspace`);
    const target = await lstat(abs).catch(() => null);
    if (target && role === 'output' && target.isDirectory()) throw new NnllInputError(`${what}: a folder, expected a file name`);
    if (target && !target.isFile() && !target.isDirectory() && !target.isSymbolicLink()) throw new NnllInputError(`${what}: not a regular file`);
    return;
  }
  if (where === 'missing') throw new NnllInputError(`${what}: no such file in the workspace`);
  const s = await stat(abs);
  if (!s.isFile() && !s.isDirectory()) throw new NnllInputError(`${what}: not a regular file`);
  if (role === 'file' && !s.isFile()) throw new NnllInputError(`${what}: a folder, expected a file`);
}

/**
 * Checks every path of a validated spec against the workspace (`root`, a real path); built-in
 * models and data sets are not paths. Throws OutsideRootError (403) or NnllInputError (400).
 */
export async function checkSpecPaths(spec: JobSpec, root: string, names: FieldNames = 'json'): Promise<void> {
  for (const f of fields(spec)) {
    if (f.role === 'model' && isBuiltinModel(f.value)) continue;
    if (f.role === 'data' && isBuiltinData(f.value)) continue;
    await check(root, f.key, f.value, f.role, names);
  }
}

/** File types the workspace takes: models, TF.js weight shards, data and arrays, IDX files. */
export const UPLOAD_TYPES = ['.onnx', '.json', '.bin', '.npz', '.npy', '.safetensors', '.csv', '-ubyte', '-ubyte.gz'] as const;

/**
 * An upload's name as it will be stored: `folder/name.ext` relative to the workspace, characters
 * other than letters, digits, `.`, `_` and `-` replaced by `_`, no leading dots; `..`, absolute
 * paths, backslashes, NUL bytes and other types refused (400).
 */
export function uploadName(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new NnllInputError('missing name (the file name to store the upload under, e.g. ?name=model.onnx)');
  const bad = (why: string): never => {
    throw new NnllInputError(`invalid name: ${JSON.stringify(raw.slice(0, 120))} (${why})`);
  };
  if (raw.length > 512) bad('at most 512 characters');
  if (raw.includes('\0')) bad('a NUL byte');
  if (raw.includes('\\')) bad('use / between folders');
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) bad('a path inside the workspace, not an absolute one');
  const segments = raw.split('/');
  if (segments.length > 8) bad('at most 8 folders deep');
  const clean = segments.map((s) => {
    const t = s.trim();
    if (t === '' || t === '.' || t === '..') bad('no empty, . or .. parts');
    return t.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, (dots) => '_'.repeat(dots.length)).slice(0, 200);
  });
  const file = clean[clean.length - 1].toLowerCase();
  if (!UPLOAD_TYPES.some((e) => file.endsWith(e)) || file.startsWith('.')) bad(`expected ${UPLOAD_TYPES.join(', ')}`);
  return clean.join('/');
}
