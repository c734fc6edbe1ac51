/**
 * .safetensors files: an 8-byte little-endian header length, a JSON header
 * `{ name: { dtype, shape, data_offsets: [begin, end] }, __metadata__?: { key: string } }`,
 * then the raw little-endian tensor bytes. Browser-safe.
 * see: https://github.com/huggingface/safetensors#format
 */
import { DataError, oneLine, printable } from './errors.js';
import {
  bfloat16ToFloat32, decodeElements, dtypeOf, itemSize, littleEndianBytes, numel,
  type DType, type NdArray, type TypedArray,
} from './ndarray.js';

const fromST: Record<string, DType> = {
  F16: 'float16', F32: 'float32', F64: 'float64',
  I8: 'int8', I16: 'int16', I32: 'int32', I64: 'int64',
  U8: 'uint8', U16: 'uint16', U32: 'uint32', U64: 'uint64',
  BOOL: 'bool',
};
const toST: Partial<Record<DType, string>> = Object.fromEntries(Object.entries(fromST).map(([k, v]) => [v, k]));

export interface SafetensorsFile {
  tensors: Record<string, NdArray>;
  /** The `__metadata__` string map (empty when absent). */
  metadata: Record<string, string>;
}

interface Entry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** Reads a .safetensors file: every tensor (BF16 is widened to float32 and reported as float32) and the metadata. */
export function parseSafetensors(bytes: Uint8Array, source = '.safetensors'): SafetensorsFile {
  if (bytes.length < 8) throw new DataError(`${source}: truncated .safetensors file (${bytes.length} bytes)`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = Number(dv.getBigUint64(0, true));
  if (headerLen > bytes.length - 8) throw new DataError(`${source}: not a .safetensors file or truncated (header of ${headerLen} bytes declared, ${bytes.length - 8} present)`);
  if (bytes[8] !== 0x7b) throw new DataError(`${source}: not a .safetensors file (header does not start with '{')`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen))) as Record<string, unknown>;
  } catch (e) {
    throw new DataError(`${source}: invalid .safetensors header JSON (${oneLine(e)})`);
  }
  const base = 8 + headerLen, size = bytes.length - base;
  const metadata: Record<string, string> = {};
  const tensors: [string, NdArray][] = [];
  const ranges: [number, number, string][] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') {
      for (const [k, v] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
        if (typeof v !== 'string') throw new DataError(`${source}: __metadata__ value of ${JSON.stringify(k)} is not a string`);
        metadata[k] = v;
      }
      continue;
    }
    const where = `${source}:${printable(name)}`;
    const e = raw as Entry;
    if (!e || typeof e !== 'object' || !Array.isArray(e.shape) || !e.shape.every((d) => Number.isSafeInteger(d) && d >= 0)
      || !Array.isArray(e.data_offsets) || e.data_offsets.length !== 2 || !e.data_offsets.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new DataError(`${where}: invalid tensor entry ${oneLine(JSON.stringify(raw) ?? String(raw))}`);
    }
    const bf16 = e.dtype === 'BF16';
    const dtype = bf16 ? 'float32' : fromST[e.dtype];
    if (!dtype) throw new DataError(`${where}: unsupported dtype ${JSON.stringify(e.dtype)} (supported: ${[...Object.keys(fromST), 'BF16'].join(' ')})`);
    const [begin, end] = e.data_offsets, count = numel(e.shape), need = count * (bf16 ? 2 : itemSize[dtype]);
    if (end < begin || end > size) throw new DataError(`${where}: truncated data: offsets [${begin}, ${end}] beyond the ${size} data bytes`);
    if (end - begin !== need) throw new DataError(`${where}: shape [${e.shape}] ${e.dtype} needs ${need} bytes, offsets give ${end - begin}`);
    ranges.push([begin, end, name]);
    const data = bf16
      ? bfloat16ToFloat32(decodeElements(bytes, base + begin, count, 'uint16', true) as Uint16Array)
      : decodeElements(bytes, base + begin, count, dtype, true);
    tensors.push([name, { shape: e.shape, dtype, data }]);
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let at = 0;
  for (const [begin, end, name] of ranges) {
    if (begin !== at) throw new DataError(`${source}:${printable(name)}: data offsets [${begin}, ${end}] ${begin < at ? 'overlap the previous tensor' : 'leave a gap'}`);
    at = end;
  }
  return { tensors: Object.fromEntries(tensors), metadata };
}

/** Writes a .safetensors file: tensors in the given order, header padded with spaces to a multiple of 8 bytes. */
export function encodeSafetensors(
  tensors: Record<string, { shape: readonly number[]; data: TypedArray; dtype?: DType }>,
  metadata?: Record<string, string>,
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length) header.__metadata__ = metadata;
  const bodies: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const dtype = t.dtype ?? dtypeOf(t.data);
    const st = toST[dtype];
    if (!st || dtype === 'float16' || (dtype === 'bool' ? !(t.data instanceof Uint8Array) : dtype !== dtypeOf(t.data))) {
      throw new DataError(`${name}: cannot write dtype ${dtype} from a ${t.data.constructor.name}`);
    }
    if (numel(t.shape) !== t.data.length) throw new DataError(`${name}: shape [${t.shape}] has ${numel(t.shape)} elements, data has ${t.data.length}`);
    const body = littleEndianBytes(t.data);
    header[name] = { dtype: st, shape: [...t.shape], data_offsets: [offset, offset + body.length] };
    bodies.push(body);
    offset += body.length;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const pad = (8 - (json.length % 8)) % 8;
  if (pad) {
    const padded = new Uint8Array(json.length + pad).fill(0x20);
    padded.set(json);
    json = padded;
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const b of bodies) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}
