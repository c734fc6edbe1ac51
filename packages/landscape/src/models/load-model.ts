/**
 * Node-only model loading by path or spec: an ONNX file (`.onnx`), a TF.js Layers `model.json`
 * (its weight shards read from beside it; a folder holding model.json works too) or a built-in
 * architecture spec such as `mlp:784-256-10:relu` (PyTorch-default initialisation, seeded).
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { LossKind } from '@nnll/core-wasm';
import { ModelError, type Model } from './model.js';
import { importOnnx } from './onnx-import.js';
import { importTfjs, tfjsShardPaths, type TfjsModelJson } from './tfjs-import.js';
import { builtinModel, defaultInit, SpecError } from './builtin.js';
import { sha256Hex } from '../data/sha256.js';

export interface LoadModelOptions {
  /** Loss on the output; default 'cross-entropy' for files, the spec's own for built-ins. */
  loss?: LossKind;
  /** Seed of a built-in model's initialisation; default 0. */
  seed?: number;
}

async function read(path: string, what = 'file'): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ModelError(`${path}: cannot read ${what} (${code === 'ENOENT' ? 'no such file' : code ?? (e as Error).message})`);
  }
}

const isDir = async (p: string): Promise<boolean> => (await stat(p).catch(() => null))?.isDirectory() ?? false;
const exists = async (p: string): Promise<boolean> => (await stat(p).catch(() => null)) !== null;

export async function loadModel(pathOrSpec: string, options: LoadModelOptions = {}): Promise<Model> {
  let path = pathOrSpec;
  if (await isDir(path)) {
    if (!(await exists(join(path, 'model.json')))) throw new ModelError(`${path}: a folder without model.json`);
    path = join(path, 'model.json');
  }
  if (/\.onnx$/i.test(path)) return importOnnx(await read(path), { path, loss: options.loss });
  if (/\.json$/i.test(path)) {
    const text = new TextDecoder().decode(await read(path));
    let json: TfjsModelJson;
    try {
      json = JSON.parse(text) as TfjsModelJson;
    } catch (e) {
      throw new ModelError(`${path}: not valid JSON (${(e as Error).message})`);
    }
    if (!json || !Array.isArray(json.weightsManifest)) throw new ModelError(`${path}: not a TF.js layers model (no weightsManifest)`);
    const shards = await Promise.all(tfjsShardPaths(json).map((p) => read(join(dirname(path), p), 'weight shard')));
    return importTfjs(json, shards, { path, loss: options.loss });
  }
  if (!(await exists(path)) && /^[a-z]+:/.test(path)) {
    let built;
    try {
      built = builtinModel(path);
    } catch (e) {
      if (e instanceof SpecError) throw new ModelError(e.message);
      throw e;
    }
    const program = options.loss ? { ...built.program, loss: options.loss } : built.program;
    const params = defaultInit(program, options.seed ?? 0);
    // batch-norm running statistics come with the spec (mean 0, variance 1) where it has any
    const consts = (built as Partial<{ consts: Float32Array }>).consts ?? new Float32Array(0);
    return { program, params, consts, source: { kind: 'builtin', spec: path, sha256: sha256Hex(new Uint8Array(params.buffer)) } };
  }
  throw new ModelError(`${path}: unknown model format (expected .onnx, a TF.js model.json or a spec such as mlp:784-256-10:relu)`);
}
