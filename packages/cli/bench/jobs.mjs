// `pnpm bench` (jobs part): the whole-process wall-clock of what a user runs — the `nnll` command,
// and the same job through the library (runJob) — beside PyTorch CPU doing it the way the Python
// tools do (loss-landscape's plot_surface.py loop; PyHessian's power iteration), on the
// 784-256-256-10 ReLU MLP after one epoch of Adam over the 10,000 mnist digits, 2 threads each.
// Runs are interleaved (nnll, library, PyTorch, nnll, …) so a busy machine slows all alike; the
// table shows medians. NNLL_BENCH_QUICK=1: one repetition, no 51×51 surface.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { directionSeeds, normalizeDirection, randomDirection, saveVector } from '@nnll/landscape';
import { loadData, loadModel, nodeJobIO } from '@nnll/landscape/node';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'bin', 'nnll.js');
const quick = process.env.NNLL_BENCH_QUICK === '1';
const reps = quick ? 1 : 3;
const threads = '2';
const dir = mkdtempSync(join(tmpdir(), 'nnll-bench-'));
const model = join(dir, 'model.onnx');

const sh = (cmd, args, env = {}) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: dir, env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) return { error: (r.stderr || '').trim().split('\n').pop(), wall };
  const text = r.stdout.trim();
  return { ...JSON.parse(text.startsWith('{\n') ? text : text.split('\n').pop()), wall };
};

// A model worth looking at: one epoch of Adam from PyTorch's default initialisation.
const trained = sh(process.execPath, [bin, 'train', '--model', 'mlp:784-256-256-10:relu', '--data', 'mnist', '--optimizer', 'adam', '--lr', '0.001', '--batch-size', '128', '--epochs', '1', '--save', model, '--json', '--quiet', '--threads', threads]);
if (trained.error) throw new Error(trained.error);

// The directions `nnll surface` draws (seeded, filter-normalised), as raw float32 for PyTorch.
const m = await loadModel(model);
const data = await loadData('mnist');
const raw = (name, a) => { const p = join(dir, name); writeFileSync(p, Buffer.from(a.buffer, a.byteOffset, a.byteLength)); return p; };
const [s1, s2] = directionSeeds(0);
const d1 = normalizeDirection(randomDirection(m.params.length, s1), m, { norm: 'filter' });
const d2 = normalizeDirection(randomDirection(m.params.length, s2), m, { norm: 'filter' });
await saveVector(nodeJobIO({ base: dir }), 'd1.npz', d1, m, 'bench');
const files = { params: raw('params.f32', m.params), data: raw('x.f32', data.x), labels: raw('y.i32', data.labels), d1: raw('d1.f32', d1), d2: raw('d2.f32', d2) };
const torchArgs = ['--params', files.params, '--data', files.data, '--labels', files.labels, '--threads', threads];
const torchOk = existsSync('/usr/bin/python3') && spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

const jobs = [];
for (const g of quick ? [11] : [11, 51]) {
  jobs.push({
    name: `surface ${g}×${g}`,
    cli: ['surface', '--model', model, '--data', 'mnist', '--x', `-1:1:${g}`, '--y', `-1:1:${g}`],
    spec: { kind: 'surface', model, data: 'mnist', options: { x: `-1:1:${g}`, y: `-1:1:${g}` } },
    torch: ['surface', ...torchArgs, '--d1', files.d1, '--d2', files.d2, '--grid', String(g)],
    show: (r) => `centre loss ${(r.loss_center ?? r.loss?.[g >> 1]?.[g >> 1])?.toFixed(5)}`,
  });
}
jobs.push({
  name: 'top-5 eigenvalues to 1e-3',
  cli: ['hessian', '--model', model, '--data', 'mnist', '--top-k', '5', '--tol', '1e-3', '--max-iter', '200'],
  spec: { kind: 'hessian', model, data: 'mnist', options: { top_k: 5, tol: 1e-3, max_iter: 200 } },
  torch: ['hessian', ...torchArgs, '--top-k', '5', '--tol', '1e-3', '--max-iter', '100'],
  show: (r) => `${r.hvp_count ?? r.hvps} HVPs, eigenvalues ${(r.eigenvalues ?? []).map((e) => e.toFixed(4)).join(' ')}`,
});

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
console.log(`nnll jobs benchmark: 784-256-256-10 ReLU MLP after one epoch of Adam (train loss ${trained.final.train_loss.toFixed(4)}), 10,000 digits, ${threads} threads, whole-process wall-clock, median of ${reps} interleaved runs\n`);
for (const j of jobs) {
  const runs = { cli: [], lib: [], torch: [] };
  let last = {};
  for (let k = 0; k < reps; k++) {
    runs.cli.push((last.cli = sh(process.execPath, [bin, ...j.cli, '--json', '--quiet', '--threads', threads])));
    runs.lib.push((last.lib = sh(process.execPath, [join(here, 'run-job.mjs'), JSON.stringify(j.spec), threads])));
    if (torchOk) runs.torch.push((last.torch = sh('/usr/bin/python3', [join(here, 'torch_peer.py'), ...j.torch], { OMP_WAIT_POLICY: 'PASSIVE' })));
  }
  const t = (rs) => (rs.length && !rs.some((r) => r.error) ? median(rs.map((r) => r.wall)) : null);
  const [cli, lib, torch] = [t(runs.cli), t(runs.lib), t(runs.torch)];
  console.log(j.name);
  console.log(`  nnll ${j.cli[0]} (CLI)   ${cli === null ? `failed: ${runs.cli.find((r) => r.error)?.error}` : `${cli.toFixed(2)} s  ${j.show(last.cli)}`}`);
  console.log(`  runJob (library)      ${lib === null ? `failed: ${runs.lib.find((r) => r.error)?.error}` : `${lib.toFixed(2)} s  ${j.show(last.lib)}`}`);
  console.log(`  PyTorch CPU           ${!torchOk ? 'skipped: PyTorch not installed (apt-get install python3-torch)' : torch === null ? `failed: ${runs.torch.find((r) => r.error)?.error}` : `${torch.toFixed(2)} s  ${j.show(last.torch)}`}`);
  if (cli !== null && lib !== null) console.log(`  CLI / library ${(cli / lib).toFixed(2)}${torch !== null ? `   CLI / PyTorch ${(cli / torch).toFixed(2)}   library / PyTorch ${(lib / torch).toFixed(2)}` : ''}`);
  console.log('');
}
rmSync(dir, { recursive: true, force: true });
