// The explorer in a process of its own, for measurements from outside it (bench/health.mjs, the
// load test): started with `node server-process.mjs WORKSPACE JOBS [THREADS]`, it sends its address
// over IPC; 'measure' starts Node's event-loop delay histogram (sampled every 10 ms); 'stop' sends
// the histogram in ms, then closes the server and exits.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startServer } from '../dist/index.js';

const [workspace, jobs, threads] = process.argv.slice(2);
const server = await startServer({ port: 0, workspace, jobs: Number(jobs) || 1, threads: Number(threads) || undefined });
const loop = monitorEventLoopDelay({ resolution: 10 });
process.send({ url: server.url });
process.on('message', async (m) => {
  if (m === 'measure') {
    loop.reset();
    loop.enable();
    return;
  }
  loop.disable();
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  process.send({ loop: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) } });
  await server.close();
  process.exit(0);
});
