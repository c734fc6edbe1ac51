// Shared by the CLI tests: the nnll binary as a spawned process, and the reference cases as files.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeNpz, parseNpz } from '@nnll/landscape';

export const bin = fileURLToPath(new URL('../bin/nnll.js', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const ONNX_FIXTURES = join(REPO_ROOT, 'packages/landscape/test/fixtures/onnx');
export const SHARED_FIXTURES = join(REPO_ROOT, '..', 'shared', 'fixtures');
export const hasShared = existsSync(join(SHARED_FIXTURES, 'index.json'));

export function nnll(args: string[], env: Record<string, string> = {}, cwd?: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd, env: { ...process.env, NNLL_PROGRESS: '0', ...env } });
}

/** Runs nnll with --json, expects exit 0, returns the parsed result. */
export function nnllJson(args: string[]): Record<string, any> {
  const r = nnll([...args, '--json', ...(args.includes('--threads') ? [] : ['--threads', '2'])]);
  if (r.status !== 0) throw new Error(`nnll ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** The process, for tests that signal it. */
export const spawnNnll = (args: string[], env: Record<string, string> = {}) => spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });

export const tempDir = (prefix = 'nnll-cli-'): string => mkdtempSync(join(tmpdir(), prefix));

/** |a − b| / |b| */
export const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

/** ‖a − b‖ / ‖b‖ */
export function relL2(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let num = 0, den = 0;
  for (let i = 0; i < b.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

/** Arrays of a .npz file, keyed by name. */
export function readNpz(path: string): Record<string, { shape: number[]; data: ArrayLike<number | bigint> }> {
  return parseNpz(new Uint8Array(readFileSync(path)), path) as never;
}

/** Per-parameter arrays concatenated in the given order (as numbers). */
export function flat(arrays: Record<string, { data: ArrayLike<number | bigint> }>, names: readonly string[]): number[] {
  return names.flatMap((n) => Array.from(arrays[n].data, Number));
}

// --- the repo's reference cases (packages/landscape/test/fixtures/onnx) ------------------------

interface Blob64 { dtype: 'float32' | 'float64' | 'int32'; shape: number[]; base64: string }

export function decode(a: Blob64): Float32Array | Float64Array | Int32Array {
  const bytes = Buffer.from(a.base64, 'base64');
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return a.dtype === 'float64' ? new Float64Array(buf) : a.dtype === 'int32' ? new Int32Array(buf) : new Float32Array(buf);
}

export interface RepoCase {
  name: string;
  dir: string;
  model: string;
  modelB?: string;
  /** data.npz, vector.npz, d1.npz, d2.npz written to a temporary folder. */
  data: string;
  vector: string;
  d1: string;
  d2: string;
  meta: {
    n: number;
    param_count: number;
    loss_kind: 'cross-entropy' | 'mse';
    params: { name: string; shape: number[] }[];
    theta: Blob64;
    expected: {
      loss: number; accuracy: number | null; grad: Blob64; hv: Blob64; eigenvalues: Blob64; trace: number;
      surface_grid: number[]; surface_none: number[][]; surface_filter: number[][];
    };
    interpolation?: { t: number[]; loss: number[]; accuracy: number[]; barrier: number };
  };
}

export const repoCaseNames = (): string[] =>
  (JSON.parse(readFileSync(join(ONNX_FIXTURES, 'index.json'), 'utf8')) as { cases: { case: string }[] }).cases.map((c) => c.case);

function perParam(v: Float32Array, params: { name: string; shape: number[] }[]) {
  const out: Record<string, { shape: number[]; data: Float32Array; dtype: 'float32' }> = {};
  let o = 0;
  for (const p of params) {
    const size = p.shape.reduce((a, b) => a * b, 1);
    out[p.name] = { shape: p.shape, data: v.slice(o, o + size), dtype: 'float32' };
    o += size;
  }
  return out;
}

/** A repo reference case with its arrays written as the CLI reads them. */
export function repoCase(name: string, dir = tempDir(`nnll-${name}-`)): RepoCase {
  const src = join(ONNX_FIXTURES, name);
  const meta = JSON.parse(readFileSync(join(src, 'expected.json'), 'utf8')) as RepoCase['meta'] & { x: Blob64; labels: Blob64 | null; targets: Blob64 | null; vector: Blob64; d1: Blob64; d2: Blob64 };
  const x = decode(meta.x) as Float32Array;
  const y = meta.labels
    ? { shape: meta.labels.shape, data: decode(meta.labels) as Int32Array, dtype: 'int32' as const }
    : { shape: meta.targets!.shape, data: decode(meta.targets!) as Float32Array, dtype: 'float32' as const };
  const files = { data: join(dir, 'data.npz'), vector: join(dir, 'vector.npz'), d1: join(dir, 'd1.npz'), d2: join(dir, 'd2.npz') };
  writeFileSync(files.data, encodeNpz({ x: { shape: meta.x.shape, data: x, dtype: 'float32' }, y } as never));
  for (const k of ['vector', 'd1', 'd2'] as const) writeFileSync(files[k], encodeNpz(perParam(decode(meta[k]) as Float32Array, meta.params) as never));
  const modelB = join(src, 'modelB.onnx');
  return { name, dir: src, model: join(src, 'model.onnx'), ...(existsSync(modelB) ? { modelB } : {}), ...files, meta };
}
