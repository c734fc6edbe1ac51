/**
 * NumPy .npy files (format versions 1.0, 2.0 and 3.0), browser-safe.
 * see: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
import { DataError, oneLine } from './errors.js';
import {
  decodeElements, dtypeOf, fortranToC, itemSize, littleEndianBytes, numel,
  type DType, type NdArray, type TypedArray,
} from './ndarray.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const kinds: Record<string, DType> = {
  f2: 'float16', f4: 'float32', f8: 'float64',
  i1: 'int8', i2: 'int16', i4: 'int32', i8: 'int64',
  u1: 'uint8', u2: 'uint16', u4: 'uint32', u8: 'uint64',
  b1: 'bool',
};

const descrs: Partial<Record<DType, string>> = {
  float32: '<f4', float64: '<f8', int8: '|i1', int16: '<i2', int32: '<i4', int64: '<i8',
  uint8: '|u1', uint16: '<u2', uint32: '<u4', uint64: '<u8', bool: '|b1',
};

/** Reads a .npy file; `source` (file name, or `file.npz:member`) goes into every error message. */
export function parseNpy(bytes: Uint8Array, source = '.npy'): NdArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new DataError(`${source}: not a .npy file (bad magic)`);
  const major = bytes[6];
  if (major < 1 || major > 3) throw new DataError(`${source}: unsupported .npy format version ${major}.${bytes[7]}`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (major > 1 && bytes.length < 12) throw new DataError(`${source}: truncated .npy header`);
  const headerLen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLen > bytes.length) throw new DataError(`${source}: truncated .npy header (${headerLen} bytes declared, ${bytes.length - start} present)`);
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen));
  const { descr, fortran, shape } = parseHeader(text, source);

  const m = /^([<>|=])([a-z])(\d+)$/.exec(descr);
  const dtype = m ? kinds[m[2] + m[3]] : undefined;
  if (!m || !dtype) throw new DataError(`${source}: unsupported dtype ${JSON.stringify(descr)} (supported: f2 f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1)`);
  const count = numel(shape);
  const need = count * itemSize[dtype], have = bytes.length - start - headerLen;
  if (need > have) throw new DataError(`${source}: truncated data: shape [${shape}] ${dtype} needs ${need} bytes, found ${have}`);
  const data = decodeElements(bytes, start + headerLen, count, dtype, m[1] !== '>');
  return { shape, dtype, data: fortran ? fortranToC(data, shape) : data };
}

/** Writes a .npy file (version 1.0, or 2.0 for very long headers), little-endian, C order. */
export function encodeNpy(a: { shape: readonly number[]; data: TypedArray; dtype?: DType }): Uint8Array {
  const dtype = a.dtype ?? dtypeOf(a.data);
  const descr = descrs[dtype];
  if (!descr || (dtype === 'bool' && !(a.data instanceof Uint8Array)) || (dtype !== 'bool' && dtype !== dtypeOf(a.data))) {
    throw new DataError(`cannot write dtype ${dtype} from a ${a.data.constructor.name}`);
  }
  if (numel(a.shape) !== a.data.length) throw new DataError(`shape [${a.shape}] has ${numel(a.shape)} elements, data has ${a.data.length}`);
  const shape = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const v2 = header.length + 65 > 0xffff; // header plus newline and padding must fit a uint16
  const start = v2 ? 12 : 10;
  header += ' '.repeat((64 - ((start + header.length + 1) % 64)) % 64) + '\n'; // data aligned to 64 bytes, as numpy does
  const body = littleEndianBytes(a.data);
  const out = new Uint8Array(start + header.length + body.length);
  out.set(MAGIC);
  out[6] = v2 ? 2 : 1;
  const dv = new DataView(out.buffer);
  if (v2) dv.setUint32(8, header.length, true);
  else dv.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[start + i] = header.charCodeAt(i);
  out.set(body, start + header.length);
  return out;
}

/** The header is a Python dict literal: {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), } */
function parseHeader(text: string, source: string): { descr: string; fortran: boolean; shape: number[] } {
  let value: unknown;
  try {
    value = new PyLiteral(text).parse();
  } catch (e) {
    throw new DataError(`${source}: invalid .npy header: ${oneLine(e)}`);
  }
  if (!(value instanceof Map)) throw new DataError(`${source}: invalid .npy header: not a dict`);
  const descr = value.get('descr'), fortran = value.get('fortran_order'), shape = value.get('shape');
  if (typeof descr !== 'string') throw new DataError(`${source}: unsupported dtype ${JSON.stringify(descr ?? null)} (structured and missing dtypes are not read)`);
  if (typeof fortran !== 'boolean') throw new DataError(`${source}: invalid .npy header: fortran_order must be True or False`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new DataError(`${source}: invalid .npy header: bad shape`);
  return { descr, fortran, shape: shape as number[] };
}

/** Just enough of Python's literal syntax for .npy headers: dicts, tuples, lists, strings, ints, True/False/None. */
class PyLiteral {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): unknown {
    const v = this.value();
    this.ws();
    if (this.i < this.s.length) throw new Error(`unexpected ${JSON.stringify(this.s[this.i])} at ${this.i}`);
    return v;
  }

  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  private value(): unknown {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.seq('}', true);
    if (c === '(' || c === '[') return this.seq(c === '(' ? ')' : ']', false);
    if (c === "'" || c === '"') {
      const end = this.s.indexOf(c, this.i + 1);
      if (end < 0) throw new Error('unterminated string');
      const str = this.s.slice(this.i + 1, end);
      this.i = end + 1;
      return str;
    }
    const m = /^(True|False|None|-?\d+L?)/.exec(this.s.slice(this.i, this.i + 32));
    if (!m) throw new Error(`unexpected ${JSON.stringify(c ?? 'end of header')} at ${this.i}`);
    this.i += m[1].length;
    return m[1] === 'True' ? true : m[1] === 'False' ? false : m[1] === 'None' ? null : Number.parseInt(m[1], 10);
  }

  private seq(close: string, dict: boolean): unknown {
    this.i++;
    const items: unknown[] = [];
    const map = new Map<unknown, unknown>();
    for (;;) {
      this.ws();
      if (this.s[this.i] === close) break;
      const v = this.value();
      if (dict) {
        this.ws();
        if (this.s[this.i++] !== ':') throw new Error(`expected ':' at ${this.i - 1}`);
        map.set(v, this.value());
      } else items.push(v);
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== close) throw new Error(`expected ',' or '${close}' at ${this.i}`);
    }
    this.i++;
    return dict ? map : items;
  }
}
