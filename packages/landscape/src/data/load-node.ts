/**
 * Resolving `--data PATH|NAME` (Node only): .npz / .safetensors with arrays `x` and `y`, a
 * folder of MNIST-style IDX files, .csv, or a built-in name (`mnist`, `spirals`, `moons`,
 * `blobs`, `teacher`, the synthetic ones with `NAME:key=value,...` options, see
 * builtin-data.ts). Every result carries `sha256`: of the file's bytes; for an IDX folder of
 * the images file's bytes followed by the labels file's bytes (as stored, gzipped or not);
 * for built-in sets of the arrays (see datasetBytes).
 */
import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Dataset } from './dataset.js';
import { DataError, oneLine } from './errors.js';
import type { Task } from './from-arrays.js';
import type { DType, NdArray, TypedArray } from './ndarray.js';
import { encodeNpy, parseNpy } from './npy.js';
import { encodeNpz, parseNpz } from './npz.js';
import { encodeSafetensors, parseSafetensors } from './safetensors.js';
import { nodeJobIO } from '../jobs/node.js';

export interface LoadDataOptions {
  /** Which pair of an IDX folder to read: `train-*` (default) or `t10k-*`. Other sources ignore it. */
  split?: 'train' | 'test';
  /** Seed of a synthetic set whose spec has no `seed=` (the command's --seed). Default 0. */
  seed?: number;
  /** Overrides the task implied by the labels' dtype or values (.npz, .safetensors, .csv). */
  task?: Task;
}

export async function loadData(spec: string, options: LoadDataOptions = {}): Promise<Dataset> {
  const { split = 'train' } = options;
  if (split !== 'train' && split !== 'test') throw new DataError(`invalid split: ${String(split)} (expected train or test)`);
  return nodeJobIO().loadData(spec, { seed: options.seed ?? 0, split, task: options.task, flag: '' });
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
