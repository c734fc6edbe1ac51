// The READMEs tell the truth: every `nnll` command they show is run, in order, in a workspace that
// holds the files they name (model.onnx, data.npz, a.onnx, b.onnx, v.npz, …); a transcript's
// output (`$ nnll …` followed by what it printed) must match what the command prints now — words
// exactly, numbers to 3 significant digits, seconds and `…` lines skipped; the library examples run
// as scripts and must end by themselves.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, bin, tempDir } from './helpers.js';

interface Example {
  file: string;
  line: number;
  command: string[];
  /** What a transcript shows the command printing (null: not shown). */
  output: string[] | null;
}

/** Shell-like words (quotes group; a `#` word starts a comment). */
function words(text: string): string[] {
  const all = [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
  const comment = all.findIndex((w) => w.startsWith('#'));
  return comment < 0 ? all : all.slice(0, comment);
}

const NNLL = /^(?:\$ )?(?:nnll|pnpm nnll|node packages\/cli\/bin\/nnll\.js) (.*)$/;

/** `nnll` commands in the fenced blocks of a README, with the output shown after `$ nnll` lines. */
export function examples(file: string): Example[] {
  const lines = readFileSync(join(REPO_ROOT, file), 'utf8').split('\n');
  const out: Example[] = [];
  let fence: string | null = null;
  let shell = false;
  let current: Example | null = null;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const open = /^(`{3,})(\w*)\s*$/.exec(raw);
    if (fence === null) {
      if (open) {
        fence = open[1];
        shell = ['sh', 'bash', 'shell'].includes(open[2]);
      }
      continue;
    }
    if (raw.startsWith(fence) && raw.trim() === fence) {
      fence = null;
      current = null;
      continue;
    }
    let text = raw.trim();
    while (text.endsWith('\\') && i + 1 < lines.length) text = text.slice(0, -1) + ' ' + lines[++i].trim();
    const m = NNLL.exec(text);
    if (m && (shell || text.startsWith('$ '))) {
      const transcript = text.startsWith('$ ');
      current = { file, line: i + 1, command: words(m[1]), output: transcript ? [] : null };
      out.push(current);
    } else if (current?.output && text !== '' && !text.startsWith('$ ')) current.output.push(raw);
    else if (text.startsWith('$ ')) current = null;
  }
  return out;
}

/** Tokens of a line: numbers apart from the words around them. */
const tokens = (s: string) => s.trim().split(/(-?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?)/i).filter((t) => t !== '');
const isNumber = (t: string) => /^-?\d/.test(t);

/** Whether `got` reads as `shown`: same words, counts equal, measured numbers to 1e-3, durations (`N s`) free. */
function sameLine(shown: string, got: string): boolean {
  const a = tokens(shown), b = tokens(got);
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) {
    if (!isNumber(a[k]) || !isNumber(b[k])) {
      if (a[k].trim() !== b[k].trim()) return false;
      continue;
    }
    if (/^ s\b/.test(a[k + 1] ?? '')) continue; // a duration
    const x = Number(a[k].replace(/,/g, '')), y = Number(b[k].replace(/,/g, ''));
    // counts exactly; measured values to 1e-3 (threads and builds regroup float sums)
    const exact = !/[.e]/i.test(a[k]);
    if (!(x === y || (!exact && Math.abs(x - y) <= 1e-3 * Math.max(Math.abs(x), Math.abs(y))))) return false;
  }
  return true;
}

/** The shown lines in order within the actual output, `…` skipping any number of lines. */
export function matchesTranscript(shown: string[], got: string[]): string | null {
  let j = 0;
  for (let k = 0; k < shown.length; k++) {
    if (shown[k].trim() === '…') {
      const next = shown[k + 1];
      if (next === undefined) return null;
      while (j < got.length && !sameLine(next, got[j])) j++;
      continue;
    }
    if (j >= got.length) return `missing: ${shown[k]}`;
    if (!sameLine(shown[k], got[j])) return `expected: ${shown[k].trim()}\n     got: ${got[j].trim()}`;
    j++;
  }
  return null;
}

let made: string | undefined;

/** A workspace with the files the READMEs name (made once; the READMEs' commands add to it in order). */
function workspace(): string {
  if (made) return made;
  const dir = (made = tempDir('nnll-docs-'));
  linkPackages(dir);
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [bin, ...args, '--quiet'], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`nnll ${args.join(' ')}: ${r.stderr}`);
  };
  // model.onnx and data.npz: a small digits MLP and 512 of the digits it was trained on
  run('train', '--model', 'mlp:784-16-10:relu', '--data', 'mnist', '--optimizer', 'adam', '--lr', '0.003', '--batch-size', '128', '--epochs', '1', '--save', 'model.onnx');
  run('train', '--model', 'mlp:784-16-10:relu', '--data', 'mnist', '--optimizer', 'adam', '--lr', '0.003', '--batch-size', '128', '--epochs', '1', '--save', 'a.onnx');
  run('train', '--model', 'mlp:784-16-10:relu', '--data', 'mnist', '--optimizer', 'adam', '--lr', '0.003', '--batch-size', '128', '--epochs', '1', '--seed', '1', '--save', 'b.onnx');
  const script = `import { loadData, saveArrays } from '@nnll/landscape/node';\nimport { takeSamples } from '@nnll/landscape';\nconst d = takeSamples(await loadData('mnist'), Array.from({ length: 512 }, (_, i) => (i * 19) % 10000));\nawait saveArrays('data.npz', { x: { shape: [512, 784], data: d.x, dtype: 'float32' }, y: { shape: [512], data: d.labels, dtype: 'int32' } });\n`;
  runScript(script, dir);
  for (const f of ['v.npz', 'd1.npz', 'd2.npz']) run('grad', '--model', 'model.onnx', '--data', `blobs:d=784,k=10,n=${f === 'v.npz' ? 64 : f === 'd1.npz' ? 96 : 128}`, '--save', f);
  mkdirSync(join(dir, 'posts'));
  writeFileSync(join(dir, 'posts', 'flat.md'), '---\ntitle: Flat minima\ndate: 2024-03-01\n---\n\nThe trace $\\operatorname{tr} H$.\n');
  return dir;
}

/** Runs an ES module in the workspace, which resolves @nnll/* like a project that installed them. */
function runScript(source: string, cwd: string): { status: number | null; stdout: string; stderr: string } {
  const file = join(cwd, `example-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, source);
  try {
    const r = spawnSync(process.execPath, [file], { cwd, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    rmSync(file, { force: true });
  }
}

/** node_modules/@nnll/* in `dir`, linked to the packages of this checkout. */
function linkPackages(dir: string): void {
  mkdirSync(join(dir, 'node_modules', '@nnll'), { recursive: true });
  for (const p of ['core-wasm', 'landscape', 'cli', 'notes', 'web']) symlinkSync(join(REPO_ROOT, 'packages', p), join(dir, 'node_modules', '@nnll', p), 'dir');
}

const READMES = ['README.md', 'packages/cli/README.md', 'packages/notes/README.md', 'packages/landscape/README.md', 'packages/core-wasm/README.md', 'packages/web/README.md'];
const existing = READMES.filter((f) => { try { readFileSync(join(REPO_ROOT, f)); return true; } catch { return false; } });

describe('README examples', () => {
  it.each(existing)('%s: every nnll command runs and prints what is shown', (file) => {
    const dir = workspace();
    const found = examples(file);
    for (const ex of found) {
      const r = spawnSync(process.execPath, [bin, ...ex.command], { cwd: dir, encoding: 'utf8', env: { ...process.env, NNLL_PROGRESS: '0' } });
      const printed = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l !== '');
      const bad = ex.output?.some((l) => l.startsWith('nnll: ')) ?? false;
      expect(r.status, `${file}:${ex.line} nnll ${ex.command.join(' ')}\n${r.stderr}`).toBe(bad ? 2 : 0);
      if (ex.output && ex.output.length) {
        const problem = matchesTranscript(ex.output, printed);
        expect(problem, `${file}:${ex.line} nnll ${ex.command.join(' ')}\n${problem}`).toBeNull();
      }
    }
  });
});

/** The ```js / ```ts blocks of a README that import nnll's packages: whole programs. */
function scripts(file: string): { line: number; source: string }[] {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8');
  return [...text.matchAll(/^```(?:js|ts|javascript|typescript)\n([\s\S]*?)^```$/gm)]
    .filter((m) => /from '@nnll\//.test(m[1]))
    .map((m) => ({ line: text.slice(0, m.index).split('\n').length, source: m[1] }));
}

describe('the quick start', () => {
  it('runs the main job the README describes and prints what it shows', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const m = /```sh\n(npx -y pnpm@[\d.]+ install && npx -y pnpm@[\d.]+ demo)\s.*\n(npx -y pnpm@[\d.]+ install && npx -y pnpm@[\d.]+ test)\s.*\n```[\s\S]*?```\n([\s\S]*?)```/.exec(readme);
    expect(m, 'the quick start: two commands, then the output of demo').not.toBeNull();
    // `pnpm demo` is the build and then exactly this command; `pnpm test` is the suite this test is part of
    const scripts = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).scripts;
    expect(scripts.demo).toBe('turbo run build --output-logs=errors-only && node packages/cli/bin/nnll.js demo');
    expect(scripts.test).toMatch(/^turbo run .*\btest\b/);
    const dir = tempDir('nnll-quick-start-');
    const r = spawnSync(process.execPath, [bin, 'demo'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NNLL_PROGRESS: '0' } });
    expect(r.status, r.stderr).toBe(0);
    const problem = matchesTranscript(m![3].trimEnd().split('\n'), r.stdout.trimEnd().split('\n'));
    expect(problem).toBeNull();
    expect(readFileSync(join(dir, 'nnll-demo', 'index.html'), 'utf8')).toContain('<svg');
  });
});

