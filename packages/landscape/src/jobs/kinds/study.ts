/**
 * `study optimizers|batch-size|temperature`: trains a set of runs from seeded initialisations and
 * measures each — each run a `train` job and a `sharpness` job on the trained model, the same jobs
 * `nnll train` and `nnll sharpness` run — then compares them: the mean and spread over seeds, the
 * generalization gap against every measure (Kendall's τ, Jiang et al. 2020), and by design
 *   optimizers   the best SGD-family and Adam-family solutions: their interpolation (one basin or
 *                two: the barrier) and filter-normalised surfaces around each (Wilson et al. 2017);
 *   batch-size   Keskar's line θ_small + α(θ_large − θ_small), α ∈ [−1, 2], train and test;
 *   temperature  every measure against lr/B (Jastrzębski et al. 2017).
 * With `out` the study lives in a folder: every run's model (runs/ID.onnx) and results
 * (runs/ID.train.json, runs/ID.sharpness.json), the comparisons, and study.json (this result);
 * running the same command again skips the parts already there, so an interrupted study resumes.
 * `jobs` runs that many runs at once over the backend pool.
 */
import { z } from 'zod';
import { OPTIMIZERS, type OptimizerName } from '../../training/optimizers.js';
import { SHARPNESS_MEASURES, type SharpnessMeasure } from '../../sharpness/sharpness.js';
import { TRACKED_MEASURES } from '../../sharpness/tracker.js';
import { DESIGNS, LITERATURE_LRS, parseLrs, studyRuns, type StudyRun } from '../../study/designs.js';
import { correlations, gapOf, groups } from '../../study/summaries.js';
import { MEMORY, readPart, studyIO, writePart } from '../../study/study-io.js';
import { keskarComparison, optimizerComparison, type ComparisonContext, type StudyPart } from '../../study/comparisons.js';
import { defineKind, type JobProgress } from '../kind.js';
import { header, nnum, provenanceOf, testField, testOf } from '../result.js';
import { lossOption, lossKindOf } from '../inputs.js';
import { choice, folder, int, list, type Opt } from '../options.js';
import { parseSpec, runAnyJob } from '../run-job.js';
import { fmt } from '../format.js';
import { measureOptions } from '../sharpness-options.js';
import { trainKind, DivergedError } from './train.js';
import { emptyRecord, runRecord, type StudyRunRecord } from '../../study/run-record.js';
import { sharpnessKind } from './sharpness.js';
import { interpolateKind } from './interpolate.js';
import { surfaceKind } from './surface.js';
import { fitData } from '../../data/fit-data.js';

const DESIGN_HELP = 'optimizers (SGD, momentum, Adam, AdamW over learning-rate grids), batch-size (small vs large batches), or temperature (a grid of lr × B)';

const designOption: Opt<z.ZodEnum<{ [K in (typeof DESIGNS)[number]]: K }>> = {
  schema: z.enum(DESIGNS).describe(DESIGN_HELP),
  meta: { type: 'choice', choices: DESIGNS, placeholder: 'DESIGN', help: DESIGN_HELP },
};

const LRS_HELP = 'learning rates: 0.1,0.03 (every optimizer) or sgd=0.1/0.03,adam=0.001/0.0003 (default: a small grid per optimizer from the literature; batch-size: the first, scaled)';
const lrList = z.array(z.number().positive().finite()).min(1).max(100);
const lrsOption: Opt = {
  schema: z.union([z.string().min(1).max(2000), lrList, z.partialRecord(z.enum(OPTIMIZERS), lrList)]).optional().describe(LRS_HELP),
  meta: { type: 'string', placeholder: 'LRS', help: LRS_HELP },
};

/** The measures a design takes by default: the cheap pair for sweeps, every one for the temperature study. */
const DEFAULT_MEASURES: Record<(typeof DESIGNS)[number], readonly SharpnessMeasure[]> = {
  optimizers: ['lambda_max', 'eps_sharpness'],
  'batch-size': ['lambda_max', 'eps_sharpness'],
  temperature: SHARPNESS_MEASURES,
};

const stats = z.record(z.string(), nnum);

