// Studies on tiny nets: the runs of each design, a folder that survives an interruption (the
// finished runs are not trained or measured again; the study's numbers are the same as an
// uninterrupted one), several runs at once giving the same numbers as one at a time, and a
// diverged run recorded instead of failing the study.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runJob } from '../src/jobs/node.js';
import { parseSpec } from '../src/jobs/run-job.js';
import { parseCommandLine } from '../src/jobs/command-line.js';
import { withoutTiming } from '../src/jobs/result.js';
import { parseLrs, studyRuns } from '../src/study/designs.js';
import type { JobProgress } from '../src/jobs/kind.js';

const M = 'mlp:2-6-3:relu';
const D = 'spirals:n=90';
const T = 'spirals:n=60,seed=5';
const base = { kind: 'study', model: M, data: D, test: T } as const;

/** The study without the fields that say how it was computed (wall-clock, resumed or not). */
const numbers = (r: Record<string, any>) => {
  const { runs_resumed: _, out: __, ...rest } = withoutTiming(r) as Record<string, any>;
  const { out: ___, ...options } = rest.provenance.options;
  return { ...rest, provenance: { ...rest.provenance, options }, runs: rest.runs.map(({ resumed: _r, model_file: _m, ...x }: Record<string, unknown>) => x) };
};

