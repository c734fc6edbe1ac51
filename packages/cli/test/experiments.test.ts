// The experiment commands from the terminal: a study folder (runs, study.json, figures,
// index.html) that a second run resumes from, reparam's refusals and --save, train --track's
// figure with 2/η, and the charts of these results drawn (side-by-side panels, τ in the heading).
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { figuresFor, keskarLine, measureScatter, reparamCurves, runCurves, sharpnessVsAlpha, trackedSharpness } from '@nnll/landscape/charts';
import { assertGolden } from './figures-golden.js';
import { withoutTiming } from '@nnll/landscape';
import { renderSvg } from '../src/figures/index.js';
import { nnll, nnllJson, tempDir } from './helpers.js';

const D = 'spirals:n=90';
const T = 'spirals:n=60,seed=4';

describe('experiment commands', () => {
  it('study --out: the folder holds every run, study.json, the figures and index.html; a second run resumes', () => {
    const dir = tempDir('nnll-study-cli-');
    const line = ['study', 'batch-size', '--model', 'mlp:2-6-3:relu', '--data', D, '--test', T, '--lrs', '0.1', '--batch-sizes', '15,45', '--epochs', '2', '--measures', 'lambda_max,eps_sharpness', '--ascent-iter', '3', '--keskar-points', '7', '--out', 'study', '--csv', 'runs.csv'];
    const first = nnll([...line, '--json', '--threads', '1'], {}, dir);
    expect(first.status, first.stderr).toBe(0);
    const r = JSON.parse(first.stdout);
    expect(r).toMatchObject({ design: 'batch-size', out: 'study', runs_total: 2, runs_done: 2, runs_resumed: 0, complete: true });
    expect(r.keskar.interpolation.t).toHaveLength(7);
    const files = readdirSync(join(dir, 'study'));
    for (const f of ['study.json', 'index.html', 'keskar.json', 'keskar.svg', 'keskar.png', 'gap-vs-lambda_max.svg', 'curves.png', 'runs']) expect(files).toContain(f);
    expect(readdirSync(join(dir, 'study', 'runs')).sort()).toEqual([
      'sgd-lr0.1-b15-s0.onnx', 'sgd-lr0.1-b15-s0.sharpness.json', 'sgd-lr0.1-b15-s0.train.json',
      'sgd-lr0.1-b45-s0.onnx', 'sgd-lr0.1-b45-s0.sharpness.json', 'sgd-lr0.1-b45-s0.train.json',
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'study', 'study.json'), 'utf8'))).toEqual(r);
    expect(readFileSync(join(dir, 'study', 'index.html'), 'utf8')).toContain('sgd-lr0.1-b45-s0');
    const csv = readFileSync(join(dir, 'runs.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^id,optimizer,lr,batch_size,seed,epochs,lr_over_b,train_loss,.*,eps_sharpness\(0\.001\),eps_sharpness\(0\.0005\)$/);
    expect(csv).toHaveLength(3);

    const second = nnll([...line, '--threads', '1'], {}, dir);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/2\/2 runs \(2 from the folder\)/);
    expect(second.stdout).toContain('report: study/index.html');
    const again = JSON.parse(readFileSync(join(dir, 'study', 'study.json'), 'utf8'));
    const strip = (x: Record<string, any>) => ({ ...withoutTiming(x), runs_resumed: 0, runs: x.runs.map((q: Record<string, unknown>) => ({ ...withoutTiming(q), resumed: false })) });
    expect(strip(again)).toEqual(strip(r));
  });

  it('study: the design is the first word; a missing or unknown one is named', () => {
    const missing = nnll(['study', '--model', 'mlp:2-6-3:relu', '--data', D]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^nnll: missing --design DESIGN \(optimizers/);
    const unknown = nnll(['study', 'batchsize', '--model', 'mlp:2-6-3:relu', '--data', D]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('invalid --design: "batchsize" (optimizers, batch-size, temperature)');
    const help = nnll(['study', '--help']);
    expect(help.stdout).toContain('usage: nnll study DESIGN --model M --data D');
  });

  it('reparam: --save writes the rescaled model, the same function; refusals name the layer', () => {
    const dir = tempDir('nnll-reparam-');
    const r = nnllJson(['reparam', '--model', 'mlp:2-8-3:relu', '--data', D, '--layer', 'fc1.weight', '--alpha', '10', '--measures', 'lambda_max,adaptive_worst', '--ascent-iter', '3', '--x', '-1:1:5', '--save', join(dir, 'r.onnx')]);
    expect(r).toMatchObject({ layer: 'fc1.weight', next: 'fc2.weight', chain: ['relu'], saved: join(dir, 'r.onnx') });
    const before = nnllJson(['eval', '--model', 'mlp:2-8-3:relu', '--data', D]);
    const after = nnllJson(['eval', '--model', join(dir, 'r.onnx'), '--data', D]);
    expect(Math.abs(after.loss - before.loss)).toBeLessThan(1e-6 * before.loss);
    const lm = r.measures.find((m: { name: string }) => m.name === 'lambda_max');
    expect(lm.invariant).toBe(false);
    expect(r.measures.find((m: { name: string }) => m.name === 'adaptive_worst').invariant).toBe(true);

    const tanh = nnll(['reparam', '--model', 'mlp:2-8-3:tanh', '--data', D, '--layer', '0', '--alpha', '2']);
    expect(tanh.status).toBe(2);
    expect(tanh.stderr).toBe('nnll: layer fc1.weight: followed by tanh (tanh(αx) ≠ α·tanh(x)); no function-preserving rescaling\n');
    const last = nnll(['reparam', '--model', 'mlp:2-8-3:relu', '--data', D, '--layer', 'fc2.weight', '--alpha', '2']);
    expect(last.stderr).toMatch(/the network's output \(the last layer\)/);
    const two = nnll(['reparam', '--model', 'mlp:2-8-3:relu', '--data', D, '--layer', '0', '--alpha', '2,3', '--save', join(dir, 'x.onnx')]);
    expect(two.stderr).toBe(`nnll: invalid --save: "${join(dir, 'x.onnx')}" (needs a single --alpha)\n`);
  });

  it('train --track: tracked records at step 0 and every K steps, the figure shows 2/η', () => {
    const dir = tempDir('nnll-track-');
    const r = nnllJson(['train', '--model', 'mlp:2-8-3:tanh', '--data', D, '--optimizer', 'sgd', '--lr', '0.4', '--batch-size', '90', '--epochs', '9', '--track', 'lambda_max', '--track-every', '3', '--plot', join(dir, 'track.svg')]);
    expect(r.tracked.map((t: { step: number }) => t.step)).toEqual([0, 3, 6, 9]);
    expect(r.tracked.every((t: { lambda_max: number; trace: null }) => t.lambda_max > 0 && t.trace === null)).toBe(true);
    expect(r.provenance.counts.hvps).toBe(r.tracked.reduce((s: number, t: { hvps: number }) => s + t.hvps, 0));
    expect(readFileSync(join(dir, 'track.svg'), 'utf8')).toContain('2/η = 5');
  });

  it('draws the new charts: τ in the scatter heading, two panels side by side, 2/η at its height', () => {
    const study = { runs: [1, 2, 3, 4].map((k) => ({ id: `r${k}`, optimizer: 'sgd', lr: 0.1 * k, batch_size: 32, gap: k === 2 ? 0.5 : 0.1 * k, lambda_max: k, history: [] })) };
    const scatter = renderSvg((document) => measureScatter(study, { document }) as Element);
    // gaps 0.1, 0.5, 0.3, 0.4 against λmax 1…4: pairs (2,3) and (2,4) discordant, 4 concordant → τ = 2/6
    expect(scatter).toContain('Kendall τ = 0.33 (4 runs, colour: lr / B)');
    const curves = renderSvg((document) => reparamCurves({ x: [-1, 0, 1], curves_before: { raw: [2, 1, 2], filter: [3, 1, 3] }, alphas: [{ alpha: 10, curves: { raw: [9, 1, 9], filter: [3, 1, 3] } }] }, { document, width: 600 }) as Element);
    // two 300-pixel panels in one row: the second starts at x = 300, at the first one's height
    expect(curves).toContain('<g transform="translate(300,0)">');
    const tracked = renderSvg((document) => trackedSharpness({ lr: 0.5, tracked: [{ step: 0, loss: 1, lambda_max: 2, trace: null }, { step: 10, loss: 0.5, lambda_max: 3.9, trace: null }] }, { document }) as Element);
    expect(tracked).toContain('2/η = 4');
    expect(figuresFor({ command: 'train', tracked: [], history: [{ epoch: 1, train_loss: 1 }] } as never).map((f) => f.name)).toEqual(['training']);
  });

  it('golden SVGs of the experiment charts', () => {
    const history = (k: number) => [1, 2, 3].map((epoch) => ({ epoch, train_loss: 1 / (epoch * k), test_loss: 1.2 / (epoch * k) + 0.05 * k, train_accuracy: 0.6 + 0.1 * epoch, test_accuracy: 0.55 + 0.08 * epoch }));
    const runs = [1, 2, 3, 4, 5, 6].map((k) => ({ id: `sgd-lr${0.01 * k}-b${k % 2 ? 32 : 128}-s0`, optimizer: 'sgd', lr: 0.01 * k, batch_size: k % 2 ? 32 : 128, gap: 0.02 * k + (k === 3 ? 0.05 : 0), lambda_max: 10 / k, eps_sharpness: { '0.001': 2 / k }, history: history(k) }));
    const draw = (name: string, f: (document: Document) => unknown) => assertGolden(name, renderSvg((document) => f(document) as Element));
    draw('measure-scatter.svg', (document) => measureScatter({ runs }, { document, measure: 'eps_sharpness(0.001)' }));
    draw('run-curves.svg', (document) => runCurves({ runs: runs.slice(0, 3) }, { document }));
    const t = Array.from({ length: 13 }, (_, i) => -1 + 0.25 * i);
    const line = { t, loss: t.map((a) => 0.2 + 0.5 * a * a * (a - 1) * (a - 1) + 0.1 * a), test_loss: t.map((a) => 0.3 + 0.5 * a * a * (a - 1) * (a - 1) + 0.15 * a), accuracy: t.map((a) => 0.9 - 0.1 * Math.abs(a - 0.5)), loss_a: 0.2, loss_b: 0.3, barrier: 0.03125, barrier_t: 0.5 };
    draw('keskar-line.svg', (document) => keskarLine({ keskar: { small: runs[0].id, large: runs[1].id, interpolation: line }, runs }, { document }));
    const alphas = [0.1, 1, 10, 100].map((alpha) => ({ alpha, measures: [{ name: 'lambda_max', ratio: Math.max(alpha * alpha, 1 / (alpha * alpha)), invariant: alpha === 1 }, { name: 'adaptive_worst', ratio: 1, invariant: true }, { name: 'eps_sharpness(0.001)', ratio: Math.max(alpha, 1 / alpha) ** 1.2, invariant: alpha === 1 }] }));
    draw('sharpness-vs-alpha.svg', (document) => sharpnessVsAlpha({ alphas }, { document }));
    draw('reparam-curves.svg', (document) => reparamCurves({ x: t, curves_before: { raw: t.map((a) => 0.3 + 0.2 * a * a), filter: t.map((a) => 0.3 + a * a) }, alphas: [{ alpha: 10, curves: { raw: t.map((a) => 0.3 + 9 * a * a), filter: t.map((a) => 0.3 + a * a) } }] }, { document }));
    draw('tracked-sharpness.svg', (document) => trackedSharpness({ lr: 0.2, tracked: Array.from({ length: 21 }, (_, k) => ({ step: 25 * k, loss: 0.1 / (1 + k), lambda_max: Math.min(10 + 0.4 * Math.sin(k), 3 + k), trace: 40 + 3 * k })) }, { document }));
  });
});