export const studyKind = defineKind({
  kind: 'study',
  version: 1,
  summary: 'studies: optimizers | batch-size | temperature — train runs from seeded inits, measure sharpness and the gap, compare; a resumable folder',
  examples: [
    'study optimizers --model mlp:784-64-10:relu --data mnist --test mnist --epochs 5 --out study-opt',
    'study batch-size --model mlp:784-256-10:relu --data /usr/share/datasets/fashion-mnist --test /usr/share/datasets/fashion-mnist --optimizer adam --lrs 0.001 --batch-sizes 64,4096 --seeds 0,1,2 --epochs 20 --out keskar',
    'study temperature --model mlp:2-32-32-3:relu --data spirals --test spirals:seed=9 --lrs 0.01,0.03,0.1 --batch-sizes 16,64,256 --out temperature --jobs 2',
  ],
  inputs: { model: { help: 'built-in spec (each run initialised with its seed) or a model file every run starts from' }, data: {}, test: { help: 'held-out set: test loss and accuracy, the generalization gap' } },
  positional: 'design',
  options: {
    loss: lossOption,
    design: designOption,
    out: folder({ help: 'the study folder: runs/ (models and results), comparisons, study.json, figures; re-running resumes (default: none, in memory)' }),
    epochs: int({ default: 5, min: 1, max: 100_000, placeholder: 'E', help: 'epochs of every run (default 5)' }),
    seeds: list('int', { default: [0], min: 0, max: 2 ** 32 - 1, maxItems: 100, placeholder: 'S,…', help: 'seeds: each gives the initialisation and the data order (default 0)' }),
    optimizers: list('string', { default: ['sgd', 'momentum', 'adam', 'adamw'], choices: OPTIMIZERS, maxItems: OPTIMIZERS.length, placeholder: 'O,…', help: 'optimizers design: which (default sgd,momentum,adam,adamw)' }),
    optimizer: choice(OPTIMIZERS, { default: 'sgd', placeholder: 'O', help: 'batch-size and temperature designs: the optimizer (default sgd)' }),
    lrs: lrsOption,
    batch_size: int({ default: 128, min: 1, max: 1_000_000, placeholder: 'B', help: 'optimizers design: the batch size (default 128)' }),
    batch_sizes: list('int', { default: [32, 128, 512, 2048], min: 1, max: 1_000_000, maxItems: 100, placeholder: 'B,…', help: 'batch-size and temperature designs: batch sizes (default 32,128,512,2048)' }),
    lr_scaling: choice(['constant', 'linear', 'sqrt'] as const, { default: 'constant', help: 'batch-size design: the learning rate × 1, B/B₀ or √(B/B₀) (default constant)' }),
    measures: list('string', { choices: SHARPNESS_MEASURES, maxItems: SHARPNESS_MEASURES.length, placeholder: 'M,…', help: 'sharpness measures of every run (default lambda_max,eps_sharpness; temperature: all)' }),
    subset: int({ default: 0, min: 0, max: 100_000_000, placeholder: 'N', help: 'measure sharpness on N training samples, drawn with the seed (default 0: all)' }),
    surface_grid: int({ default: 11, min: 0, max: 201, placeholder: 'N', help: 'optimizers design: points per side of the surfaces around the best SGD and Adam solutions (default 11; 0: none)' }),
    keskar_points: int({ default: 31, min: 0, max: 10_001, placeholder: 'N', help: 'batch-size design: points of the line α ∈ [−1, 2] from the smallest to the largest batch (default 31; 0: none)' }),
    track: list('string', { choices: TRACKED_MEASURES, maxItems: 2, placeholder: 'M,…', help: 'track lambda_max and/or trace along every run (train --track)' }),
    track_every: int({ default: 10, min: 1, max: 1_000_000, placeholder: 'K', help: 'steps between tracked measurements (default 10)' }),
    jobs: int({ default: 1, min: 1, max: 64, placeholder: 'N', help: 'runs trained and measured at once (default 1)' }),
    ...measureOptions,
  },
  fill(o) {
    const used: OptimizerName[] = o.design === 'optimizers' ? (o.optimizers as OptimizerName[]) : [o.optimizer];
    let lrs = o.lrs;
    try {
      const p = lrs === undefined ? { per: {} } : parseLrs(lrs as never);
      lrs = Object.fromEntries(used.map((name) => [name, p.per[name] ?? ('all' in p && p.all ? p.all : LITERATURE_LRS[name])]));
    } catch {
      // left as given: check() names the problem
    }
    return { ...o, lrs, measures: o.measures ?? [...DEFAULT_MEASURES[o.design]] };
  },
  check(spec) {
    const o = spec.options;
    try {
      parseLrs(o.lrs as never);
    } catch (e) {
      return { key: 'lrs', value: o.lrs, reason: (e as Error).message.replace(/^invalid lrs: .*? \(/, '').replace(/\)$/, '') };
    }
    if (o.design === 'batch-size' && o.batch_sizes.length < 2) return { key: 'batch_sizes', value: o.batch_sizes, reason: 'the batch-size design compares at least two' };
    if (o.design === 'optimizers' && new Set(o.optimizers).size !== o.optimizers.length) return { key: 'optimizers', value: o.optimizers, reason: 'an optimizer is named twice' };
    if (new Set(o.measures).size !== o.measures!.length) return { key: 'measures', value: o.measures, reason: 'a measure is named twice' };
    if (o.design === 'optimizers' && !o.optimizers.length) return { key: 'optimizers', value: o.optimizers, reason: 'at least one' };
    return undefined;
  },
  result: {
    design: z.enum(DESIGNS),
    out: z.string().nullable(),
    test: testField.nullable(),
    runs_total: z.number().int(),
    runs_done: z.number().int(),
    runs_resumed: z.number().int(),
    runs: z.array(runRecord),
    groups: z.array(z.object({ optimizer: z.string(), lr: z.number(), batch_size: z.number().int(), runs: z.number().int(), mean: stats, std: stats }).strict()),
    correlations: z.array(z.object({ measure: z.string(), tau: nnum, n: z.number().int() }).strict()),
    comparison: z.object({
      sgd: z.string(),
      adam: z.string(),
      interpolation: interpolateKind.resultSchema,
      surfaces: z.array(z.object({ id: z.string(), surface: surfaceKind.resultSchema }).strict()),
    }).strict().nullable(),
    keskar: z.object({ small: z.string(), large: z.string(), interpolation: interpolateKind.resultSchema }).strict().nullable(),
    seconds: z.number(),
  },
  async run(spec, ctx) {
    const o = spec.options;
    const t0 = performance.now();
    const io = studyIO(ctx.io);
    const out = o.out ? o.out.replace(/[\\/]+$/, '') || o.out : null;
    const runs = studyRuns({
      design: o.design, seeds: o.seeds, optimizers: o.optimizers as OptimizerName[], lrs: o.lrs as Partial<Record<OptimizerName, number[]>>,
      optimizer: o.optimizer, batchSize: o.batch_size, batchSizes: o.batch_sizes, lrScaling: o.lr_scaling,
    });
    // inputs checked before any run: the data, the model (with the first seed), the folder
    const all = await io.loadData(spec.data!, { seed: spec.seed, flag: '--data' });
    const testSet = spec.test ? await io.loadData(spec.test, { seed: spec.seed, split: 'test', flag: '--test' }) : undefined;
    const init = await io.loadModel(spec.model!, { seed: o.seeds[0], loss: lossKindOf(o.loss, all), flag: '--model' });
    const data = fitData({ ...all, name: spec.data! }, init, '--data', spec.model!);
    const test = testSet ? fitData({ ...testSet, name: spec.test! }, init, '--test', spec.model!) : undefined;
    if (out) {
      await io.makeFolder(out, '--out');
      await io.makeFolder(`${out}/runs`, '--out');
    }
    const sharpnessOptions = Object.fromEntries(Object.keys(measureOptions).map((k) => [k, o[k as keyof typeof measureOptions]]));
    const records = new Map<string, StudyRunRecord>();
    let done = 0, resumed = 0, complete = true, forwardPasses = 0, hvps = 0;
    const progress = (note?: string) => ctx.progress({ phase: 'study', done, total: runs.length, unit: 'runs', note });
    progress();
    // concurrent runs share the threads, each off the main thread
    const backends = o.jobs > 1 ? ctx.backends.shared(Math.min(o.jobs, runs.length)) : ctx.backends;
    const sub = (note: (p: JobProgress) => string | undefined) => ({ io, backends, signal: ctx.signal, onProgress: (p: JobProgress) => progress(note(p)) });

    const part: StudyPart = async (name, job, note, keep) => {
      const valid = parseSpec(job);
      const key = keep ? keep(valid as never) : valid;
      if (out && name) {
        const saved = await readPart(io, `${out}/${name}`, key);
        if (saved) return { result: saved, resumed: true };
      }
      const result = await runAnyJob(valid, sub(note));
      if (out && name && result.complete !== false) await writePart(io, `${out}/${name}`, key, result);
      return { result, resumed: false };
    };
    /** The spec without output paths (the same study in another folder is the same study). */
    const withoutSave = (s: Record<string, unknown>) => ({ ...s, options: { ...(s.options as object), save: undefined } });

    const runOne = async (run: StudyRun): Promise<void> => {
      const modelFile = out ? `${out}/runs/${run.id}.onnx` : `${MEMORY}${run.id}.onnx`;
      const trainJob = {
        kind: 'train', model: spec.model, data: spec.data, ...(spec.test ? { test: spec.test } : {}), seed: run.seed,
        options: { ...(o.loss ? { loss: o.loss } : {}), optimizer: run.optimizer, lr: run.lr, batch_size: run.batch_size, epochs: o.epochs, save: modelFile, ...(o.track ? { track: o.track, track_every: o.track_every } : {}) },
      };
      const t = performance.now();
      const trainName = `runs/${run.id}.train.json`;
      let trained: { result: Record<string, unknown>; resumed: boolean };
      try {
        trained = await part(trainName, trainJob, (p) => (p.note ? `${run.id}: ${p.note.replace(/\s+loss.*$/, '')}` : undefined), withoutSave);
        // a finished run whose model file is gone is trained again
        if (trained.resumed && trained.result.diverged === undefined && !(await io.readFile(modelFile, '--out'))) {
          trained = { result: await runAnyJob(parseSpec(trainJob), sub(() => run.id)), resumed: false };
          await writePart(io, `${out}/${trainName}`, withoutSave(parseSpec(trainJob) as never), trained.result);
        }
      } catch (e) {
        if (!(e instanceof DivergedError)) throw e;
        // kept, so that a resumed study does not train it again
        if (out) await writePart(io, `${out}/${trainName}`, withoutSave(parseSpec(trainJob) as never), { diverged: e.message });
        trained = { result: { diverged: e.message }, resumed: false };
      }
      if (typeof trained.result.diverged === 'string') {
        records.set(run.id, emptyRecord(run, o.epochs, trained.result.diverged, trained.resumed));
        if (trained.resumed) resumed++;
        done++;
        progress(`${run.id}: diverged`);
        return;
      }
      const tr = trained.result as z.output<typeof trainKind.resultSchema>;
      const trainSeconds = (performance.now() - t) / 1000;
      if (!tr.complete) {
        complete = false;
        return;
      }
      const t2 = performance.now();
      // every run measured with the study's seed: the same subset, probes and directions for all (common random numbers)
      const measuredJob = { kind: 'sharpness', model: modelFile, data: spec.data, seed: spec.seed, options: { ...(o.loss ? { loss: o.loss } : {}), measures: o.measures, subset: o.subset, ...sharpnessOptions } };
      // the measures belong to the model file they were taken on (a re-trained run is measured again)
      const bytes = await io.readFile(modelFile, '--out');
      const modelSha = bytes ? io.sha256(bytes) : null;
      const sh = await part(`runs/${run.id}.sharpness.json`, measuredJob, (p) => `${run.id}: ${p.note ?? 'sharpness'}`, (s) => ({ ...s, model: modelSha }));
      const m = sh.result as z.output<typeof sharpnessKind.resultSchema>;
      if (!m.complete) {
        complete = false;
        return;
      }
      forwardPasses += tr.provenance.counts.forward_passes + m.provenance.counts.forward_passes;
      hvps += tr.provenance.counts.hvps + m.provenance.counts.hvps;
      const f = tr.final;
      records.set(run.id, {
        id: run.id, optimizer: run.optimizer, lr: run.lr, batch_size: run.batch_size, seed: run.seed, epochs: o.epochs,
        lr_over_b: run.lr / run.batch_size, steps: tr.steps,
        train_loss: f.train_loss, train_accuracy: f.train_accuracy, test_loss: f.test_loss, test_accuracy: f.test_accuracy,
        ...gapOf(f),
        lambda_max: m.lambda_max, trace: m.trace, lambda_max_filter: m.lambda_max_filter, trace_filter: m.trace_filter, eps_sharpness: m.eps_sharpness,
        adaptive_worst: m.adaptive_worst, adaptive_average: m.adaptive_average, pac_bayes_sigma: m.pac_bayes_sigma, pac_bayes_sigma_mag: m.pac_bayes_sigma_mag,
        history: tr.history, tracked: tr.tracked, model_file: out ? modelFile : null, diverged: null,
        resumed: trained.resumed && sh.resumed,
        seconds: { train: trained.resumed ? 0 : trainSeconds, sharpness: sh.resumed ? 0 : (performance.now() - t2) / 1000 },
      });
      if (trained.resumed && sh.resumed) resumed++;
      done++;
      progress(`${run.id}: done`);
    };

    // N runs at once, in order
    let next = 0;
    const worker = async () => {
      while (next < runs.length && !ctx.signal?.aborted) await runOne(runs[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(o.jobs, runs.length) }, worker));
    if (ctx.signal?.aborted || records.size < runs.length) complete = false;
    const finished = runs.map((r) => records.get(r.id)).filter((r): r is StudyRunRecord => r !== undefined);

    // the design's comparison, when every run finished
    const ok = finished.filter((r) => r.diverged === null);
    const compare: ComparisonContext = {
      part,
      ref: (id) => (out ? `${out}/runs/${id}.onnx` : `${MEMORY}${id}.onnx`),
      base: { data: spec.data!, ...(spec.test ? { test: spec.test } : {}), seed: spec.seed, ...(o.loss ? { loss: o.loss } : {}) },
      progress,
    };
    const comparison = complete && o.design === 'optimizers' ? await optimizerComparison(compare, ok, o.surface_grid) : null;
    const keskar = complete && o.design === 'batch-size' && o.keskar_points > 0 ? await keskarComparison(compare, ok, o.seeds[0], o.keskar_points) : null;
    const result = {
      ...header({ schema: 'nnll/study@1', command: 'study', seed: spec.seed, model: init, modelName: spec.model, data }),
      design: o.design,
      out,
      test: testOf(test),
      runs_total: runs.length,
      runs_done: finished.length,
      runs_resumed: resumed,
      runs: finished,
      groups: groups(finished),
      correlations: finished.length >= 3 ? correlations(ok) : [],
      comparison,
      keskar,
      complete,
      seconds: (performance.now() - t0) / 1000,
      provenance: provenanceOf(spec, init, data, { forwardPasses, hvps }),
    };
    if (out) await io.write(`${out}/study.json`, new TextEncoder().encode(JSON.stringify(toPlain(result), null, 2) + '\n'), '--out');
    return result;
  },
  summarize(r) {
    const head = `${r.model!.path} on ${r.data!.path}: ${r.design} study, ${r.runs_done}/${r.runs_total} runs${r.runs_resumed ? ` (${r.runs_resumed} from the folder)` : ''}, ${r.seconds.toFixed(1)} s${r.out ? `; folder ${r.out}` : ''}`;
    const eps = Object.keys(r.runs.find((x) => x.eps_sharpness)?.eps_sharpness ?? {})[0];
    const rows = r.runs.map((x) => `  ${x.id.padEnd(28)} ${x.diverged ? 'diverged' : `test acc ${fmt(x.test_accuracy, 4)}  gap ${fmt(x.gap, 3)}  λmax ${fmt(x.lambda_max, 4)}${eps ? `  ε-sharpness ${fmt(x.eps_sharpness?.[eps], 4)}` : ''}`}`);
    const taus = r.correlations.filter((c) => c.tau !== null).map((c) => `${c.measure} ${c.tau!.toFixed(2)}`);
    return [
      head,
      ...rows,
      ...(taus.length ? [`  Kendall τ with the gap: ${taus.join(', ')}`] : []),
      ...(r.comparison ? [`  ${r.comparison.sgd} → ${r.comparison.adam}: barrier ${fmt(r.comparison.interpolation.barrier, 4)}`] : []),
      ...(r.keskar ? [`  Keskar's line ${r.keskar.small} → ${r.keskar.large}: ${r.keskar.interpolation.t.length} points, α ∈ [−1, 2]`] : []),
      ...(r.complete ? [] : ['  (interrupted: finished runs are kept; run the same command to resume)']),
    ].join('\n');
  },
});

/** JSON as results are written (NaN → null). */
function toPlain(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? null : x)));
}
