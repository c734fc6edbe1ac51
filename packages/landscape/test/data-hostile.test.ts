import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseNpy } from '../src/data/npy.js';
import { parseNpz } from '../src/data/npz.js';
import { parseSafetensors } from '../src/data/safetensors.js';
import { parseIdx } from '../src/data/idx.js';
import { parseCsv } from '../src/data/csv.js';
import { DataError } from '../src/data/errors.js';

// Truncated and corrupted files: a parser either reads them or throws a DataError whose message
// is one line starting with the file name — never a RangeError / TypeError from inside.
const file = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/data/${name}`, import.meta.url)));

const parsers: [string, (b: Uint8Array, source: string) => unknown, Uint8Array][] = [
  ['npy', parseNpy, file('i2-big-fortran.npy')],
  ['npy v3', parseNpy, file('f4-v3.npy')],
  ['npz stored', parseNpz, file('classification.npz')],
  ['npz deflated', parseNpz, file('params-compressed.npz')],
  ['safetensors', (b, s) => parseSafetensors(b, s), file('params.safetensors')],
  ['idx', parseIdx, file('idx/train-images-idx3-ubyte')],
  ['idx gz', parseIdx, gzipSync(file('idx/train-images-idx3-ubyte'))],
  ['csv', (b, s) => parseCsv(b, s), file('classification.csv')],
];

function expectCleanFailure(parse: (b: Uint8Array, s: string) => unknown, bytes: Uint8Array): void {
  try {
    parse(bytes, 'in/put.bin');
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    const msg = (e as Error).message;
    expect(msg.startsWith('in/put.bin')).toBe(true);
    expect(msg).not.toMatch(/\n/);
  }
}

describe('hostile input', () => {
  it.each(parsers)('%s: every truncation fails cleanly', (_, parse, good) => {
    for (let len = 0; len < good.length; len++) expectCleanFailure(parse, good.subarray(0, len));
  });
  // Fixed seeds keep CI deterministic; NNLL_FUZZ_RUNS=100000 searches harder.
  const runs = Number(process.env.NNLL_FUZZ_RUNS ?? 400);
  it.each(parsers)('%s: random byte corruption fails cleanly', (_, parse, good) => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(good.length - 1), fc.nat(255)), { minLength: 1, maxLength: 6 }), (edits) => {
      const bad = good.slice();
      for (const [at, v] of edits) bad[at] = v;
      expectCleanFailure(parse, bad);
    }), { numRuns: runs, seed: process.env.NNLL_FUZZ_RUNS ? undefined : 20261123 });
  });
});
