import { NnllInputError } from '../errors.js';

/** Coordinate ranges in loss-landscape's vocabulary: `min:max:num`, e.g. `-1:1:51`. */
export interface Range {
  min: number;
  max: number;
  num: number;
}

/** A `min:max:num` range that cannot be used. */
export class RangeSpecError extends NnllInputError {
  override name = 'RangeSpecError';
}

export function parseRange(text: string, flag = 'range'): Range {
  const parts = text.split(':');
  const [min, max, num] = parts.map(Number);
  if (parts.length !== 3 || parts.some((p) => p.trim() === '') || !Number.isFinite(min) || !Number.isFinite(max) || !Number.isInteger(num) || num < 1 || (num > 1 && !(max > min))) {
    throw new RangeSpecError(`invalid ${flag}: ${text} (expected min:max:num with min < max and num ≥ 1, e.g. -1:1:51)`);
  }
  return { min, max, num };
}

/** numpy.linspace(min, max, num): endpoints included. */
export function linspace(r: Range): number[] {
  if (r.num === 1) return [r.min];
  return Array.from({ length: r.num }, (_, i) => (i === r.num - 1 ? r.max : r.min + ((r.max - r.min) * i) / (r.num - 1)));
}
