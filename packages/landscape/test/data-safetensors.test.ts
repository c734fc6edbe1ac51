import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeSafetensors, parseSafetensors } from '../src/data/safetensors.js';

const file = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/data/${name}`, import.meta.url)));
const ramp = (size: number, div = 1) => Array.from({ length: size }, (_, i) => (i - Math.floor(size / 3)) / div);

/** A safetensors file from a header object and a data section. */
function build(header: unknown, data = new Uint8Array(0), raw?: string): Uint8Array {
  const json = new TextEncoder().encode(raw ?? JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('.safetensors', () => {
  it('reads a file written from the format description, with metadata', () => {
    const { tensors, metadata } = parseSafetensors(file('params.safetensors'));
    expect(metadata).toEqual({ format: 'pt', note: 'nnll fixture' });
    expect(Object.keys(tensors).sort()).toEqual(['big', 'count', 'fc1.bias', 'fc1.weight']);
    expect(tensors['fc1.weight']).toEqual({ shape: [4, 3], dtype: 'float32', data: Float32Array.from(ramp(12, 4)) });
    expect(tensors['fc1.bias']).toEqual({ shape: [4], dtype: 'float64', data: Float64Array.from(ramp(4, 4)) });
    expect(tensors.count).toEqual({ shape: [2, 2], dtype: 'int32', data: Int32Array.from(ramp(4)) });
    expect(tensors.big).toEqual({ shape: [3], dtype: 'int64', data: BigInt64Array.from(ramp(3), BigInt) });
  });
  it('round-trips F32 / F64 / I32 / I64 / U8 / BOOL in order, header padded to 8 bytes', () => {
    const t = {
      w: { shape: [2, 2], data: Float32Array.of(1.5, -2, 3, 0.25) },
      d: { shape: [3], data: Float64Array.of(Math.PI, -0, 1e300) },
      i: { shape: [1, 2], data: Int32Array.of(-7, 2 ** 31 - 1) },
      l: { shape: [2], data: BigInt64Array.of(-(2n ** 63n), 2n ** 62n) },
      u: { shape: [3], data: Uint8Array.of(0, 128, 255) },
      b: { shape: [2], data: Uint8Array.of(1, 0), dtype: 'bool' as const },
      s: { shape: [], data: Float32Array.of(7) },
    };
    const bytes = encodeSafetensors(t, { step: '10' });
    expect(Number(new DataView(bytes.buffer).getBigUint64(0, true)) % 8).toBe(0);
    const back = parseSafetensors(bytes);
    expect(back.metadata).toEqual({ step: '10' });
    expect(Object.keys(back.tensors)).toEqual(Object.keys(t));
    for (const [k, v] of Object.entries(t)) {
      expect(back.tensors[k].shape).toEqual(v.shape);
      expect(back.tensors[k].data).toEqual(v.data);
    }
    expect(back.tensors.b.dtype).toBe('bool');
    expect(encodeSafetensors(t, { step: '10' })).toEqual(bytes);
  });
  it('widens F16 and BF16 to float32', () => {
    const half = new Uint8Array(new Uint16Array([0x3c00, 0xc000, 0x3555, 0x7c00]).buffer); // 1, -2, 0.333251953125, Infinity
    const bf = new Uint8Array(new Uint16Array([0x3f80, 0xc049]).buffer); // 1, -3.140625
    const { tensors } = parseSafetensors(build({ h: { dtype: 'F16', shape: [4], data_offsets: [0, 8] }, g: { dtype: 'BF16', shape: [2], data_offsets: [8, 12] } }, new Uint8Array([...half, ...bf])));
    expect(Array.from(tensors.h.data as Float32Array)).toEqual([1, -2, 0.333251953125, Infinity]);
    expect(tensors.h.dtype).toBe('float16');
    expect(Array.from(tensors.g.data as Float32Array)).toEqual([1, -3.140625]);
    expect(tensors.g.dtype).toBe('float32');
  });
  it('gives one-line errors naming the file and tensor', () => {
    const f = (b: Uint8Array) => () => parseSafetensors(b, 'v.safetensors');
    expect(f(new Uint8Array(3))).toThrow('v.safetensors: truncated .safetensors file (3 bytes)');
    expect(f(file('f4.npy'))).toThrow(/^v\.safetensors: not a \.safetensors file or truncated/);
    expect(f(build(null, undefined, '[1,2]'))).toThrow("v.safetensors: not a .safetensors file (header does not start with '{')");
    expect(f(build(null, undefined, '{"a": '))).toThrow(/^v\.safetensors: invalid \.safetensors header JSON/);
    expect(f(build({ w: { dtype: 'C64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8)))).toThrow(/^v\.safetensors:w: unsupported dtype "C64"/);
    expect(f(build({ w: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, new Uint8Array(8)))).toThrow('v.safetensors:w: truncated data: offsets [0, 16] beyond the 8 data bytes');
    expect(f(build({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, new Uint8Array(8)))).toThrow('v.safetensors:w: shape [3] F32 needs 12 bytes, offsets give 8');
    expect(f(build({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 8] } }, new Uint8Array(8)))).toThrow(/^v\.safetensors:w: invalid tensor entry/);
    expect(f(build({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, new Uint8Array(8)))).toThrow('v.safetensors:b: data offsets [4, 8] overlap the previous tensor');
    expect(f(build({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, new Uint8Array(8)))).toThrow('v.safetensors:a: data offsets [4, 8] leave a gap');
    expect(f(build({ __metadata__: { n: 3 } }))).toThrow('v.safetensors: __metadata__ value of "n" is not a string');
    const whole = file('params.safetensors');
    expect(f(whole.slice(0, whole.length - 4))).toThrow(/^v\.safetensors:\w+: truncated data/);
  });
});
