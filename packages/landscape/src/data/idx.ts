/**
 * IDX files (the MNIST format), gzipped or not: two zero bytes, a type byte, the number of
 * dimensions, big-endian uint32 sizes, then big-endian data. Images are type 0x08 with 3
 * dimensions (magic 0x00000803), labels 0x08 with 1 (0x00000801). Browser-safe.
 * see: http://yann.lecun.com/exdb/mnist/ (file formats)
 */
import { gunzipSync } from 'fflate';
import { DataError, oneLine } from './errors.js';
import { decodeElements, itemSize, numel, type DType, type NdArray } from './ndarray.js';

const types: Record<number, DType> = { 0x08: 'uint8', 0x09: 'int8', 0x0b: 'int16', 0x0c: 'int32', 0x0d: 'float32', 0x0e: 'float64' };

/** True when the bytes start with the gzip magic 1f 8b. */
export const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Decompresses gzip data, naming `source` when it is damaged. */
export function gunzip(bytes: Uint8Array, source: string): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new DataError(`${source}: damaged gzip data (${oneLine(e)})`);
  }
}

/** Reads an IDX file (decompressing it first when it starts with the gzip magic). */
export function parseIdx(input: Uint8Array, source = 'IDX file'): NdArray {
  const bytes = isGzip(input) ? gunzip(input, source) : input;
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || !(bytes[2] in types) || bytes[3] === 0) {
    const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
    throw new DataError(`${source}: not an IDX file (bad magic 0x${magic || 'empty'})`);
  }
  const dtype = types[bytes[2]], nd = bytes[3];
  if (bytes.length < 4 + 4 * nd) throw new DataError(`${source}: truncated IDX header`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: nd }, (_, k) => dv.getUint32(4 + 4 * k, false));
  const start = 4 + 4 * nd, count = numel(shape), need = count * itemSize[dtype];
  if (bytes.length - start < need) throw new DataError(`${source}: truncated data: shape [${shape}] ${dtype} needs ${need} bytes, found ${bytes.length - start}`);
  return { shape, dtype, data: decodeElements(bytes, start, count, dtype, false) };
}

/** Writes an uncompressed IDX file from uint8 data (for tests and small exports). */
export function encodeIdx(a: { shape: readonly number[]; data: Uint8Array }): Uint8Array {
  const out = new Uint8Array(4 + 4 * a.shape.length + a.data.length);
  out[2] = 0x08;
  out[3] = a.shape.length;
  const dv = new DataView(out.buffer);
  a.shape.forEach((d, k) => dv.setUint32(4 + 4 * k, d, false));
  out.set(a.data, 4 + 4 * a.shape.length);
  return out;
}