describe('README library examples', () => {
  const withScripts = existing.filter((f) => scripts(f).length > 0);
  it.each(withScripts)('%s: every example program runs and ends by itself', (file) => {
    const dir = workspace();
    for (const { line, source } of scripts(file)) {
      const r = runScript(source, dir);
      expect(r.status, `${file}:${line}\n${r.stderr}`).toBe(0);
    }
  });
});

describe('the transcript matcher can fail', () => {
  it('tells numbers, words and skipped lines apart', () => {
    expect(matchesTranscript(['loss 0.0722633, accuracy 0.9867'], ['loss 0.0722701, accuracy 0.9867'])).toBeNull();
    expect(matchesTranscript(['loss 0.0722633, accuracy 0.9867'], ['loss 0.0822633, accuracy 0.9867'])).not.toBeNull();
    expect(matchesTranscript(['loss 0.07, accuracy 0.98'], ['loss 0.07, precision 0.98'])).not.toBeNull();
    expect(matchesTranscript(['a 1', '…', 'z 3'], ['a 1', 'b', 'c', 'z 3'])).toBeNull();
    expect(matchesTranscript(['done (400 steps, 0.1 s)'], ['done (400 steps, 2.5 s)'])).toBeNull();
    expect(matchesTranscript(['done (400 steps, 0.1 s)'], ['done (401 steps, 0.1 s)'])).not.toBeNull();
  });
});
