// One nnll job of the landscape benchmark, run as its own process so its wall-clock includes
// start-up: `surface` (filter-normalised directions given, grid G×G on [-1,1]²) or `hessian`
// (top-k eigenvalues by Lanczos to a relative residual of --tol). Prints one JSON object.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { builtinModel, computeSurface, lanczos } from '../dist/index.js';
import { nodeBackendWith } from '../dist/node.js';

const t0 = performance.now();
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { params: { type: 'string' }, data: { type: 'string' }, labels: { type: 'string' }, d1: { type: 'string' }, d2: { type: 'string' }, grid: { type: 'string', default: '11' }, threads: { type: 'string', default: '2' }, 'top-k': { type: 'string', default: '5' }, tol: { type: 'string', default: '1e-3' }, seed: { type: 'string', default: '0' } },
});
const f32 = (p) => { const b = readFileSync(p); return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4); };
const i32 = (p) => { const b = readFileSync(p); return new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4); };
const { program, consts } = builtinModel('mlp:784-256-256-10:relu');
const model = { program, consts, params: f32(values.params), source: { kind: 'builtin', sha256: '' } };
const labels = i32(values.labels);
const backend = await nodeBackendWith(model, { x: f32(values.data), labels, n: labels.length }, { threads: Number(values.threads) });
const out = { task: positionals[0], threads: backend.threads, backend: backend.name };
const t1 = performance.now();
if (positionals[0] === 'surface') {
  const g = Number(values.grid);
  const r = await computeSurface(backend, { d1: f32(values.d1), d2: f32(values.d2), x: { min: -1, max: 1, num: g }, y: { min: -1, max: 1, num: g } });
  out.loss_center = r.loss[g >> 1][g >> 1];
  out.loss_corner = r.loss[0][0];
  out.points = g * g;
} else {
  let hvps = 0;
  const r = await lanczos(async (v) => { hvps++; return (await backend.hvp(v)).hv; }, backend.paramCount, { k: Number(values['top-k']), tol: Number(values.tol), maxIter: 200, seed: Number(values.seed) });
  Object.assign(out, { eigenvalues: r.eigenvalues, residuals: r.residuals, converged: r.converged, hvps });
}
out.compute_s = (performance.now() - t1) / 1000;
out.process_s = (performance.now() - t0) / 1000;
await backend.close();
process.stdout.write(JSON.stringify(out) + '\n');
