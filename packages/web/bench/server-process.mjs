// The explorer in a process of its own, for measurements from outside it (bench/health.mjs, the
// load test): started with `node server-process.mjs WORKSPACE JOBS [THREADS]`, it sends its address
// over IPC; 'measure' starts Node's event-loop delay histogram (sampled every 10 ms) and its
// utilisation; 'stop' sends both (ms, %), then closes the server and exits.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { startServer } from '../dist/index.js';

const [workspace, jobs, threads] = process.argv.slice(2);
const server = await startServer({ port: 0, workspace, jobs: Number(jobs) || 1, threads: Number(threads) || undefined });
const loop = monitorEventLoopDelay({ resolution: 10 });
let elu = performance.eventLoopUtilization();
process.send({ url: server.url });
process.on('message', async (m) => {
  if (m === 'measure') {
    loop.reset();
    loop.enable();
    elu = performance.eventLoopUtilization();
    return;
  }
  loop.disable();
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  // utilisation: the share of the time the loop was running code rather than waiting for events
  const busy = performance.eventLoopUtilization(elu).utilization;
  process.send({ loop: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max), utilization: Math.round(busy * 1000) / 10 } });
  await server.close();
  process.exit(0);
});
