/**
 * `demo`: the README's main job, composed of the other kinds. On a data set (default: the built-in
 * mnist digits, split 80/20 with the seed) it trains a built-in model with SGD + momentum while
 * recording the trajectory, then runs
 *   - a surface on the trajectory's PCA plane (directions as given), with each checkpoint's true
 *     loss beside the loss at its projection,
 *   - the filter-normalised surface around the final weights, train and test,
 *   - the Hessian's top eigenvalues (Lanczos) and spectral density (SLQ),
 *   - the initialisation → final interpolation,
 * each as its own job (the same result a separate command gives), handed the model, data and
 * directions in memory. The frontends write the report (figures, index.html, demo.json).
 */
import { z } from 'zod';
import { trainTestSplit } from '../../data/split.js';
import { datasetBytes } from '../../data/sha256.js';
import { parseNpz } from '../../data/npz.js';
import { directionFromArrays, arraysFromVector } from '../../directions/read-direction.js';
import { trajectoryPca } from '../../directions/pca.js';
import { planeLosses } from '../../directions/plane-losses.js';
import { sha256Hex } from '../../data/sha256.js';
import type { Dataset } from '../../data/dataset.js';
import type { Model } from '../../models/model.js';
import { defineKind, type JobProgress } from '../kind.js';
import { header, provenanceOf } from '../result.js';
import { withLeases } from '../backends.js';
import { int, num } from '../options.js';
import { overlayIO } from '../io.js';
import { fitData } from '../../data/fit-data.js';
import { lossKindOf } from '../inputs.js';
import { count } from '../format.js';
import { trainKind } from './train.js';
import { surfaceKind } from './surface.js';
import { hessianKind, negativeText } from './hessian.js';
import { interpolateKind, barrierText } from './interpolate.js';

const checkpoint = z.object({ step: z.number().int(), a: z.number(), b: z.number(), distance: z.number(), true_loss: z.number(), projected_loss: z.number() }).strict();

