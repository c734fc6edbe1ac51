// The nnll binary as a spawned process: results, exit statuses and one-line errors.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = fileURLToPath(new URL('../bin/nnll.js', import.meta.url));
const nnll = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });

describe('nnll', () => {
  it('prints its version and help', () => {
    const v = nnll('--version');
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
    const main = nnll('--help');
    expect(main.status).toBe(0);
    for (const name of ['info', 'eval', 'grad', 'hvp', 'hessian', 'surface', 'interpolate', 'train', 'demo', 'notes']) expect(main.stdout).toContain(`  ${name} `);
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

  it('demo --json reports loss, accuracy, gradient norm and converged eigenvalues', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnll-cli-'));
    const out = join(dir, 'demo.json');
    const r = nnll('demo', '--json', '--steps', '5', '--top-k', '2', '--model', 'mlp:784-16-10:tanh', '--out', out, '--threads', '2');
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ command: 'demo', n: 10000, seed: 0, steps: 5, converged: true, threads: 2 });
    expect(j.data.sha256).toMatch(/^[0-9a-f]{64}$/);
    // 5 steps of gradient descent from the PyTorch-default init lower the loss from ≈ ln 10.
    expect(j.history[0].loss).toBeGreaterThan(2.0);
    expect(j.loss).toBeLessThan(j.history[0].loss);
    expect(j.grad_norm).toBeGreaterThan(0);
    expect(j.eigenvalues).toHaveLength(2);
    expect(j.eigenvalues[0]).toBeGreaterThanOrEqual(j.eigenvalues[1]);
    j.residuals.forEach((res: number, i: number) => expect(res).toBeLessThanOrEqual(1e-3 * Math.abs(j.eigenvalues[i])));
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(j);
    expect(readdirSync(dir)).toEqual(['demo.json']);
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
    [['demo', '--bogus'], 'nnll: unknown flag --bogus'],
    [['frobnicate'], 'nnll: unknown command: frobnicate (see nnll --help)'],
    [['demo', '--lr', 'fast'], 'nnll: invalid --lr: fast (expected a number)'],
    [['demo', '--steps=-3'], 'nnll: invalid --steps: -3 (expected an integer ≥ 0)'],
    [['demo', '--steps', '-3'], 'nnll: invalid --steps: -3 (expected an integer ≥ 0)'],
    [['demo', '--model', '-x'], "nnll: bad value for --model: write --model=VALUE for a value starting with '-'"],
    [['demo', '--model', 'mlp:784-x-10'], 'nnll: --model: invalid layer widths in model spec: mlp:784-x-10'],
  ])('%j exits 2 with one line and no stack trace', (args, line) => {
    const r = nnll(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(line + '\n');
    expect(r.stdout).toBe('');
  });
});
