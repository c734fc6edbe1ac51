/**
 * `nnll demo`: the README's main job. On the built-in mnist digits (8,000 to train, 2,000 to
 * test, a seeded split) it trains a small built-in MLP with SGD + momentum, recording the
 * trajectory, then computes
 *   - the loss surface on the trajectory's PCA plane with the path overlaid, and the true vs
 *     projected loss of every checkpoint,
 *   - the filter-normalised 2-D surface around the final weights (train and test),
 *   - the top Hessian eigenvalues (Lanczos) and the spectral density (stochastic Lanczos quadrature),
 *   - the initialisation → final interpolation and its barrier,
 * and writes demo.json, the figures (SVG and PNG) and index.html to the output folder, written
 * in a temporary folder first and renamed into place.
 */
import { mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  builtinModel, defaultInit, lanczos, slq, sgd, train, trajectoryPca, planeLosses, computeSurface, interpolate,
  normalizeDirection, randomDirection, linspace, trainTestSplit, provenance, sha256Hex, type Model, type Provenance,
} from '@nnll/landscape';
import { loadMnistDigits, nodeBackendWith, localBackend } from '@nnll/landscape/node';
import { VERSION } from '../version.js';
import { progressBar } from '../output.js';
import { UsageError } from '../errors.js';

export interface DemoOptions {
  /** Built-in model spec. Default mlp:784-64-10:relu. */
  model: string;
  /** Training epochs. Default 4. */
  epochs: number;
  /** SGD learning rate (momentum 0.9). Default 0.05. */
  lr: number;
  /** Top Hessian eigenvalues. Default 5. */
  topK: number;
  /** Points per side of each surface grid. Default 21. */
  grid: number;
  /** Output folder. Default ./nnll-demo. */
  out: string;
  seed: number;
  threads?: number;
  quiet: boolean;
}

const MARKER = '.nnll-demo';