export const demoKind = defineKind({
  kind: 'demo',
  version: 1,
  summary: "the README's main job: trains a small built-in model on the mnist digits and writes a report (surfaces, Hessian, interpolation)",
  examples: ['demo', 'demo --out ./report --epochs 2 --grid 11'],
  inputs: { model: { default: 'mlp:784-64-10:relu', help: 'built-in architecture (default mlp:784-64-10:relu)' }, data: { default: 'mnist', help: 'data set, split 80/20 into train and test (default mnist)' } },
  options: {
    epochs: int({ default: 4, min: 1, max: 1000, help: 'SGD epochs with momentum 0.9, batch 128 (default 4)' }),
    lr: num({ default: 0.05, gt: 0, max: 100, help: 'learning rate (default 0.05)' }),
    top_k: int({ default: 5, min: 1, max: 100, placeholder: 'K', help: 'Hessian eigenvalues to report (default 5)' }),
    grid: int({ default: 21, min: 2, max: 201, help: 'points per side of each surface (default 21)' }),
  },
  result: {
    split: z.object({ train: z.number().int(), test: z.number().int(), test_fraction: z.number() }).strict(),
    backend: z.object({ name: z.string(), threads: z.number().int() }).strict(),
    train: trainKind.resultSchema,
    pca: z.object({ explained_variance: z.tuple([z.number(), z.number()]), checkpoints: z.array(checkpoint) }).strict(),
    pca_surface: surfaceKind.resultSchema,
    filter_surface: surfaceKind.resultSchema,
    hessian: hessianKind.resultSchema,
    interpolation: interpolateKind.resultSchema,
    seconds: z.record(z.string(), z.number()),
  },
  async run(spec, ctx) {
    const { runAnyJob } = await import('../run-job.js');
    type Of<S extends z.ZodType> = z.output<S>;
    const runJob = async <S extends z.ZodType>(_schema: S, job: Record<string, unknown>, o: Parameters<typeof runAnyJob>[1]): Promise<Of<S>> => (await runAnyJob(job, o)) as Of<S>;
    const t0 = performance.now();
    const seconds: Record<string, number> = {};
    const lap = (k: string, t: number) => (seconds[k] = Math.round(performance.now() - t) / 1000);
    const o = spec.options;
    const all = await ctx.io.loadData(spec.data!, { seed: spec.seed, flag: '--data' });
    const init = await ctx.io.loadModel(spec.model!, { seed: spec.seed, loss: lossKindOf(undefined, all), flag: '--model' });
    const split = trainTestSplit(fitData({ ...all, name: spec.data! }, init, '--data', spec.model!), { testFraction: 0.2, seed: spec.seed });
    const named = (d: Dataset, name: string): Dataset => ({ ...d, name, sha256: ctx.io.sha256(...datasetBytes(d)) });
    const trainSet = named(split.train, 'demo:train'), testSet = named(split.test, 'demo:test');
    const models = new Map<string, Model>([['demo:init', init]]);
    const written = new Map<string, Uint8Array>();
    const arrays = new Map<string, ReturnType<typeof arraysFromVector>>();
    const io = overlayIO(ctx.io, { models, data: new Map([['demo:train', trainSet], ['demo:test', testSet]]), arrays, written });
    const sub = (phase: string) => ({ io, backends: ctx.backends, signal: ctx.signal, onProgress: (p: JobProgress) => ctx.progress({ ...p, phase }) });
    const common = { data: 'demo:train', seed: spec.seed };

    // 1. training, the trajectory recorded every 10 steps
    let t = performance.now();
    const trained = await runJob(trainKind.resultSchema, { kind: 'train', model: 'demo:init', test: 'demo:test', ...common, options: { optimizer: 'momentum', momentum: 0.9, lr: o.lr, batch_size: 128, epochs: o.epochs, record_every: 10, save: 'demo:final.npz' } }, sub('training'));
    lap('train', t);
    const final = directionFromArrays(parseNpz(written.get('demo:final.npz')!, 'demo:final.npz'), init, 'demo:final.npz');
    const finalModel: Model = { ...init, params: final, source: { kind: 'derived', spec: spec.model, sha256: sha256Hex(new Uint8Array(final.buffer)) } };
    models.set('demo:final', finalModel);
    const traj = parseNpz(written.get('demo:final.trajectory.npz')!, 'trajectory');
    const P = final.length;
    const checkpoints = Array.from({ length: traj.steps.shape[0] }, (_, k) => (traj.params.data as Float32Array).subarray(k * P, (k + 1) * P));

    // 2. the trajectory's PCA plane: true vs projected loss per checkpoint, then the surface on it
    t = performance.now();
    const pca = trajectoryPca(checkpoints, final);
    const { plane, backend } = await withLeases(ctx.backends, [[finalModel, trainSet]], async (b) => ({ plane: await planeLosses(b, final, pca, checkpoints), backend: { name: b.name, threads: b.threads } }));
    arrays.set('demo:pc1.npz', arraysFromVector(pca.d1, init));
    arrays.set('demo:pc2.npz', arraysFromVector(pca.d2, init));
    const pad = (v: number[]) => {
      const lo = Math.min(...v), hi = Math.max(...v), m = 0.25 * Math.max(hi - lo, 1e-3);
      return `${lo - m}:${hi + m}:${o.grid}`;
    };
    const pcaSurface = await runJob(surfaceKind.resultSchema, { kind: 'surface', model: 'demo:final', ...common, options: { x_dir: 'demo:pc1.npz', y_dir: 'demo:pc2.npz', norm: 'none', x: pad(pca.points.map((p) => p.a)), y: pad(pca.points.map((p) => p.b)) } }, sub('PCA-plane surface'));
    lap('pca_surface', t);

    // 3. filter-normalised random directions, train and test
    t = performance.now();
    const grid = `-1:1:${o.grid}`;
    const filterSurface = await runJob(surfaceKind.resultSchema, { kind: 'surface', model: 'demo:final', test: 'demo:test', ...common, options: { x: grid, y: grid, norm: 'filter' } }, sub('filter-normalised surface'));
    lap('filter_surface', t);

    // 4. Hessian: top-k by Lanczos, density by stochastic Lanczos quadrature
    t = performance.now();
    const hessian = await runJob(hessianKind.resultSchema, { kind: 'hessian', model: 'demo:final', ...common, options: { top_k: o.top_k, tol: 1e-3, max_iter: 150, density: true, density_runs: 3, density_steps: 40 } }, sub('Hessian'));
    lap('hessian', t);

    // 5. initialisation → final
    t = performance.now();
    const interpolation = await runJob(interpolateKind.resultSchema, { kind: 'interpolate', model: 'demo:init', test: 'demo:test', ...common, options: { to: 'demo:final', t: '-0.25:1.25:31' } }, sub('interpolation'));
    lap('interpolate', t);
    seconds.total = Math.round(performance.now() - t0) / 1000;

    const parts = [trained, pcaSurface, filterSurface, hessian, interpolation];
    const passes = parts.reduce((s, r) => s + r.provenance.counts.forward_passes, 0) + 2 * checkpoints.length;
    return {
      ...header({ schema: 'nnll/demo@1', command: 'demo', seed: spec.seed, model: finalModel, modelName: spec.model, data: { ...all, name: spec.data! } }),
      n: trainSet.n,
      split: { train: trainSet.n, test: testSet.n, test_fraction: 0.2 },
      backend,
      train: trained,
      pca: { explained_variance: pca.explained_variance, checkpoints: trained.trajectory!.steps.map((step, k) => ({ step, ...plane[k] })) },
      pca_surface: pcaSurface,
      filter_surface: filterSurface,
      hessian,
      interpolation,
      complete: parts.every((r) => r.complete),
      seconds,
      provenance: provenanceOf(spec, finalModel, { ...all, name: spec.data!, n: trainSet.n }, { forwardPasses: passes, hvps: hessian.hvp_count }),
    };
  },
  summarize(r) {
    const f = r.train.final, h = r.hessian;
    return [
      `nnll ${r.version} demo — ${r.model!.path} (${count(r.model!.param_count)} parameters) on ${r.data!.path} (${r.split.train} train / ${r.split.test} test), seed ${r.seed}`,
      `  trained ${r.train.epochs} epochs of SGD+momentum: train loss ${f.train_loss!.toFixed(4)} (${(100 * (f.train_accuracy ?? 0)).toFixed(1)}%), test loss ${(f.test_loss ?? NaN).toFixed(4)} (${(100 * (f.test_accuracy ?? 0)).toFixed(1)}%)`,
      `  PCA plane keeps ${(100 * (r.pca.explained_variance[0] + r.pca.explained_variance[1])).toFixed(1)}% of the path's variance; filter-normalised surface ${r.filter_surface.x.length}×${r.filter_surface.y!.length}, train and test`,
      `  top Hessian eigenvalues ${h.eigenvalues.map((e) => e.toFixed(4)).join(', ')}${h.converged ? '' : ' (not converged)'}; ${h.hvp_count} exact HVPs`,
      `  ${negativeText(h)}`,
      `  initialisation → final: ${barrierText(r.interpolation.barrier, r.interpolation.barrier_t)}`,
      `  ${r.seconds.total.toFixed(1)} s on ${r.backend.threads} thread${r.backend.threads > 1 ? 's' : ''} (${r.backend.name})`,
    ].join('\n');
  },
});

