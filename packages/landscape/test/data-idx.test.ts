import { readFileSync } from 'node:fs';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodeIdx, parseIdx } from '../src/data/idx.js';

const file = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/data/${name}`, import.meta.url)));
const images = Array.from({ length: 60 }, (_, i) => (i * 4) % 256);

describe('IDX', () => {
  it('reads MNIST-style images (0x0803) and labels (0x0801), plain and gzipped', () => {
    const im = parseIdx(file('idx/train-images-idx3-ubyte'));
    expect(im.shape).toEqual([5, 4, 3]);
    expect(im.dtype).toBe('uint8');
    expect(Array.from(im.data as Uint8Array)).toEqual(images);
    expect(parseIdx(file('idx/train-labels-idx1-ubyte'))).toEqual({ shape: [5], dtype: 'uint8', data: Uint8Array.of(3, 1, 4, 1, 5) });
    const t = parseIdx(file('idx/t10k-images-idx3-ubyte.gz'));
    expect(t.shape).toEqual([3, 4, 3]);
    expect(Array.from(t.data as Uint8Array)).toEqual([...images.slice(24, 36), ...images.slice(12, 24), ...images.slice(0, 12)]);
  });
  it('reads the big-endian multi-byte types', () => {
    expect(parseIdx(file('float64-big.idx'))).toEqual({ shape: [2, 3], dtype: 'float64', data: Float64Array.of(-0.5, -0.25, 0, 0.25, 0.5, 0.75) });
    expect(parseIdx(file('int16-big.idx'))).toEqual({ shape: [2, 3], dtype: 'int16', data: Int16Array.of(-2, -1, 0, 1, 2, 3) });
  });
  it('round-trips uint8 through encodeIdx and gzip', () => {
    const a = { shape: [2, 2, 2], data: Uint8Array.of(0, 1, 2, 3, 252, 253, 254, 255) };
    expect(parseIdx(gzipSync(encodeIdx(a)))).toEqual({ ...a, dtype: 'uint8' });
  });
  it('gives one-line errors naming the file', () => {
    const p = (b: Uint8Array) => () => parseIdx(b, 'imgs.idx');
    expect(p(new Uint8Array(0))).toThrow('imgs.idx: not an IDX file (bad magic 0xempty)');
    expect(p(Uint8Array.of(0x50, 0x4b, 3, 4, 0))).toThrow('imgs.idx: not an IDX file (bad magic 0x504b0304)');
    expect(p(Uint8Array.of(0, 0, 0x07, 1, 0, 0, 0, 1, 5))).toThrow('imgs.idx: not an IDX file (bad magic 0x00000701)');
    expect(p(Uint8Array.of(0, 0, 8, 3, 0, 0))).toThrow('imgs.idx: truncated IDX header');
    const whole = file('idx/train-images-idx3-ubyte');
    expect(p(whole.slice(0, 50))).toThrow('imgs.idx: truncated data: shape [5,4,3] uint8 needs 60 bytes, found 34');
    const gz = file('idx/t10k-images-idx3-ubyte.gz');
    expect(p(gz.slice(0, 30))).toThrow(/^imgs\.idx: (damaged gzip data|truncated)/);
  });
});
