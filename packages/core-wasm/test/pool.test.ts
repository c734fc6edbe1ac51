// The worker pool shards the data and adds f64 sums: it must agree with one kernel on all data.
// It loads the built worker (dist/node/worker.js), so it runs after `pnpm build`.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { Kernel } from '../src/kernel.js';
import { makeCase } from './networks.js';
import { relErr, relL2 } from './util.js';

const built = existsSync(new URL('../dist/node/worker.js', import.meta.url));
const { createKernelPool } = built ? await import('../dist/node/index.js') : ({} as typeof import('../src/node/index.js'));

describe.skipIf(!built)('KernelPool', () => {
  const c = makeCase('batchnorm2d', { seed: 5, a: 2, b: 3, c: 6, k: 2, s: 1, p: 1, q: 0, n: 13, flag: true });
  const pools: { close(): Promise<void> }[] = [];
  afterAll(() => Promise.all(pools.map((p) => p.close())));

  it('matches a single kernel with 1, 2 and 3 threads', async () => {
    const k = await Kernel.create(c.program, { batchSize: 4 });
    k.setParams(c.theta);
    k.setConsts(c.consts);
    k.setData(c.data);
    const L = k.loss(), G = k.gradient(), H = k.hvp(c.v);
    const P = k.points(c.d1, c.d2, [[0, 0], [0.5, 0.5]]);
    for (const threads of [1, 2, 3]) {
      const pool = await createKernelPool(c.program, { threads, batchSize: 4, consts: c.consts });
      pools.push(pool);
      await pool.setParams(c.theta);
      await pool.setData(c.data);
      // Shards regroup the float32 batch sums; agreement is to float32 rounding (1e-6).
      expect(relErr((await pool.loss()).loss, L.loss)).toBeLessThan(1e-6);
      expect(relL2((await pool.gradient()).gradient, G.gradient)).toBeLessThan(1e-5);
      expect(relL2((await pool.hvp(c.v)).hv, H.hv)).toBeLessThan(1e-5);
      const p = await pool.points(c.d1, c.d2, [[0, 0], [0.5, 0.5]]);
      expect(relL2(p.loss, P.loss)).toBeLessThan(1e-6);
      expect(Array.from(p.accuracy!)).toEqual(Array.from(P.accuracy!));
    }
  });

  it('reports a worker-side error as a rejected call', async () => {
    const pool = await createKernelPool(c.program, { threads: 2 });
    pools.push(pool);
    await expect(pool.setParams(new Float32Array(3))).rejects.toThrow(/parameters: expected \d+ values, got 3/);
  });
});