describe('study', () => {
  it('lays out the runs of each design', () => {
    const common = { seeds: [0, 1], optimizers: ['sgd', 'adam'] as const, lrs: {}, optimizer: 'sgd' as const, batchSize: 32, batchSizes: [16, 64], lrScaling: 'linear' as const };
    expect(studyRuns({ ...common, design: 'optimizers' }).map((r) => r.id)).toEqual([
      'sgd-lr0.1-b32-s0', 'sgd-lr0.1-b32-s1', 'sgd-lr0.03-b32-s0', 'sgd-lr0.03-b32-s1',
      'adam-lr0.001-b32-s0', 'adam-lr0.001-b32-s1', 'adam-lr0.0003-b32-s0', 'adam-lr0.0003-b32-s1',
    ]);
    // linear scaling from the first batch size: 0.1 at 16, 0.4 at 64
    expect(studyRuns({ ...common, design: 'batch-size', seeds: [0] }).map((r) => [r.batch_size, r.lr])).toEqual([[16, 0.1], [64, 0.4]]);
    expect(studyRuns({ ...common, design: 'temperature', seeds: [0], lrs: { sgd: [0.01, 0.1] } }).map((r) => `${r.lr}/${r.batch_size}`)).toEqual(['0.01/16', '0.01/64', '0.1/16', '0.1/64']);
    expect(parseLrs('sgd=0.1/0.03,adam=0.001').per).toEqual({ sgd: [0.1, 0.03], adam: [0.001] });
    expect(() => parseLrs('sgd=0.1,rmsprop=1')).toThrow(/invalid lrs: "sgd=0.1,rmsprop=1" \(expected NAME=LR/);
    // the command line takes the design as its first word, and fills in the learning rates
    const { spec } = parseCommandLine(['study', 'batch-size', '--model', M, '--data', D, '--batch-sizes', '8,32', '--lrs', '0.05']);
    expect(spec!.options).toMatchObject({ design: 'batch-size', lrs: { sgd: [0.05] }, measures: ['lambda_max', 'eps_sharpness'] });
    expect(() => parseSpec({ ...base, options: { design: 'batch-size', batch_sizes: [8] } })).toThrow(/invalid batch_sizes: \[8\] \(the batch-size design compares at least two\)/);
  });

  it('resumes an interrupted study without redoing finished runs, and gives the same numbers', async () => {
    const options = { design: 'temperature', lrs: [0.05, 0.2], batch_sizes: [16, 45], epochs: 2, measures: ['lambda_max', 'eps_sharpness', 'adaptive_average'], mc_samples: 4, ascent_iter: 5 };
    const whole = await runJob({ ...base, options }, { threads: 1 });
    expect(whole.runs_done).toBe(4);
    expect(whole.correlations.map((c) => c.measure)).toContain('lambda_max');

    const dir = mkdtempSync(join(tmpdir(), 'nnll-study-'));
    const out = join(dir, 'study');
    const ac = new AbortController();
    let finished = 0;
    const first = await runJob({ ...base, options: { ...options, out } }, {
      threads: 1,
      signal: ac.signal,
      onProgress: (p: JobProgress) => {
        if (p.note?.endsWith(': done') && ++finished === 2) ac.abort();
      },
    });
    expect(first.complete).toBe(false);
    expect(first.runs_done).toBe(2);
    const runsDir = join(out, 'runs');
    const saved = readdirSync(runsDir).filter((f) => f.endsWith('.json')).sort();
    expect(saved).toEqual(['sgd-lr0.05-b16-s0.sharpness.json', 'sgd-lr0.05-b16-s0.train.json', 'sgd-lr0.05-b45-s0.sharpness.json', 'sgd-lr0.05-b45-s0.train.json']);
    const mtimes = new Map(readdirSync(runsDir).map((f) => [f, statSync(join(runsDir, f)).mtimeMs]));

    const phases: string[] = [];
    const second = await runJob({ ...base, options: { ...options, out } }, { threads: 1, onProgress: (p) => p.note && phases.push(p.note) });
    expect(second.complete).toBe(true);
    expect(second.runs_resumed).toBe(2);
    expect(second.runs.map((r) => r.resumed)).toEqual([true, true, false, false]);
    // the finished runs' files were not written again, and their training did not run
    for (const [f, t] of mtimes) expect(statSync(join(runsDir, f)).mtimeMs).toBe(t);
    expect(phases.some((n) => n.startsWith('sgd-lr0.05-b16-s0: epoch'))).toBe(false);
    expect(phases.some((n) => n.startsWith('sgd-lr0.2-b16-s0: epoch'))).toBe(true);
    expect(numbers(second)).toEqual(numbers(whole));

    // a third run is all from the folder
    const third = await runJob({ ...base, options: { ...options, out } }, { threads: 1 });
    expect(third.runs_resumed).toBe(4);
    expect(numbers(third)).toEqual(numbers(whole));
    // another setting is another study: the runs are trained again
    const other = await runJob({ ...base, options: { ...options, out, epochs: 1 } }, { threads: 1 });
    expect(other.runs_resumed).toBe(0);
  });

  it('runs several runs at once with the same numbers as one at a time', async () => {
    const options = { design: 'optimizers', optimizers: ['sgd', 'adam'], lrs: 'sgd=0.1,adam=0.01', batch_size: 30, epochs: 2, measures: ['lambda_max'], surface_grid: 3 };
    const one = await runJob({ ...base, options }, { threads: 1 });
    const two = await runJob({ ...base, options: { ...options, jobs: 2 } }, { threads: 1 });
    expect(numbers(two)).toEqual(numbers({ ...one, provenance: { ...one.provenance, options: { ...one.provenance.options, jobs: 2 } } }));
    expect(one.comparison!.sgd).toBe('sgd-lr0.1-b30-s0');
    expect(one.comparison!.adam).toBe('adam-lr0.01-b30-s0');
    expect(one.comparison!.surfaces.map((s) => s.surface.loss.length)).toEqual([3, 3]);
  });

  it('records a diverged run and goes on', async () => {
    const r = await runJob({ ...base, options: { design: 'batch-size', lrs: [1e4], batch_sizes: [16, 45], epochs: 1, measures: ['lambda_max'], keskar_points: 0 } }, { threads: 1 });
    expect(r.complete).toBe(true);
    expect(r.runs.every((x) => x.diverged !== null && x.lambda_max === null)).toBe(true);
  });
});
