/** Parameter-shaped vectors in and out of jobs: read from .npz / .safetensors files, written likewise. */
import { arraysFromVector, directionFromArrays } from '../directions/read-direction.js';
import { encodeNpz } from '../data/npz.js';
import { encodeSafetensors } from '../data/safetensors.js';
import type { NdArray } from '../data/ndarray.js';
import type { Model } from '../models/model.js';
import type { JobIO } from './io.js';

export const norm = (v: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
};

/** A vector keyed by parameter name, flattened in the model's order, and its file's sha256. */
export async function readVector(io: JobIO, path: string, model: Model, flag: string): Promise<{ vector: Float32Array; sha256: string }> {
  const { arrays, sha256 } = await io.readArrays(path, flag);
  return { vector: directionFromArrays(arrays, model, `${flag} ${path}`), sha256 };
}

/** Named arrays encoded by the file's extension: .npz (stored members) or .safetensors. */
export function encodeArrays(path: string, arrays: Record<string, NdArray>): Uint8Array {
  return path.toLowerCase().endsWith('.safetensors') ? encodeSafetensors(arrays as never) : encodeNpz(arrays as never);
}

/** One float32 array per parameter, written whole. */
export async function saveVector(io: JobIO, path: string, v: ArrayLike<number>, model: Model, flag: string): Promise<void> {
  await io.write(path, encodeArrays(path, arraysFromVector(v, model)), flag);
}
