// Compiles assembly/ into the four shipped builds: {plain, relaxed} SIMD × {release, debug}.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const asc = join(dirname(createRequire(import.meta.url).resolve('assemblyscript/package.json')), 'bin', 'asc.js');
mkdirSync(join(root, 'wasm'), { recursive: true });
const common = ['assembly/index.ts', '--runtime', 'stub', '--enable', 'simd', '--initialMemory', '2', '--maximumMemory', '65536'];
const builds = [
  ['nnll.plain.wasm', ['-O3', '--noAssert']],
  ['nnll.relaxed.wasm', ['-O3', '--noAssert', '--enable', 'relaxed-simd']],
  ['nnll.plain.debug.wasm', ['--debug', '-O0']],
  ['nnll.relaxed.debug.wasm', ['--debug', '-O0', '--enable', 'relaxed-simd']],
];
for (const [out, flags] of builds) {
  const r = spawnSync(process.execPath, [asc, ...common, ...flags, '-o', join('wasm', out)], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
