import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNotesCommand } from '../src/index.js';
import { postsDir, testDir } from './snapshot.js';

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'notes-cmd-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(argv: string[], stopSignal?: () => Promise<void>) {
  let stdout = '';
  let stderr = '';
  const status = await runNotesCommand(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stopSignal });
  return { status, stdout, stderr };
}

function oneLine(text: string) {
  expect(text.endsWith('\n')).toBe(true);
  expect(text.trimEnd().split('\n')).toHaveLength(1);
  expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack trace
}

describe('notes command', () => {
  it('--help prints usage with examples', async () => {
    const { status, stdout } = await run(['--help']);
    expect(status).toBe(0);
    expect(stdout).toContain('build DIR --out SITE');
    expect(stdout).toContain('notes build ./posts --out ./site');
    expect(stdout).toContain('notes serve ./posts --port 8788');
    expect((await run([])).status).toBe(2);
  });

  it.each([
    [['build'], 'notes: notes build needs a posts folder: notes build DIR --out SITE'],
    [['build', 'posts'], 'notes: notes build needs --out SITE'],
    [['build', 'posts', '--out', 'x', '--bogus'], "notes: Unknown option '--bogus'"],
    [['build', 'posts', '--out'], "notes: Option '--out <value>' argument missing"],
    [['build', 'posts', 'extra', '--out', 'x'], 'notes: unexpected argument "extra" after DIR'],
    [['build', 'posts', '--out', 'x', '--port', '1'], 'notes: --port only applies to notes serve'],
    [['frobnicate', 'posts'], 'notes: unknown command "frobnicate" (expected build or serve; see notes --help)'],
    [['serve', 'posts', '--port', 'abc'], 'notes: invalid --port "abc" (0..65535)'],
    [['serve', 'posts', '--port', '70000'], 'notes: invalid --port "70000" (0..65535)'],
  ])('%j → status 2 and one line', async (argv, message) => {
    const { status, stderr } = await run(argv);
    expect(status).toBe(2);
    oneLine(stderr);
    expect(stderr.trimEnd()).toBe(message);
  });

  it('names a missing posts folder', async () => {
    const { status, stderr } = await run(['build', path.join(work, 'missing'), '--out', path.join(work, 'o')]);
    expect(status).toBe(2);
    oneLine(stderr);
    expect(stderr).toContain(`posts folder not found: "${path.join(work, 'missing')}"`);
  });

  it('refuses to replace a folder it did not write', async () => {
    const foreign = path.join(work, 'foreign');
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, 'keep.txt'), 'mine');
    const { status, stderr } = await run(['build', postsDir, '--out', foreign]);
    expect(status).toBe(2);
    oneLine(stderr);
    expect(stderr).toContain('is a non-empty folder that is not a notes site');
    expect(readFileSync(path.join(foreign, 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('builds, printing warnings on stderr and a summary on stdout', async () => {
    const out = path.join(work, 'site');
    const { status, stdout, stderr } = await run(['build', postsDir, '--out', out, '--title', 'Lab notes']);
    expect(status).toBe(0);
    expect(stdout).toBe(`built 4 posts and 4 tag pages into ${out} (2 warnings)\n`);
    expect(stderr.trimEnd().split('\n')).toEqual([
      'warning: mode-connectivity.md (Mode connectivity): figure `surface --model ./models/digits.onnx --data mnist --x -1:1:21 --y -1:1:21` failed: --model ./models/digits.onnx: no such file',
      'warning: mode-connectivity.md (Mode connectivity): image ./figures/missing.png not found',
    ]);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('<title>Lab notes</title>');
    expect((await run(['build', postsDir, '--out', out, '--quiet'])).stderr).toBe('');
  });

  it('build --json prints the outcome as one JSON object and nothing else on stdout', async () => {
    const out = path.join(work, 'site-json');
    const { status, stdout } = await run(['build', postsDir, '--out', out, '--json', '--quiet']);
    expect(status).toBe(0);
    const r = JSON.parse(stdout);
    expect(r).toMatchObject({ command: 'notes build', out, posts: 4, tags: 4 });
    expect(r.warnings).toHaveLength(2);
    expect(r.warnings[1]).toBe('warning: mode-connectivity.md (Mode connectivity): image ./figures/missing.png not found');
  });

  it('serves until stopped', async () => {
    let stdout = '';
    let page = '';
    const status = await runNotesCommand(['serve', postsDir, '--port', '0', '--quiet', '--base-path', '/notes'], {
      stdout: (t) => (stdout += t),
      stderr: () => undefined,
      // called once the server listens and the address is printed: fetch a page, then stop
      stopSignal: async () => {
        const url = /at (\S+) /.exec(stdout)![1];
        page = await (await fetch(url)).text();
      },
    });
    expect(status).toBe(0);
    expect(stdout).toMatch(/^serving 4 posts at http:\/\/127\.0\.0\.1:\d+\/notes\/ \(Ctrl\+C to stop\)\n$/);
    expect(page).toContain('Basin geometry and filter normalization');
    expect(page).toContain('<script src="/notes/__notes/live.js"');
  });
});

describe('bin/nnll-notes.js (built)', () => {
  const bin = path.join(testDir, '..', 'bin', 'nnll-notes.js');

  it('exits 2 with one line for bad input', () => {
    const child = spawnSync(process.execPath, [bin, 'build', path.join(work, 'nope'), '--out', path.join(work, 'o2')], { encoding: 'utf8' });
    expect(child.status).toBe(2);
    oneLine(child.stderr);
    expect(child.stderr).toMatch(/^notes: posts folder not found: /);
  });

  it('builds a site', () => {
    const out = path.join(work, 'bin-site');
    const child = spawnSync(process.execPath, [bin, 'build', postsDir, '--out', out, '--quiet'], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(readFileSync(path.join(out, 'feed.xml'), 'utf8')).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
  });
});
