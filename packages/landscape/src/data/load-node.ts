/**
 * Resolving `--data PATH|NAME` (Node only): .npz / .safetensors with arrays `x` and `y`, a
 * folder of MNIST-style IDX files, .csv, or a built-in name (`mnist`, `spirals`, `moons`,
 * `blobs`, `teacher`, the synthetic ones with `NAME:key=value,...` options, see
 * builtin-data.ts). Every result carries `sha256`: of the file's bytes; for an IDX folder of
 * the images file's bytes followed by the labels file's bytes (as stored, gzipped or not);
 * for built-in sets of the arrays (see datasetBytes).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Dataset } from './dataset.js';
import { DataError, oneLine } from './errors.js';
import { datasetFromArrays, datasetFromIdx, type Task } from './from-arrays.js';
import { isSyntheticName, parseDataSpec, syntheticData, syntheticNames } from './builtin-data.js';
import { loadMnistDigits } from './mnist.js';
import type { DType, NdArray, TypedArray } from './ndarray.js';
import { encodeNpy, parseNpy } from './npy.js';
import { encodeNpz, parseNpz } from './npz.js';
import { encodeSafetensors, parseSafetensors } from './safetensors.js';
import { parseCsv } from './csv.js';
import { parseIdx } from './idx.js';
import { datasetBytes } from './sha256.js';

export interface LoadDataOptions {
  /** Which pair of an IDX folder to read: `train-*` (default) or `t10k-*`. Other sources ignore it. */
  split?: 'train' | 'test';
  /** Seed of a synthetic set whose spec has no `seed=` (the command's --seed). Default 0. */
  seed?: number;
  /** Overrides the task implied by the labels' dtype or values (.npz, .safetensors, .csv). */
  task?: Task;
}

const builtinHelp = `a .npz, .safetensors or .csv file, an MNIST-style IDX folder, or one of mnist, ${syntheticNames.join(', ')}`;

export async function loadData(spec: string, options: LoadDataOptions = {}): Promise<Dataset> {
  const { split = 'train', task } = options;
  if (split !== 'train' && split !== 'test') throw new DataError(`invalid split: ${String(split)} (expected train or test)`);
  const name = spec.split(':')[0];
  if (!/[\\/]/.test(spec) && (name === 'mnist' || isSyntheticName(name))) {
    if (name !== 'mnist') return syntheticData(spec, { seed: options.seed });
    if (spec !== 'mnist') throw new DataError(`the built-in mnist data set takes no options: ${spec}`);
    const ds = await loadMnistDigits();
    return { ...ds, sha256: sha256(...datasetBytes(ds)) };
  }
  let isDir: boolean;
  try {
    isDir = (await stat(spec)).isDirectory();
  } catch {
    throw new DataError(`no such data file or folder: ${spec} (expected ${builtinHelp})`);
  }
  if (isDir) return loadIdxFolder(spec, split);
  const bytes = await readFileBytes(spec);
  const ext = extname(spec).toLowerCase();
  const hash = sha256(bytes);
  if (ext === '.csv') return { ...parseCsv(bytes, spec, { task }), sha256: hash };
  if (ext === '.npz' || ext === '.safetensors') {
    const arrays = ext === '.npz' ? parseNpz(bytes, spec) : parseSafetensors(bytes, spec).tensors;
    const { x, y } = arrays;
    if (!x || !y) throw new DataError(`${spec}: expected arrays x and y, found ${Object.keys(arrays).join(', ') || 'none'}`);
    return { ...datasetFromArrays(spec, x, y, { task }), sha256: hash };
  }
  throw new DataError(`unsupported data file: ${spec} (expected ${builtinHelp})`);
}

async function loadIdxFolder(dir: string, split: 'train' | 'test'): Promise<Dataset> {
  const prefix = split === 'train' ? 'train' : 't10k';
  const files = await readdir(dir);
  const find = (kind: 'images-idx3' | 'labels-idx1'): string => {
    const stem = `${prefix}-${kind}-ubyte`, dotted = `${prefix}-${kind.replace('-', '.')}-ubyte`; // MNIST's own mirrors use both
    const hit = [stem, `${stem}.gz`, dotted, `${dotted}.gz`].find((f) => files.includes(f));
    if (!hit) throw new DataError(`${dir}: no ${stem}[.gz] in this folder (an MNIST-style IDX folder holds ${prefix}-images-idx3-ubyte and ${prefix}-labels-idx1-ubyte, optionally gzipped)`);
    return join(dir, hit);
  };
  const imagesPath = find('images-idx3'), labelsPath = find('labels-idx1');
  const [imagesBytes, labelsBytes] = await Promise.all([readFileBytes(imagesPath), readFileBytes(labelsPath)]);
  const ds = datasetFromIdx(dir, parseIdx(imagesBytes, imagesPath), parseIdx(labelsBytes, labelsPath));
  return { ...ds, sha256: sha256(imagesBytes, labelsBytes) };
}

async function readFileBytes(path: string): Promise<Uint8Array> {
  try {
    const b = await readFile(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (e) {
    throw new DataError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? oneLine(e)}`);
  }
}

/** Hex sha256 of the concatenated bytes (node:crypto; same digest as sha256Hex). */
export function sha256(...parts: Uint8Array[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

/**
 * Named arrays from a .npz, .safetensors or .npy file (a .npy gives one array keyed by the file
 * name without extension) — parameter vectors, directions, saved gradients.
 */
export async function loadArrays(path: string): Promise<Record<string, NdArray>> {
  const bytes = await readFileBytes(path);
  switch (extname(path).toLowerCase()) {
    case '.npz': return parseNpz(bytes, path);
    case '.safetensors': return parseSafetensors(bytes, path).tensors;
    case '.npy': return { [basename(path, extname(path))]: parseNpy(bytes, path) };
    default: throw new DataError(`unsupported array file: ${path} (expected .npz, .safetensors or .npy)`);
  }
}

export interface SaveArraysOptions {
  /** `__metadata__` of a .safetensors file (ignored for .npz). */
  metadata?: Record<string, string>;
}

/** Writes named arrays as .npz (stored members) or .safetensors, chosen by extension; atomically (temporary file, then rename). */
export async function saveArrays(
  path: string,
  arrays: Record<string, { shape: readonly number[]; data: TypedArray; dtype?: DType }>,
  options: SaveArraysOptions = {},
): Promise<void> {
  const ext = extname(path).toLowerCase();
  let bytes: Uint8Array;
  if (ext === '.npz') bytes = encodeNpz(arrays);
  else if (ext === '.safetensors') bytes = encodeSafetensors(arrays, options.metadata);
  else if (ext === '.npy' && Object.keys(arrays).length === 1) bytes = encodeNpy(Object.values(arrays)[0]);
  else throw new DataError(`unsupported array file: ${path} (expected .npz or .safetensors, or .npy for one array)`);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
}
