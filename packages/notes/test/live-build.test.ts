/** Command blocks computed at build time by the default `computeFigure` (@nnll/landscape), cached by content. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, runNotesCommand } from '../src/index.js';
import { createLiveCompute } from '../src/live/compute.js';
import { parseLiveBlock } from '../src/live/compute.js';
import { cachedResults, DATA, HESSIAN_BLOCK, INTERPOLATE_BLOCK, SPEC, SURFACE_BLOCK, writeLivePosts } from './live-fixture.js';

let work: string;
let posts: string;
beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'notes-live-build-'));
  posts = path.join(work, 'posts');
  writeLivePosts(posts);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const figures = (html: string) => [...html.matchAll(/<figure class="nnll-figure[^"]*"[^>]*>/g)].map((m) => m[0]);

describe('command blocks at build time', () => {
  it('computes surface, interpolate and hessian blocks without a hook and draws them as SVG', async () => {
    const out = path.join(work, 'site');
    const result = await buildSite(posts, { out });
    expect(result.warnings).toEqual([]);
    const html = readFileSync(path.join(out, 'posts', 'small-landscapes', 'index.html'), 'utf8');
    expect(html).not.toContain('nnll-figure--pending');
    expect(html).not.toContain('nnll-figure--error');
    const tags = figures(html);
    expect(tags.map((t) => /data-nnll-command="(\w+)"/.exec(t)?.[1])).toEqual(['surface', 'interpolate', 'hessian']);
    for (const tag of tags) expect(tag).toContain('data-nnll-block="command"');
    // what the served page needs to recompute: the block's words and the post's folder
    expect(tags[0]).toContain('data-nnll-dir="notes"');
    expect(tags[0]).toContain('data-nnll-args="[&#x22;surface&#x22;,&#x22;--model&#x22;,&#x22;mlp:2-8-3:tanh&#x22;');
    const surfaceFigure = html.slice(html.indexOf(tags[0]), html.indexOf(tags[1]));
    expect((surfaceFigure.match(/<path/g) ?? []).length).toBeGreaterThan(5); // filled contours
    expect(surfaceFigure).toContain('aria-label="contour"');
    expect(surfaceFigure).toContain('<strong>Small MLP</strong>');
    expect(html).toContain('Loss along the straight path between two models (9 points)');
    expect(html).toContain('Hessian eigenvalue density with the top 3 eigenvalues marked.');

    const cached = cachedResults(path.join(out, '.cache'));
    const surface = cached.surface as { x: number[]; y: number[]; loss: number[][]; accuracy: number[][]; model: { path: string }; data: { path: string }; n: number; seed: number };
    expect(surface.x).toHaveLength(11);
    expect(surface.y).toHaveLength(11);
    expect(surface.loss).toHaveLength(11);
    for (const row of surface.loss) {
      expect(row).toHaveLength(11);
      for (const v of row) expect(v).toBeGreaterThan(0);
    }
    expect(surface.accuracy[5][5]).toBeGreaterThanOrEqual(0);
    expect(surface).toMatchObject({ command: 'surface', model: { path: SPEC }, data: { path: DATA }, n: 200, seed: 0 });
    const interpolate = cached.interpolate as { t: number[]; loss: number[]; barrier: number; model: { path: string }; to: { path: string } };
    expect(interpolate.t).toHaveLength(9);
    expect(interpolate.model.path).toBe('../models/a.onnx');
    expect(interpolate.to.path).toBe('../models/b.onnx');
    expect(Number.isFinite(interpolate.barrier)).toBe(true);
    // t = 0 and t = 1 are models A and B: the endpoints of the path are their losses
    expect(interpolate.loss[2]).toBeCloseTo((cached.interpolate as { loss_a: number }).loss_a, 6);
    expect(interpolate.loss[6]).toBeCloseTo((cached.interpolate as { loss_b: number }).loss_b, 6);
    const hessian = cached.hessian as { eigenvalues: number[]; density: { x: number[]; y: number[] }; hvp_count: number; method: string };
    expect(hessian.eigenvalues).toHaveLength(3);
    expect(hessian.eigenvalues[0]).toBeGreaterThanOrEqual(hessian.eigenvalues[1]);
    expect(hessian.density.x.length).toBe(hessian.density.y.length);
    expect(hessian.method).toBe('lanczos+slq');
    expect(hessian.hvp_count).toBeGreaterThan(0);
  });

  it('a rebuild takes every figure from the cache and computes nothing', async () => {
    const out = path.join(work, 'site-counted');
    const computed: string[] = [];
    const computeFigure = createLiveCompute({ onCompute: (request) => computed.push(request.command) });
    await buildSite(posts, { out, computeFigure });
    expect(computed.sort()).toEqual(['hessian', 'interpolate', 'surface']);
    const first = readFileSync(path.join(out, 'posts', 'small-landscapes', 'index.html'), 'utf8');

    computed.length = 0;
    const again = await buildSite(posts, { out, computeFigure });
    expect(computed).toEqual([]);
    expect(again.warnings).toEqual([]);
    expect(readFileSync(path.join(out, 'posts', 'small-landscapes', 'index.html'), 'utf8')).toBe(first);

    // a changed block is a new cache key: only that figure is computed
    const file = path.join(posts, 'notes', 'small.md');
    const source = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, source.replace('--x -1:1:11 --y -1:1:11', '--x -1:1:9 --y -1:1:9'));
      await buildSite(posts, { out, computeFigure });
      expect(computed).toEqual(['surface']);
    } finally {
      writeFileSync(file, source);
    }
  });
});

it('a hook that gives no result leaves a labelled placeholder', async () => {
  const out = path.join(work, 'site-placeholder');
  const result = await buildSite(posts, { out, computeFigure: async () => undefined });
  expect(result.warnings.map((w) => w.message)).toEqual(Array(3).fill('live figure was not computed (computeFigure gave no result); showing the command'));
  const html = readFileSync(path.join(out, 'posts', 'small-landscapes', 'index.html'), 'utf8');
  expect((html.match(/nnll-figure--pending/g) ?? []).length).toBe(3);
  expect(html).toContain(`<code>nnll ${SURFACE_BLOCK} --title Small MLP</code>`);
});

describe('command blocks that cannot be computed', () => {
  let dir: string;
  let outside: string;
  beforeAll(() => {
    dir = path.join(work, 'broken');
    outside = path.join(work, 'outside');
    mkdirSync(path.join(dir, 'models'), { recursive: true });
    mkdirSync(outside, { recursive: true });
    writeFileSync(path.join(outside, 'm.onnx'), 'not a model');
    symlinkSync(path.join(outside, 'm.onnx'), path.join(dir, 'models', 'linked.onnx'));
    writeFileSync(path.join(dir, 'models', 'garbage.onnx'), 'not a model');
    const blocks = [
      `surface --model ./models/digits.onnx --data ${DATA} --x -1:1:5`,
      `surface --model ${SPEC} --data ${DATA} --x -1:1:5 --bogus 3`,
      `surface --model ${SPEC} --data ${DATA} --x 1:-1:5`,
      `surface --model ../outside/m.onnx --data ${DATA}`,
      `surface --model ./models/linked.onnx --data ${DATA}`,
      `surface --model ./models/garbage.onnx --data ${DATA} --x -1:1:3`,
      `surface --model mlp:2-8-3:tanh --data nosuchset --x -1:1:3`,
      `surface --model mlp:4-8-3:tanh --data ${DATA} --x -1:1:3`,
      `eval --model ${SPEC} --data ${DATA}`,
    ];
    writeFileSync(path.join(dir, 'broken.md'), ['# Broken figures', '', ...blocks.flatMap((b) => ['```nnll', b, '```', ''])].join('\n'));
  });

  it('warn naming the post and the problem, show an error box, and cache nothing', async () => {
    const out = path.join(work, 'broken-site');
    const result = await buildSite(dir, { out });
    const messages = result.warnings.map((w) => {
      expect(w).toMatchObject({ file: 'broken.md', post: 'Broken figures' });
      return w.message;
    });
    expect(messages).toHaveLength(9);
    expect(messages[0]).toBe(`figure \`surface --model ./models/digits.onnx --data ${DATA} --x -1:1:5\` failed: --model ./models/digits.onnx: no such file`);
    expect(messages[1]).toContain('failed: unknown flag --bogus for surface (see nnll surface --help)');
    expect(messages[2]).toContain('failed: invalid --x: "1:-1:5" (expected min:max:num with min < max and num ≥ 1, e.g. -1:1:51)');
    expect(messages[3]).toContain('failed: --model ../outside/m.onnx: outside the posts folder');
    expect(messages[4]).toContain('failed: --model ./models/linked.onnx: outside the posts folder');
    expect(messages[5]).toMatch(/failed: .*garbage\.onnx/);
    expect(messages[6]).toContain('failed: --data nosuchset: no such data file or folder (expected a .npz, .safetensors or .csv file, an MNIST-style IDX folder, or one of mnist, spirals, moons, blobs, teacher)');
    expect(messages[7]).toContain('failed: --data spirals:n=200: data shape [2] does not match the input [4] of mlp:4-8-3:tanh');
    expect(messages[8]).toContain('failed: command "eval" cannot be drawn as a live figure (expected surface, interpolate, hessian, train, reparam, study, or result PATH)');
    const html = readFileSync(path.join(out, 'posts', 'broken-figures', 'index.html'), 'utf8');
    expect((html.match(/<figure class="nnll-figure nnll-figure--error" data-nnll-block="error">/g) ?? []).length).toBe(9);
    expect(html).toContain('Figure could not be drawn: figure `surface --model ./models/digits.onnx');
    expect(html).not.toContain('data-nnll-args');
    expect(() => cachedResults(path.join(out, '.cache'))).toThrow(); // no figures folder: nothing cached
  });

  it('the notes command prints them as warnings and still builds', async () => {
    let stderr = '';
    const status = await runNotesCommand(['build', dir, '--out', path.join(work, 'broken-cli')], { stdout: () => {}, stderr: (t) => (stderr += t) });
    expect(status).toBe(0);
    expect(stderr).toContain(`warning: broken.md (Broken figures): figure \`surface --model ./models/digits.onnx --data ${DATA} --x -1:1:5\` failed: --model ./models/digits.onnx: no such file\n`);
  });
});

describe('parseLiveBlock', () => {
  it('reads the contract flags with the CLI defaults (the job layer parses the block)', () => {
    const [surface, interpolate, hessian] = [SURFACE_BLOCK, INTERPOLATE_BLOCK, HESSIAN_BLOCK].map((b) => {
      const [command, ...args] = b.split(' ');
      return parseLiveBlock(command, args);
    });
    expect(surface).toEqual({ kind: 'surface', model: SPEC, data: DATA, seed: 0, options: { x: '-1:1:11', y: '-1:1:11', norm: 'filter', ignore: 'biasbn' } });
    expect(interpolate).toMatchObject({ kind: 'interpolate', options: { to: '../models/b.onnx', t: '-0.5:1.5:9' } });
    expect(hessian).toMatchObject({ kind: 'hessian', options: { top_k: 3, density: true, min: false, max_iter: 100, tol: 1e-4 } });
    expect(parseLiveBlock('surface', ['--model=m.onnx', '--data', 'moons', '--norm', 'none', '--seed', '3', '--json'])).toMatchObject({ model: 'm.onnx', seed: 3, options: { norm: 'none', ignore: 'none' } });
    expect(parseLiveBlock('surface', ['--model', 'm.onnx', '--data', 'moons']).options).not.toHaveProperty('y');
  });

  it('names the flag that is wrong', () => {
    expect(() => parseLiveBlock('surface', ['--data', 'moons'])).toThrow(/^missing --model M \(/);
    expect(() => parseLiveBlock('surface', ['--model', 'm.onnx', '--data'])).toThrow('--data needs a value (D)');
    expect(() => parseLiveBlock('surface', ['--model', 'm.onnx', '--data', 'moons', '--norm', 'odd'])).toThrow('invalid --norm: "odd" (none, filter, layer, weight, dfilter, dlayer)');
    expect(() => parseLiveBlock('hessian', ['--model', 'm.onnx', '--data', 'moons', '--top-k', '0'])).toThrow('invalid --top-k: 0 (expected an integer ≥ 1)');
    expect(() => parseLiveBlock('interpolate', ['--model', 'm.onnx', '--data', 'moons'])).toThrow(/^missing --to B \(/);
    expect(() => parseLiveBlock('surface', ['--model', 'm.onnx', '--model', 'n.onnx', '--data', 'moons'])).toThrow('--model given twice');
    expect(() => parseLiveBlock('surface', ['m.onnx'])).toThrow('unexpected argument: m.onnx');
    expect(() => parseLiveBlock('eval', ['--model', 'm.onnx', '--data', 'moons'])).toThrow('command "eval" cannot be drawn as a live figure');
  });
});
