// The nnll binary as a spawned process: results, exit statuses and one-line errors.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = fileURLToPath(new URL('../bin/nnll.js', import.meta.url));
const nnll = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('nnll', () => {
  it('prints its version and help', () => {
    const v = nnll('--version');
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
    const main = nnll('--help');
    expect(main.status).toBe(0);
    for (const name of ['info', 'eval', 'grad', 'hvp', 'hessian', 'surface', 'interpolate', 'train', 'demo', 'notes', 'serve']) expect(main.stdout).toContain(`  ${name} `);
  });

  it.each(['info', 'eval', 'grad', 'hvp', 'hessian', 'surface', 'interpolate', 'train', 'demo'])('%s --help shows usage, options and examples', (name) => {
    const h = nnll(name, '--help');
    expect(h.status).toBe(0);
    expect(h.stdout).toContain(`usage: nnll ${name}`);
    expect(h.stdout).toMatch(/options:\n(  --.*\n)+/);
    expect(h.stdout).toMatch(new RegExp(`examples:\\n(  nnll ${name}( .*)?\\n)+`));
    expect(h.stderr).toBe('');
  });

  it('negative numbers and ranges need no =', () => {
    const r = nnll('surface', '--model', 'mlp:2-4-3:tanh', '--data', 'spirals:n=30', '--x', '-0.5:0.5:3', '--json', '--quiet');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).x).toEqual([-0.5, 0, 0.5]);
  });

  it('demo writes the report folder: JSON, SVG and PNG figures, index.html; summary numbers consistent', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnll-cli-'));
    const out = join(dir, 'report');
    const r = nnll('demo', '--json', '--epochs', '1', '--grid', '5', '--top-k', '2', '--model', 'mlp:784-16-10:tanh', '--out', out, '--threads', '2');
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ schema: 'nnll/demo@1', command: 'demo', n: 8000, seed: 0, backend: { threads: 2 }, split: { train: 8000, test: 2000 }, complete: true });
    // each part is the result its own command gives
    expect([j.train.schema, j.pca_surface.schema, j.filter_surface.schema, j.hessian.schema, j.interpolation.schema]).toEqual(['nnll/train@1', 'nnll/surface@1', 'nnll/surface@1', 'nnll/hessian@1', 'nnll/interpolate@1']);
    expect(j.data.sha256).toMatch(/^[0-9a-f]{64}$/);
    // one epoch of SGD from the PyTorch-default init is well below ln 10 ≈ 2.30
    expect(j.train.final.train_loss).toBeLessThan(1.0);
    expect(j.train.final.test_accuracy).toBeGreaterThan(0.7);
    expect(j.filter_surface.loss).toHaveLength(5);
    // the surface centre (a = b = 0) is the trained model's loss (float32 regrouping: 1e-6)
    expect(Math.abs(j.filter_surface.loss[2][2] - j.train.final.train_loss) / j.train.final.train_loss).toBeLessThan(1e-6);
    expect(j.hessian.eigenvalues).toHaveLength(2);
    expect(j.hessian.eigenvalues[0]).toBeGreaterThanOrEqual(j.hessian.eigenvalues[1]);
    j.hessian.residuals.forEach((res: number, i: number) => expect(res).toBeLessThanOrEqual(1e-3 * Math.abs(j.hessian.eigenvalues[i])));
    expect(j.interpolation.loss_b).toBeCloseTo(j.train.final.train_loss, 5);
    const files = readdirSync(out).sort();
    for (const f of ['demo.json', 'index.html', 'pca-surface.png', 'pca-surface.svg', 'filter-surface.png', 'spectrum.svg', 'interpolation.png', 'training.svg']) expect(files).toContain(f);
    expect(JSON.parse(readFileSync(join(out, 'demo.json'), 'utf8')).hessian.eigenvalues).toEqual(j.hessian.eigenvalues);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('<svg');
    // a second run replaces its own folder; a foreign non-empty folder is refused
    expect(nnll('demo', '--quiet', '--epochs', '1', '--grid', '3', '--top-k', '1', '--model', 'mlp:784-8-10', '--out', out).status).toBe(0);
    const foreign = join(dir, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'keep.txt'), 'mine');
    const bad = nnll('demo', '--out', foreign);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--out .*foreign: not empty and not written by nnll demo/);
    expect(readFileSync(join(foreign, 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('notes build renders a post folder into a site', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnll-notes-'));
    const posts = join(dir, 'posts');
    mkdirSync(posts);
    writeFileSync(join(posts, 'flat.md'), '---\ntitle: Flat minima\ndate: 2024-03-01\ntags: [sharpness]\n---\n\nThe Hessian trace $\\operatorname{tr} H$ measures sharpness.\n');
    const r = nnll('notes', 'build', posts, '--out', join(dir, 'site'));
    expect(r.status, r.stderr).toBe(0);
    const index = readFileSync(join(dir, 'site', 'index.html'), 'utf8');
    expect(index).toContain('Flat minima');
    const bad = nnll('notes', 'build', join(dir, 'missing'), '--out', join(dir, 'site2'));
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    [['demo', '--bogus'], 'nnll: unknown flag --bogus for demo (see nnll demo --help)'],
    [['frobnicate'], 'nnll: unknown command: frobnicate (see nnll --help)'],
    [['demo', '--lr', 'fast'], 'nnll: invalid --lr: "fast" (expected a number)'],
    [['demo', '--epochs=-3'], 'nnll: invalid --epochs: -3 (expected an integer ≥ 1)'],
    [['demo', '--epochs', '0'], 'nnll: invalid --epochs: 0 (expected an integer ≥ 1)'],
    [['demo', '--model', '-x'], 'nnll: --model -x: no such file (nor a built-in spec such as mlp:784-256-10:relu)'],
    [['demo', '--out', 'demo.json'], 'nnll: --out demo.json: the demo writes a report folder (index.html, figures and demo.json); give a folder name'],
    [['demo', '--model', 'mlp:784-x-10'], 'nnll: --model: invalid layer widths in model spec: mlp:784-x-10'],
  ])('%j exits 2 with one line and no stack trace', (args, line) => {
    const r = nnll(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(line + '\n');
    expect(r.stdout).toBe('');
  });
});