export async function demo(o: DemoOptions): Promise<DemoResult> {
  const t0 = performance.now();
  const outDir = resolve(o.out);
  await checkOutDir(outDir);
  const all = await loadMnistDigits();
  const { train: trainSet, test: testSet } = trainTestSplit(all, { testFraction: 0.2, seed: o.seed });
  const { program, spec, consts } = builtinModel(o.model);
  const init = defaultInit(program, o.seed);
  const model: Model = { program, consts, params: init, source: { kind: 'builtin', spec, sha256: sha256Hex(new Uint8Array(init.buffer)) } };
  const opts = { threads: o.threads };
  const trainB = await nodeBackendWith(model, trainSet, opts);
  const testB = await nodeBackendWith(model, testSet, opts);
  const stepB = await localBackend(model);
  const timings: Record<string, number> = {};
  const lap = (k: string, t: number) => (timings[k] = Math.round(performance.now() - t) / 1000);
  let hvps = 0;
  let passes = 0;
  try {
    // 1. training, trajectory recorded every 10 steps
    let t = performance.now();
    const steps = o.epochs * Math.ceil(trainSet.n / 128);
    const bar = progressBar('training', steps, 'steps', o.quiet);
    const trained = await train(model, trainSet, { step: stepB, train: trainB, test: testB }, {
      optimizer: sgd({ momentum: 0.9 }), lr: o.lr, batchSize: 128, epochs: o.epochs, seed: o.seed, recordEvery: 10,
      onStep: (s) => bar.update(s.step, `loss ${s.loss.toFixed(3)}`),
    });
    bar.end();
    if (trained.stopped) throw new UsageError(`demo: ${trained.message}`);
    passes += 2 * trained.history.length;
    lap('train', t);
    const final = trained.params;
    const finalModel: Model = { ...model, params: final, source: { kind: 'derived', spec, sha256: sha256Hex(new Uint8Array(final.buffer)) } };
    await trainB.setParams(final);
    await testB.setParams(final);

    // 2. PCA plane of the trajectory, surface on it with the path overlaid
    t = performance.now();
    const checkpoints = trained.trajectory.map((c) => c.params);
    const pca = trajectoryPca(checkpoints, final);
    const plane = await planeLosses(trainB, final, pca, checkpoints);
    passes += 2 * checkpoints.length;
    const span = (v: number[]) => [Math.min(...v), Math.max(...v)];
    const [a0, a1] = span(pca.points.map((p) => p.a));
    const [b0, b1] = span(pca.points.map((p) => p.b));
    const pad = (lo: number, hi: number) => { const m = 0.25 * Math.max(hi - lo, 1e-3); return { min: lo - m, max: hi + m, num: o.grid }; };
    let sbar = progressBar('PCA-plane surface', o.grid * o.grid, 'points', o.quiet);
    const pcaSurface = await computeSurface(trainB, { d1: pca.d1, d2: pca.d2, x: pad(a0, a1), y: pad(b0, b1), onPoints: (_p, done) => sbar.update(done) });
    sbar.end();
    passes += pcaSurface.forward_passes;
    lap('pca_surface', t);

    // 3. filter-normalised random-direction surface, train and test
    t = performance.now();
    const d1 = normalizeDirection(randomDirection(final.length, o.seed + 1), finalModel, { norm: 'filter' });
    const d2 = normalizeDirection(randomDirection(final.length, o.seed + 2), finalModel, { norm: 'filter' });
    sbar = progressBar('filter-normalised surface', o.grid * o.grid, 'points', o.quiet);
    const range = { min: -1, max: 1, num: o.grid };
    const filterSurface = await computeSurface(trainB, { d1, d2, x: range, y: range, test: testB, onPoints: (_p, done) => sbar.update(done) });
    sbar.end();
    passes += filterSurface.forward_passes;
    lap('filter_surface', t);

    // 4. Hessian: top-k by Lanczos, density by stochastic Lanczos quadrature
    t = performance.now();
    const hbar = progressBar('Hessian', 150 + 3 * 40, 'HVPs', o.quiet);
    const hvp = async (v: Float64Array) => { hvps++; hbar.update(hvps); return (await trainB.hvp(v)).hv; };
    const top = await lanczos(hvp, final.length, { k: o.topK, tol: 1e-3, maxIter: 150, seed: o.seed });
    const density = await slq(hvp, final.length, { runs: 3, steps: 40, seed: o.seed });
    hbar.end();
    lap('hessian', t);

    // 5. initialisation → final interpolation
    t = performance.now();
    await trainB.setParams(init);
    await testB.setParams(init);
    const interp = await interpolate(trainB, init, final, { t: linspace({ min: -0.25, max: 1.25, num: 31 }), test: testB });
    passes += interp.forward_passes;
    lap('interpolate', t);

    const result: DemoResult = {
      version: VERSION,
      command: 'demo',
      model: { path: spec, spec, param_count: final.length, sha256: finalModel.source.sha256, init_sha256: model.source.sha256 },
      data: { path: 'mnist', name: 'mnist', sha256: all.sha256 ?? '', train: trainSet.n, test: testSet.n },
      n: trainSet.n,
      seed: o.seed,
      out: outDir,
      backend: trainB.name,
      threads: trainB.threads,
      train: { optimizer: 'sgd-momentum', lr: o.lr, momentum: 0.9, batch_size: 128, epochs: o.epochs, steps: trained.steps, history: trained.history, final: trained.final },
      pca: { explained_variance: pca.explained_variance, checkpoints: trained.trajectory.map((c, k) => ({ step: c.step, ...plane[k] })) },
      pca_surface: { x: pcaSurface.x, y: pcaSurface.y!, loss: pcaSurface.loss as number[][], accuracy: pcaSurface.accuracy as (number | null)[][] },
      filter_surface: { x: filterSurface.x, y: filterSurface.y!, loss: filterSurface.loss as number[][], accuracy: filterSurface.accuracy as (number | null)[][], test_loss: filterSurface.test_loss as number[][], test_accuracy: filterSurface.test_accuracy as (number | null)[][], norm: 'filter', ignore: 'biasbn' },
      hessian: { eigenvalues: top.eigenvalues, residuals: top.residuals, converged: top.converged, density: density.density, neg_fraction: density.neg_fraction, method: 'lanczos+slq', hvp_count: hvps },
      interpolation: { t: interp.t, loss: interp.loss, accuracy: interp.accuracy, test_loss: interp.test_loss, test_accuracy: interp.test_accuracy, loss_a: interp.loss_a, loss_b: interp.loss_b, barrier: interp.barrier, barrier_t: interp.barrier_t },
      seconds: timings,
      provenance: provenance({ model: finalModel, data: { name: 'mnist', sha256: all.sha256, n: trainSet.n }, seed: o.seed, options: { model: spec, epochs: o.epochs, lr: o.lr, grid: o.grid, top_k: o.topK }, forwardPasses: passes, hvps }),
      files: [],
    };
    const t5 = performance.now();
    result.files = await writeReport(outDir, result);
    lap('report', t5);
    timings.total = Math.round(performance.now() - t0) / 1000;
    await writeFile(join(outDir, 'demo.json'), JSON.stringify(result, null, 2) + '\n');
    return result;
  } finally {
    await Promise.all([trainB.close(), testB.close(), stepB.close()]);
  }
}

