/**
 * A direction from arrays keyed by parameter name (the contents of a .npz or .safetensors file),
 * flattened in the model's parameter order. Every parameter must be present with its exact shape.
 */
import type { Model } from '../models/model.js';
import type { NdArray } from '../data/ndarray.js';
import { DirectionError } from './normalize.js';

export function directionFromArrays(arrays: Record<string, NdArray>, m: Model, source = 'direction'): Float32Array {
  const out = new Float32Array(m.params.length);
  let offset = 0;
  for (const p of m.program.params) {
    const a = arrays[p.name];
    const size = p.shape.reduce((x, y) => x * y, 1);
    if (!a) throw new DirectionError(`${source}: no array named ${p.name} (the model's parameter, shape [${p.shape}])`);
    if (a.shape.length !== p.shape.length || a.shape.some((d, i) => d !== p.shape[i])) {
      throw new DirectionError(`${source}: ${p.name} has shape [${a.shape}], the model's parameter has [${p.shape}]`);
    }
    for (let i = 0; i < size; i++) {
      const v = Number(a.data[i]);
      if (!Number.isFinite(v)) throw new DirectionError(`${source}: ${p.name} holds ${v} at index ${i}`);
      out[offset + i] = v;
    }
    offset += size;
  }
  return out;
}

/** The inverse: one float32 array per parameter, keyed by name (for saving gradients and directions). */
export function arraysFromVector(v: ArrayLike<number>, m: Model): Record<string, NdArray> {
  const out: Record<string, NdArray> = {};
  let offset = 0;
  for (const p of m.program.params) {
    const size = p.shape.reduce((x, y) => x * y, 1);
    out[p.name] = { shape: [...p.shape], dtype: 'float32', data: Float32Array.from({ length: size }, (_, i) => v[offset + i]) } as NdArray;
    offset += size;
  }
  return out;
}
