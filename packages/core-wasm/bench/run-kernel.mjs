// Times the kernel on the benchmark MLP for one SIMD flavor; prints one JSON object.
// Usage: node [--experimental-wasm-relaxed-simd] bench/run-kernel.mjs --simd plain|relaxed [--threads 1,2] [--repeats 5]
import { parseArgs } from 'node:util';
import { Kernel } from '../dist/index.js';
import { createKernelPool } from '../dist/node/index.js';
import { mlpProgram, initParams, loadDigits, gaussian, flops } from './mlp.mjs';

const { values } = parseArgs({ options: { simd: { type: 'string', default: 'plain' }, threads: { type: 'string', default: '1,2' }, repeats: { type: 'string', default: '5' }, batch: { type: 'string', default: '256' } } });
const simd = values.simd;
const repeats = Number(values.repeats);
const batchSize = Number(values.batch);
const program = mlpProgram();
const theta = initParams();
const data = loadDigits();
const P = theta.length;
const v = gaussian(P, 1), d1 = gaussian(P, 2), d2 = gaussian(P, 3);
const grid = [];
for (let i = 0; i < 11; i++) for (let j = 0; j < 11; j++) grid.push([-1 + i / 5, -1 + j / 5]);

async function median(f, n) {
  await f(); // warm-up
  const t = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[t.length >> 1];
}

const one = await Kernel.create(program, { simd });
const result = { simd: one.flavor, node: process.version, n: data.n, params: P, batchSize, flops: flops(), peak1: one.measurePeak(1), runs: [] };
for (const threads of values.threads.split(',').map(Number)) {
  const pool = await createKernelPool(program, { simd, threads, batchSize, maxPoints: 128 });
  await pool.setParams(theta);
  await pool.setData(data);
  const peaks = await pool.measurePeak(1);
  result.runs.push({
    threads,
    peak: peaks.reduce((a, b) => a + b, 0),
    forward_ms: await median(() => pool.loss(), repeats),
    gradient_ms: await median(() => pool.gradient(), repeats),
    hvp_ms: await median(() => pool.hvp(v), repeats),
    points121_ms: await median(() => pool.points(d1, d2, grid), Math.max(1, repeats >> 1)),
  });
  await pool.close();
}
process.stdout.write(JSON.stringify(result) + '\n');
