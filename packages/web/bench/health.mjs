// How fast /api/health answers while the explorer computes: a server in its own process
// (server-process.mjs, one job at a time), probed every 20 ms from this one — idle first, then while
// a 51×51 surface of the demo's MLP on the 10,000 mnist digits runs — and how long the server's
// event loop was held up meanwhile (Node's event-loop delay histogram; its 10 ms sampling interval
// is the floor). Prints the percentiles.
//   node packages/web/bench/health.mjs [--threads N]     (after pnpm build; default: all cores)
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SURFACE = { kind: 'surface', model: 'mlp:784-64-10:relu', data: 'mnist', options: { x: '-1:1:51', y: '-1:1:51' } };
const at = process.argv.indexOf('--threads');
const threads = at > 0 ? process.argv[at + 1] : '';

const workspace = mkdtempSync(path.join(os.tmpdir(), 'nnll-health-bench-'));
const child = fork(fileURLToPath(new URL('./server-process.mjs', import.meta.url)), [workspace, '1', threads], { stdio: 'inherit' });
const { url } = await new Promise((resolve) => child.once('message', resolve));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const probe = async () => {
  const t0 = performance.now();
  const r = await fetch(`${url}api/health`);
  await r.json();
  return performance.now() - t0;
};
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(1);
  return `${s.length} requests: p50 ${q(50)} ms, p90 ${q(90)} ms, p99 ${q(99)} ms, max ${s[s.length - 1].toFixed(1)} ms`;
};
for (let k = 0; k < 5; k++) await probe(); // the first requests compile the routes
const idle = [];
for (let k = 0; k < 100; k++) {
  idle.push(await probe());
  await sleep(20);
}
child.send('measure');
const { id } = await (await fetch(`${url}api/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(SURFACE) })).json();
const busy = [];
const t0 = performance.now();
let job;
for (;;) {
  busy.push(await probe());
  await sleep(20);
  if (busy.length % 10 === 0) {
    job = await (await fetch(`${url}api/jobs/${id}`)).json();
    if (!['queued', 'running'].includes(job.status)) break;
  }
}
const seconds = (performance.now() - t0) / 1000;
const health = await (await fetch(`${url}api/health`)).json();
child.send('stop');
const { loop } = await new Promise((resolve) => child.once('message', resolve));
console.log(`/api/health, idle: ${stats(idle)}`);
console.log(`/api/health while a 51×51 surface (${SURFACE.model} on ${SURFACE.data}, ${job.result?.points_done ?? '?'} points, ${job.status}) ran for ${seconds.toFixed(1)} s on ${threads || 'all'} kernel threads of ${os.availableParallelism()} cores (${health.kernel}): ${stats(busy)}; over 100 ms: ${busy.filter((x) => x > 100).length}`);
console.log(`the server's event loop meanwhile was busy ${loop.utilization}% of the time and held up p50 ${loop.p50} ms, p99 ${loop.p99} ms, max ${loop.max} ms (load average ${os.loadavg().map((l) => l.toFixed(1)).join(', ')})`);
await new Promise((r) => child.once('exit', r));
rmSync(workspace, { recursive: true, force: true });
