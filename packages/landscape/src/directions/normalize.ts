/**
 * Direction normalisation (Li et al. 2018, "Visualizing the Loss Landscape of Neural Nets", and
 * the loss-landscape code's `normalize_directions_for_weights`), per parameter tensor:
 *   filter   each output unit's slice: d ← d·‖w‖/(‖d‖ + 1e-10)
 *   layer    the whole tensor:         d ← d·‖w‖/(‖d‖ + 1e-10)
 *   weight   element-wise:             d ← d ⊙ w
 *   dfilter  each output unit's slice: d ← d/(‖d‖ + 1e-10)
 *   dlayer   the whole tensor:         d ← d/(‖d‖ + 1e-10)
 *   none     as given
 * Tensors with one dimension or fewer (biases, batch-norm scale and shift): with ignore 'biasbn'
 * their direction is 0; otherwise — loss-landscape's behaviour — it is a copy of the weights.
 * The output unit is dim 0 of conv weights and [out,in] dense weights, the column of [in,out] ones.
 */
import { NnllInputError } from '../errors.js';
import type { Model } from '../models/model.js';
import { unitAxes } from '../models/model.js';

export type Norm = 'none' | 'filter' | 'layer' | 'weight' | 'dfilter' | 'dlayer';
export type Ignore = 'biasbn' | 'none';
export const NORMS = ['none', 'filter', 'layer', 'weight', 'dfilter', 'dlayer'] as const satisfies readonly Norm[];

export interface NormalizeOptions {
  /** Default 'filter'. */
  norm?: Norm;
  /** Default 'biasbn'. */
  ignore?: Ignore;
}

export class DirectionError extends NnllInputError {
  override name = 'DirectionError';
}

/** The element indices of each output unit's slice of a tensor. */
function units(shape: number[], axis: number): number[][] {
  const size = shape.reduce((a, b) => a * b, 1);
  if (axis === 0) {
    const per = size / shape[0];
    return Array.from({ length: shape[0] }, (_, u) => Array.from({ length: per }, (_, k) => u * per + k));
  }
  // [in, out] dense weight: unit j is column j
  const [rows, cols] = shape;
  return Array.from({ length: cols }, (_, j) => Array.from({ length: rows }, (_, i) => i * cols + j));
}

function rescale(d: Float32Array, w: Float32Array, idx: number[], norm: Norm): void {
  let dn = 0, wn = 0;
  for (const i of idx) {
    dn += d[i] * d[i];
    wn += w[i] * w[i];
  }
  const f = norm === 'filter' || norm === 'layer' ? Math.sqrt(wn) / (Math.sqrt(dn) + 1e-10) : 1 / (Math.sqrt(dn) + 1e-10);
  for (const i of idx) d[i] *= f;
}

/** A normalised copy of direction `d` for model `m` (d itself is not changed). */
export function normalizeDirection(d: ArrayLike<number>, m: Model, options: NormalizeOptions = {}): Float32Array {
  const norm = options.norm ?? 'filter';
  const ignore = options.ignore ?? 'biasbn';
  if (!NORMS.includes(norm)) throw new DirectionError(`invalid norm: ${String(norm)}`);
  if (ignore !== 'biasbn' && ignore !== 'none') throw new DirectionError(`invalid ignore: ${String(ignore)}`);
  if (d.length !== m.params.length) throw new DirectionError(`direction has ${d.length} values, the model has ${m.params.length} parameters`);
  const out = Float32Array.from(d);
  const axes = unitAxes(m.program);
  let offset = 0;
  for (const p of m.program.params) {
    const size = p.shape.reduce((a, b) => a * b, 1);
    const dv = out.subarray(offset, offset + size);
    const wv = m.params.subarray(offset, offset + size);
    offset += size;
    if (p.shape.length <= 1) {
      if (ignore === 'biasbn') dv.fill(0);
      else dv.set(wv);
      continue;
    }
    switch (norm) {
      case 'none':
        break;
      case 'weight':
        for (let i = 0; i < size; i++) dv[i] *= wv[i];
        break;
      case 'layer':
      case 'dlayer':
        rescale(dv, wv, Array.from({ length: size }, (_, i) => i), norm);
        break;
      case 'filter':
      case 'dfilter':
        for (const idx of units(p.shape, axes.get(p.name) ?? 0)) rescale(dv, wv, idx, norm);
        break;
    }
  }
  return out;
}