/** The folder must be absent, empty, or an earlier demo's (it carries the marker file). */
async function checkOutDir(dir: string): Promise<void> {
  const s = await stat(dir).catch(() => null);
  if (!s) {
    const parent = await stat(dirname(dir)).catch(() => null);
    if (!parent?.isDirectory()) throw new UsageError(`--out: the folder ${dirname(dir)} does not exist`);
    return;
  }
  if (!s.isDirectory()) throw new UsageError(`--out: ${dir} is a file, not a folder`);
  const entries = await readdir(dir);
  if (entries.length && !entries.includes(MARKER)) throw new UsageError(`--out: ${dir} is not empty and was not written by nnll demo; choose another folder`);
}

/** Figures, the report page and the JSON, built in a sibling temp folder and renamed into place. */
async function writeReport(dir: string, r: DemoResult): Promise<string[]> {
  const [charts, { renderSvg, renderPng }] = await Promise.all([import('@nnll/landscape/charts'), import('../figures/index.js')]);
  const tmp = await mkdtemp(join(dirname(dir), `.${basename(dir)}-`));
  const figures: { name: string; title: string; svg: string }[] = [];
  const add = (name: string, title: string, make: (document: Document) => Element) => figures.push({ name, title, svg: renderSvg(make) });
  add('pca-surface', 'Loss on the PCA plane of the training path', (document) => charts.surfaceContour(r.pca_surface as never, {
    document, title: `Loss on the trajectory's PCA plane (${(100 * (r.pca.explained_variance[0] + r.pca.explained_variance[1])).toFixed(1)}% of its variance)`,
    trajectory: { a: r.pca.checkpoints.map((c) => c.a), b: r.pca.checkpoints.map((c) => c.b) }, xLabel: 'PC 1', yLabel: 'PC 2',
  }) as Element);
  add('filter-surface', 'Filter-normalised loss surface', (document) => charts.surfaceContour(r.filter_surface as never, { document, title: 'Train loss, filter-normalised random directions' }) as Element);
  add('filter-surface-test', 'Filter-normalised test loss', (document) => charts.surfaceContour({ x: r.filter_surface.x, y: r.filter_surface.y, loss: r.filter_surface.test_loss } as never, { document, title: 'Test loss, same directions' }) as Element);
  add('spectrum', 'Hessian spectral density', (document) => charts.spectralDensity(r.hessian as never, { document, title: `Hessian spectrum (top ${r.hessian.eigenvalues.length} by Lanczos, density by SLQ)` }) as Element);
  add('interpolation', 'Initialisation → final', (document) => charts.interpolationPath(r.interpolation as never, { document, title: 'Linear path from the initialisation to the trained weights' }) as Element);
  add('training', 'Training curves', (document) => charts.trainingCurves(r.train as never, { document, title: 'Training (SGD, momentum 0.9)' }) as Element);
  const files = [MARKER, 'demo.json', 'index.html'];
  for (const f of figures) {
    await writeFile(join(tmp, `${f.name}.svg`), f.svg);
    await writeFile(join(tmp, `${f.name}.png`), renderPng(f.svg, { width: 1280 }));
    files.push(`${f.name}.svg`, `${f.name}.png`);
  }
  await writeFile(join(tmp, MARKER), 'written by nnll demo; the next run may replace this folder\n');
  await writeFile(join(tmp, 'index.html'), reportHtml(r, figures));
  await writeFile(join(tmp, 'demo.json'), JSON.stringify(r, null, 2) + '\n');
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  return files;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function reportHtml(r: DemoResult, figures: { name: string; title: string; svg: string }[]): string {
  const f = r.train.final;
  const rows = r.pca.checkpoints.filter((_, i, a) => i % Math.max(1, Math.ceil(a.length / 8)) === 0 || i === a.length - 1)
    .map((c) => `<tr><td>${c.step}</td><td>${c.a.toFixed(3)}</td><td>${c.b.toFixed(3)}</td><td>${c.distance.toFixed(3)}</td><td>${c.true_loss.toFixed(4)}</td><td>${c.projected_loss.toFixed(4)}</td></tr>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>nnll demo — ${esc(r.model.spec)}</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:1.5rem}
figure{margin:0}figure svg{max-width:100%;height:auto}figcaption{font-size:.9rem;color:#555}
table{border-collapse:collapse;font-size:.9rem}td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:right}
code{background:#f4f4f4;padding:0 .2rem}
</style></head><body>
<h1>nnll demo: <code>${esc(r.model.spec)}</code> on the mnist digits</h1>
<p>${r.model.param_count.toLocaleString('en-US')} parameters, ${r.data.train.toLocaleString('en-US')} training and ${r.data.test.toLocaleString('en-US')} test digits, seed ${r.seed}.
After ${r.train.epochs} epochs of SGD (lr ${r.train.lr}, momentum 0.9, batch 128): train loss ${f.train_loss.toFixed(4)}, accuracy ${(100 * (f.train_accuracy ?? 0)).toFixed(1)}%;
test loss ${(f.test_loss ?? NaN).toFixed(4)}, accuracy ${(100 * (f.test_accuracy ?? 0)).toFixed(1)}%.</p>
<p>Top Hessian eigenvalues: ${r.hessian.eigenvalues.map((e) => e.toFixed(4)).join(', ')} (${r.hessian.hvp_count} exact Hessian-vector products in all);
estimated negative-eigenvalue fraction ${(100 * r.hessian.neg_fraction).toFixed(1)}%. Interpolation barrier from the initialisation: ${(r.interpolation.barrier ?? NaN).toFixed(4)}.</p>
<div class="grid">
${figures.map((x) => `<figure id="${x.name}">${x.svg}<figcaption>${esc(x.title)} — <a href="${x.name}.png">PNG</a>, <a href="${x.name}.svg">SVG</a></figcaption></figure>`).join('\n')}
</div>
<h2>How well the PCA plane holds the path</h2>
<p>The plane keeps ${(100 * r.pca.explained_variance[0]).toFixed(1)}% + ${(100 * r.pca.explained_variance[1]).toFixed(1)}% of the variance of the checkpoints' offsets from the final weights.
Where a checkpoint leaves the plane (distance), the surface shows the loss at its projection, not its own.</p>
<table><thead><tr><th>step</th><th>a</th><th>b</th><th>distance</th><th>true loss</th><th>loss at projection</th></tr></thead><tbody>${rows}</tbody></table>
<p>All numbers are in <a href="demo.json">demo.json</a>. nnll ${esc(r.version)}, ${esc(r.backend)}, ${r.threads} thread${r.threads > 1 ? 's' : ''}.</p>
</body></html>
`;
}

export interface DemoResult {
  version: string;
  command: 'demo';
  model: { path: string; spec: string; param_count: number; sha256: string; init_sha256: string };
  data: { path: string; name: string; sha256: string; train: number; test: number };
  n: number;
  seed: number;
  out: string;
  backend: string;
  threads: number;
  train: { optimizer: string; lr: number; momentum: number; batch_size: number; epochs: number; steps: number; history: unknown[]; final: { train_loss: number; train_accuracy: number | null; test_loss: number | null; test_accuracy: number | null } };
  pca: { explained_variance: [number, number]; checkpoints: { step: number; a: number; b: number; distance: number; true_loss: number; projected_loss: number }[] };
  pca_surface: { x: number[]; y: number[]; loss: number[][]; accuracy: (number | null)[][] };
  filter_surface: { x: number[]; y: number[]; loss: number[][]; accuracy: (number | null)[][]; test_loss: number[][]; test_accuracy: (number | null)[][]; norm: string; ignore: string };
  hessian: { eigenvalues: number[]; residuals: number[]; converged: boolean; density: { x: number[]; y: number[] }; neg_fraction: number; method: string; hvp_count: number };
  interpolation: { t: number[]; loss: number[]; accuracy: (number | null)[] | null; test_loss?: number[]; test_accuracy?: (number | null)[] | null; loss_a: number; loss_b: number; barrier: number | null; barrier_t: number | null };
  seconds: Record<string, number>;
  provenance: Provenance;
  files: string[];
}

export function summary(r: DemoResult): string {
  const f = r.train.final;
  return [
    `nnll ${r.version} demo — ${r.model.spec} (${r.model.param_count.toLocaleString('en-US')} parameters) on the mnist digits (${r.data.train} train / ${r.data.test} test), seed ${r.seed}`,
    `  trained ${r.train.epochs} epochs of SGD+momentum: train loss ${f.train_loss.toFixed(4)} (${(100 * (f.train_accuracy ?? 0)).toFixed(1)}%), test loss ${(f.test_loss ?? NaN).toFixed(4)} (${(100 * (f.test_accuracy ?? 0)).toFixed(1)}%)`,
    `  PCA plane keeps ${(100 * (r.pca.explained_variance[0] + r.pca.explained_variance[1])).toFixed(1)}% of the path's variance; filter-normalised surface ${r.filter_surface.x.length}×${r.filter_surface.y.length}, train and test`,
    `  top Hessian eigenvalues ${r.hessian.eigenvalues.map((e) => e.toFixed(4)).join(', ')}${r.hessian.converged ? '' : ' (not converged)'}; negative fraction ≈ ${(100 * r.hessian.neg_fraction).toFixed(1)}%; ${r.hessian.hvp_count} exact HVPs`,
    `  initialisation → final barrier ${(r.interpolation.barrier ?? NaN).toFixed(4)} at t = ${r.interpolation.barrier_t ?? '—'}`,
    `  report: ${join(r.out, 'index.html')} (${r.files.length} files), ${r.seconds.total.toFixed(1)} s on ${r.threads} thread${r.threads > 1 ? 's' : ''} (${r.backend})`,
  ].join('\n');
}
