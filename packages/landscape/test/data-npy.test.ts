import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unzipSync, zipSync } from 'fflate';
import { encodeNpy, parseNpy } from '../src/data/npy.js';
import { encodeNpz, parseNpz } from '../src/data/npz.js';
import { DataError } from '../src/data/errors.js';
import type { DType, TypedArray } from '../src/data/ndarray.js';

const dir = new URL('./fixtures/data/', import.meta.url);
const file = (name: string) => new Uint8Array(readFileSync(new URL(name, dir)));

/** make.py's ramp: (arange(size) − size//3), /4 for floats; arange for unsigned; arange % 3 == 0 for bool. */
function ramp(size: number, dtype: DType): number[] {
  return Array.from({ length: size }, (_, i) =>
    dtype === 'bool' ? Number(i % 3 === 0) : dtype.startsWith('uint') ? i : dtype.startsWith('float') ? (i - Math.floor(size / 3)) / 4 : i - Math.floor(size / 3));
}
const values = (a: TypedArray) => Array.from(a as ArrayLike<number | bigint>, Number);

describe('.npy written by numpy', () => {
  const cases: [string, DType, string][] = [
    ['f2', 'float16', 'Float32Array'], ['f4', 'float32', 'Float32Array'], ['f8', 'float64', 'Float64Array'],
    ['i1', 'int8', 'Int8Array'], ['i2', 'int16', 'Int16Array'], ['i4', 'int32', 'Int32Array'], ['i8', 'int64', 'BigInt64Array'],
    ['u1', 'uint8', 'Uint8Array'], ['u2', 'uint16', 'Uint16Array'], ['u4', 'uint32', 'Uint32Array'], ['u8', 'uint64', 'BigUint64Array'],
    ['b1', 'bool', 'Uint8Array'],
  ];
  it.each(cases)('reads %s as %s in a %s', (code, dtype, ctor) => {
    const a = parseNpy(file(`${code}.npy`), `${code}.npy`);
    expect(a.shape).toEqual([2, 3]);
    expect(a.dtype).toBe(dtype);
    expect(a.data.constructor.name).toBe(ctor);
    expect(values(a.data)).toEqual(ramp(6, dtype)); // exact: every ramp value is representable in every dtype
  });
  it('reads big-endian data', () => {
    expect(values(parseNpy(file('f8-big.npy')).data)).toEqual(ramp(6, 'float64'));
    expect(values(parseNpy(file('i4-big.npy')).data)).toEqual(ramp(6, 'int32'));
  });
  it('reads Fortran-order arrays into C order', () => {
    const f = parseNpy(file('f4-fortran.npy'));
    expect(f.shape).toEqual([2, 3, 4]);
    expect(values(f.data)).toEqual(ramp(24, 'float32'));
    const g = parseNpy(file('i2-big-fortran.npy'));
    expect(g.shape).toEqual([3, 2, 2]);
    expect(values(g.data)).toEqual(ramp(12, 'int16'));
  });
  it('reads header versions 2.0 and 3.0, 0-d and empty arrays', () => {
    for (const v of ['f4-v2.npy', 'f4-v3.npy']) expect(values(parseNpy(file(v)).data)).toEqual(ramp(6, 'float32'));
    expect(parseNpy(file('scalar.npy'))).toEqual({ shape: [], dtype: 'float64', data: new Float64Array([2.5]) });
    expect(parseNpy(file('empty.npy'))).toEqual({ shape: [0, 3], dtype: 'float32', data: new Float32Array(0) });
  });
  it('rejects complex and structured dtypes naming the file and the dtype', () => {
    expect(() => parseNpy(file('complex.npy'), 'complex.npy')).toThrow(new DataError('complex.npy: unsupported dtype "<c8" (supported: f2 f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1)'));
    expect(() => parseNpy(file('structured.npy'), 'structured.npy')).toThrow(/^structured\.npy: unsupported dtype/);
  });
});

