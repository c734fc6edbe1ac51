/**
 * N-dimensional arrays as read from and written to .npy, .npz, .safetensors and IDX files:
 * a shape, a numpy dtype name and a typed array in C (row-major) order.
 */

export type DType =
  | 'float16' | 'float32' | 'float64'
  | 'int8' | 'int16' | 'int32' | 'int64'
  | 'uint8' | 'uint16' | 'uint32' | 'uint64'
  | 'bool';

export type TypedArray =
  | Float32Array | Float64Array
  | Int8Array | Int16Array | Int32Array | BigInt64Array
  | Uint8Array | Uint16Array | Uint32Array | BigUint64Array;

export interface NdArray<T extends TypedArray = TypedArray> {
  shape: number[];
  /** The dtype in the file. float16 (and bfloat16 from safetensors) is widened to Float32Array; bool is a Uint8Array of 0/1. */
  dtype: DType;
  /** Values in C (row-major) order, whatever the file's order and byte order. */
  data: T;
}

/** Bytes per element of each dtype as stored in a file. */
export const itemSize: Record<DType, number> = {
  float16: 2, float32: 4, float64: 8,
  int8: 1, int16: 2, int32: 4, int64: 8,
  uint8: 1, uint16: 2, uint32: 4, uint64: 8,
  bool: 1,
};

/** The in-memory dtype of a typed array (Uint8Array → uint8). */
export function dtypeOf(data: TypedArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int8Array) return 'int8';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof BigInt64Array) return 'int64';
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Uint16Array) return 'uint16';
  if (data instanceof Uint32Array) return 'uint32';
  return 'uint64';
}

export const isFloat = (d: DType): boolean => d === 'float16' || d === 'float32' || d === 'float64';

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Decodes `count` elements of `size` bytes at `bytes[offset]` (byte order `little`) into a fresh typed array. */
export function decodeElements(bytes: Uint8Array, offset: number, count: number, dtype: DType, little: boolean): TypedArray {
  const size = itemSize[dtype];
  const raw = bytes.slice(offset, offset + count * size); // copy: aligned and detached from the file buffer
  if (size > 1 && little !== littleEndianHost) swapBytes(raw, size);
  const buf = raw.buffer;
  switch (dtype) {
    case 'float16': return halfToFloat32(new Uint16Array(buf));
    case 'float32': return new Float32Array(buf);
    case 'float64': return new Float64Array(buf);
    case 'int8': return new Int8Array(buf);
    case 'int16': return new Int16Array(buf);
    case 'int32': return new Int32Array(buf);
    case 'int64': return new BigInt64Array(buf);
    case 'uint8': return raw;
    case 'uint16': return new Uint16Array(buf);
    case 'uint32': return new Uint32Array(buf);
    case 'uint64': return new BigUint64Array(buf);
    case 'bool': return raw.map((v) => (v ? 1 : 0));
  }
}

/** The bytes of a typed array in little-endian order (a view when the host is little-endian). */
export function littleEndianBytes(data: TypedArray): Uint8Array {
  const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (littleEndianHost || data.BYTES_PER_ELEMENT === 1) return view;
  const copy = view.slice();
  swapBytes(copy, data.BYTES_PER_ELEMENT);
  return copy;
}

function swapBytes(b: Uint8Array, size: number): void {
  for (let i = 0; i < b.length; i += size) {
    for (let lo = i, hi = i + size - 1; lo < hi; lo++, hi--) {
      const t = b[lo];
      b[lo] = b[hi];
      b[hi] = t;
    }
  }
}

/** IEEE 754 binary16 → float32. */
export function halfToFloat32(h: Uint16Array): Float32Array {
  const out = new Float32Array(h.length);
  for (let i = 0; i < h.length; i++) {
    const v = h[i], s = v & 0x8000 ? -1 : 1, e = (v >> 10) & 0x1f, m = v & 0x3ff;
    out[i] = e === 0 ? s * m * 2 ** -24 : e === 31 ? (m ? NaN : s * Infinity) : s * (1 + m / 1024) * 2 ** (e - 15);
  }
  return out;
}

/** bfloat16 (the top half of a float32) → float32. */
export function bfloat16ToFloat32(h: Uint16Array): Float32Array {
  const out = new Uint32Array(h.length);
  for (let i = 0; i < h.length; i++) out[i] = h[i] << 16;
  return new Float32Array(out.buffer);
}

/** Reorders Fortran (column-major) data of `shape` into C (row-major) order. */
export function fortranToC<T extends TypedArray>(data: T, shape: readonly number[]): T {
  if (shape.length < 2) return data;
  const out = new (data.constructor as new (n: number) => T)(data.length);
  const nd = shape.length, idx = new Array<number>(nd).fill(0), stride = new Array<number>(nd);
  stride[0] = 1;
  for (let k = 1; k < nd; k++) stride[k] = stride[k - 1] * shape[k - 1];
  let src = 0;
  for (let i = 0; i < data.length; i++) {
    out[i] = data[src];
    for (let k = nd - 1; k >= 0; k--) { // odometer over the C index, last axis fastest
      idx[k]++;
      src += stride[k];
      if (idx[k] < shape[k]) break;
      src -= stride[k] * shape[k];
      idx[k] = 0;
    }
  }
  return out;
}
