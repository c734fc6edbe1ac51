// The packed GEMM against a naive triple loop, for shapes that hit every edge tile and every
// combination of transposed operands. Tolerance: float32 dot products of ≤ 600 terms of O(1)
// values differ from the float64 sum by ≲ 600·ε·max|term| ≈ 4e-5; we allow 1e-4 absolute.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFile } from 'node:fs/promises';
import { wasmUrl } from '../src/wasm.js';
import { FC } from './networks.js';
import { gaussian } from './util.js';

interface Gemm {
  memory: WebAssembly.Memory;
  heapBase(): number;
  gemmScratchBytes(): number;
  setGemmScratch(p: number): void;
  gemm(M: number, N: number, K: number, a: number, ars: number, acs: number, b: number, brs: number, bcs: number, c: number, ldc: number): void;
}

const bytes = await readFile(wasmUrl('plain'));
const { instance } = await WebAssembly.instantiate(bytes, { env: { abort: () => { throw new Error('abort'); } } });
const ex = instance.exports as unknown as Gemm;

describe('gemm', () => {
  it('matches the naive product for any shape and strides', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 37 }), fc.integer({ min: 1, max: 41 }), fc.integer({ min: 1, max: 600 }),
        fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 1e6 }),
        (M, N, K, ta, tb, seed) => {
          const base = Math.ceil(ex.heapBase() / 64) * 64;
          const scratch = base;
          const A = scratch + Math.ceil(ex.gemmScratchBytes() / 64) * 64;
          const B = A + 4 * M * K + 64;
          const C = B + 4 * K * N + 64;
          const need = C + 4 * M * N + 64;
          if (need > ex.memory.buffer.byteLength) ex.memory.grow(Math.ceil((need - ex.memory.buffer.byteLength) / 65536));
          ex.setGemmScratch(scratch);
          const a = gaussian(M * K, seed), b = gaussian(K * N, seed + 1), c0 = gaussian(M * N, seed + 2);
          new Float32Array(ex.memory.buffer, A, M * K).set(a);
          new Float32Array(ex.memory.buffer, B, K * N).set(b);
          new Float32Array(ex.memory.buffer, C, M * N).set(c0);
          // A stored [M,K] or transposed [K,M]; B stored [K,N] or transposed [N,K].
          const [ars, acs] = ta ? [1, M] : [K, 1];
          const [brs, bcs] = tb ? [1, K] : [N, 1];
          ex.gemm(M, N, K, A, ars, acs, B, brs, bcs, C, N);
          const c = new Float32Array(ex.memory.buffer, C, M * N);
          let worst = 0;
          for (let i = 0; i < M; i++)
            for (let j = 0; j < N; j++) {
              let s = c0[i * N + j];
              for (let k = 0; k < K; k++) s += a[i * ars + k * acs] * b[k * brs + j * bcs];
              worst = Math.max(worst, Math.abs(s - c[i * N + j]));
            }
          expect(worst).toBeLessThanOrEqual(1e-4 * Math.sqrt(K));
        },
      ),
      { ...FC, numRuns: 40 },
    );
  });
});