describe('.npy hostile input', () => {
  const good = file('f4.npy');
  it('gives one-line errors naming the file', () => {
    const bad: [Uint8Array, RegExp][] = [
      [new Uint8Array(0), /^a\.npy: not a \.npy file \(bad magic\)$/],
      [new TextEncoder().encode('PK\x03\x04 not numpy'), /^a\.npy: not a \.npy file \(bad magic\)$/],
      [good.slice(0, 40), /^a\.npy: truncated \.npy header/],
      [good.slice(0, good.length - 1), /^a\.npy: truncated data: shape \[2,3\] float32 needs 24 bytes, found 23$/],
      [Uint8Array.from([...good.slice(0, 6), 9, 0, ...good.slice(8)]), /^a\.npy: unsupported \.npy format version 9\.0$/],
    ];
    for (const [bytes, msg] of bad) {
      expect(() => parseNpy(bytes, 'a.npy')).toThrow(msg);
      try { parseNpy(bytes, 'a.npy'); } catch (e) { expect((e as Error).message).not.toContain('\n'); }
    }
  });
  it('rejects malformed headers', () => {
    const header = (h: string) => {
      const body = new TextEncoder().encode(h);
      const out = new Uint8Array(10 + body.length + 8);
      out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, body.length, 0]);
      out.set(body, 10);
      return out;
    };
    expect(() => parseNpy(header("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"), 'h.npy')).not.toThrow();
    expect(() => parseNpy(header("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }"), 'h.npy')).toThrow('h.npy: invalid .npy header: bad shape');
    expect(() => parseNpy(header("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }"), 'h.npy')).toThrow(/fortran_order/);
    expect(() => parseNpy(header("{'descr': '<f4', 'shape': (2,"), 'h.npy')).toThrow(/^h\.npy: invalid \.npy header/);
    expect(() => parseNpy(header("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999,), }"), 'h.npy')).toThrow(/^h\.npy: truncated data/);
    expect(() => parseNpy(header("__import__('os')"), 'h.npy')).toThrow(/^h\.npy: invalid \.npy header/);
  });
});

describe('.npy writer', () => {
  it('writes what numpy writes, byte for byte, for f4 / f8 / i4 / i8', () => {
    for (const [code, data] of [
      ['f4', Float32Array.from(ramp(6, 'float32'))],
      ['f8', Float64Array.from(ramp(6, 'float64'))],
      ['i4', Int32Array.from(ramp(6, 'int32'))],
      ['i8', BigInt64Array.from(ramp(6, 'int64'), BigInt)],
    ] as const) {
      expect(encodeNpy({ shape: [2, 3], data })).toEqual(file(`${code}.npy`));
    }
  });
  it('round-trips every writable dtype and shape', () => {
    const arb = fc.record({
      shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 }),
      kind: fc.constantFrom('f4', 'f8', 'i4', 'i8', 'u1', 'i1', 'i2', 'u2', 'u4', 'u8'),
      seed: fc.integer(),
    });
    fc.assert(fc.property(arb, ({ shape, kind, seed }) => {
      const size = shape.reduce((a, b) => a * b, 1);
      const raw = Array.from({ length: size }, (_, i) => ((seed + i * 7919) % 100) - (kind.startsWith('u') ? 0 : 50));
      const data: TypedArray = {
        f4: () => Float32Array.from(raw, (v) => v / 3), f8: () => Float64Array.from(raw, (v) => v / 3),
        i4: () => Int32Array.from(raw), i8: () => BigInt64Array.from(raw, BigInt), u1: () => Uint8Array.from(raw, Math.abs),
        i1: () => Int8Array.from(raw), i2: () => Int16Array.from(raw), u2: () => Uint16Array.from(raw, Math.abs),
        u4: () => Uint32Array.from(raw, Math.abs), u8: () => BigUint64Array.from(raw, (v) => BigInt(Math.abs(v))),
      }[kind]();
      const back = parseNpy(encodeNpy({ shape, data }));
      expect(back.shape).toEqual(shape);
      expect(back.data).toEqual(data);
    }), { numRuns: 200 });
  });
  it('writes bool from 0/1 bytes and aligns data to 64 bytes', () => {
    const bytes = encodeNpy({ shape: [3], data: Uint8Array.from([1, 0, 1]), dtype: 'bool' });
    expect(bytes.length % 64).toBe(3);
    expect(parseNpy(bytes)).toEqual({ shape: [3], dtype: 'bool', data: Uint8Array.from([1, 0, 1]) });
  });
  it('refuses mismatched shape and dtype', () => {
    expect(() => encodeNpy({ shape: [2, 2], data: new Float32Array(3) })).toThrow('shape [2,2] has 4 elements, data has 3');
    expect(() => encodeNpy({ shape: [2], data: new Float32Array(2), dtype: 'int32' })).toThrow('cannot write dtype int32 from a Float32Array');
    expect(() => encodeNpy({ shape: [2], data: new Float32Array(2), dtype: 'float16' })).toThrow('cannot write dtype float16');
  });
});

describe('.npz', () => {
  it('reads numpy.savez (stored) and savez_compressed (deflated) archives', () => {
    const c = parseNpz(file('classification.npz'));
    expect(Object.keys(c)).toEqual(['x', 'y']);
    expect(c.x.dtype).toBe('float32');
    expect(values(c.x.data)).toEqual(ramp(24, 'float32'));
    expect(c.y).toEqual({ shape: [12], dtype: 'int64', data: BigInt64Array.from({ length: 12 }, (_, i) => BigInt(i % 3)) });
    const r = parseNpz(file('regression.npz'));
    expect(values(r.y.data)).toEqual(ramp(24, 'float32').map((v) => 2 * v));
    const p = parseNpz(file('params-compressed.npz'));
    expect(Object.keys(p)).toEqual(['fc1.weight', 'fc1.bias', 'step']);
    expect(p['fc1.weight'].shape).toEqual([4, 3]);
    expect(values(p['fc1.bias'].data)).toEqual(ramp(4, 'float64'));
    expect(p.step).toEqual({ shape: [1], dtype: 'int64', data: BigInt64Array.of(0n) }); // big-endian member
  });
  it('round-trips, writes stored members, and is reproducible', () => {
    const arrays = { 'fc1.weight': { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) }, 'fc1.bias': { shape: [2], data: Float64Array.of(-1, 0.5) } };
    const bytes = encodeNpz(arrays);
    expect(bytes).toEqual(encodeNpz(arrays));
    const back = parseNpz(bytes);
    expect(back['fc1.weight']).toEqual({ ...arrays['fc1.weight'], dtype: 'float32' });
    expect(back['fc1.bias']).toEqual({ ...arrays['fc1.bias'], dtype: 'float64' });
    // stored: the member's bytes appear verbatim in the archive
    const member = encodeNpy(arrays['fc1.weight']);
    expect(Buffer.from(bytes).includes(Buffer.from(member))).toBe(true);
  });
  it('names the archive and the member in errors', () => {
    expect(() => parseNpz(file('f4.npy'), 'v.npz')).toThrow('v.npz: not a .npz file (bad magic: not a ZIP archive)');
    const whole = file('classification.npz');
    expect(() => parseNpz(whole.slice(0, 300), 'v.npz')).toThrow(/^v\.npz: damaged ZIP archive/);
    const bad = zipSync({ 'w.npy': [file('complex.npy'), { level: 0 }], 't.npy': [file('f4.npy').slice(0, 140), { level: 6 }] });
    expect(() => parseNpz(bad, 'v.npz')).toThrow(/^v\.npz:w\.npy: unsupported dtype "<c8"/);
    const truncated = zipSync({ 't.npy': [file('f4.npy').slice(0, 140), { level: 6 }] });
    expect(() => parseNpz(truncated, 'v.npz')).toThrow('v.npz:t.npy: truncated data: shape [2,3] float32 needs 24 bytes, found 12');
    expect(Object.keys(unzipSync(truncated))).toEqual(['t.npy']);
  });
});
