// `nnll serve` as a process: in the help, refuses bad flags with one line, serves jobs whose results
// equal what `nnll surface --json` prints, warns when it listens beyond this machine, and stops on
// Ctrl+C leaving a running job as `failed: interrupted`, resumable by the next server.
import { createInterface } from 'node:readline';
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { nnll, spawnNnll, tempDir } from './helpers.js';

interface Running {
  child: ChildProcess;
  url: string;
  stderr: string[];
}

/** `nnll serve --port 0 --json ARGS…`, once it prints its address. */
async function serve(args: string[]): Promise<Running> {
  const child = spawnNnll(['serve', '--port', '0', '--json', ...args]);
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (l) => stderr.push(l));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`nnll serve exited ${code}: ${stderr.join('\n')}`)));
  });
  const j = JSON.parse(line) as { command: string; url: string };
  expect(j.command).toBe('serve');
  return { child, url: j.url, stderr };
}

/** Ctrl+C; resolves with the exit status. */
function interrupt(r: Running): Promise<number | null> {
  return new Promise((resolve) => {
    r.child.once('exit', (code) => resolve(code));
    r.child.kill('SIGINT');
  });
}

const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function finished(url: string, id: string): Promise<Record<string, any>> {
  for (;;) {
    const job = await (await fetch(`${url}api/jobs/${id}`)).json();
    if (!['queued', 'running'].includes(job.status)) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('nnll serve', () => {
  it('is in nnll --help and has its own --help', () => {
    expect(nnll(['--help']).stdout).toMatch(/\n {2}serve {8}the web explorer/);
    const h = nnll(['serve', '--help']);
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/^nnll serve — the web explorer/);
    expect(h.stdout).toContain('--workspace DIR');
  });

  it.each([
    [['serve', '--port', 'abc'], 'nnll: invalid --port: "abc" (an integer in 0..65535)'],
    [['serve', '--jobs', '0'], 'nnll: invalid --jobs: "0" (an integer in 1..64)'],
    [['serve', '--max-upload', 'lots'], 'nnll: invalid --max-upload: "lots" (a size such as 256MB or 1GB)'],
    [['serve', '--workspace', '/no/such/folder'], 'nnll: --workspace /no/such/folder: no such folder'],
    [['serve', '--bogus'], "nnll: serve: Unknown option '--bogus'"],
  ])('%j exits 2 with one line', (args, line) => {
    const r = nnll(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(line + '\n');
  });

  it("serves jobs whose results are what nnll surface --json prints; a command line gives the same; Ctrl+C stops it", async () => {
    const dir = tempDir('nnll-serve-');
    const s = await serve(['--workspace', dir, '--jobs', '1']);
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const spec = { kind: 'surface', model: 'mlp:2-16-3:tanh', data: 'spirals', options: { x: '-1:1:11', y: '-1:1:11' } };
      const a = await (await fetch(`${s.url}api/jobs`, json(spec))).json();
      const b = await (await fetch(`${s.url}api/jobs`, json({ command: 'surface --model mlp:2-16-3:tanh --data spirals --x -1:1:11 --y -1:1:11' }))).json();
      const [ja, jb] = [await finished(s.url, a.id), await finished(s.url, b.id)];
      const cli = nnll(['surface', '--model', 'mlp:2-16-3:tanh', '--data', 'spirals', '--x', '-1:1:11', '--y', '-1:1:11', '--json', '--quiet'], {}, dir);
      expect(cli.status, cli.stderr).toBe(0);
      const expected = JSON.parse(cli.stdout);
      let worst = 0;
      for (const job of [ja, jb]) {
        expect(job.status).toBe('done');
        expect(job.result.x).toEqual(expected.x);
        for (const field of ['loss', 'accuracy'] as const) {
          (expected[field] as number[][]).forEach((row, i) => row.forEach((v, j) => {
            worst = Math.max(worst, Math.abs(job.result[field][i][j] - v) / Math.max(Math.abs(v), 1e-12));
          }));
        }
      }
      console.log(`nnll serve vs nnll surface --json (11×11 spirals): max relative difference ${worst.toExponential(2)}`);
      expect(worst).toBeLessThanOrEqual(1e-6);
    } finally {
      expect(await interrupt(s)).toBe(0);
    }
  });

  it('keeps a job running at Ctrl+C as failed: interrupted, resumable by the next server', async () => {
    const dir = tempDir('nnll-serve-');
    const first = await serve(['--workspace', dir, '--jobs', '1']);
    const { id } = await (await fetch(`${first.url}api/jobs`, json({ kind: 'surface', model: 'mlp:784-64-10:relu', data: 'mnist', options: { x: '-1:1:41', y: '-1:1:41' } }))).json();
    for (;;) {
      const job = await (await fetch(`${first.url}api/jobs/${id}`)).json();
      if ((job.progress?.done ?? 0) > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await interrupt(first)).toBe(0);
    expect(first.stderr).toContain('nnll serve: stopping: interrupting 1 running job (partial results kept)');
    const second = await serve(['--workspace', dir]);
    try {
      const job = await (await fetch(`${second.url}api/jobs/${id}`)).json();
      expect(job).toMatchObject({ status: 'failed', error: 'interrupted', complete: false, resumable: true });
      const r = await fetch(`${second.url}api/jobs/${id}/resume`, { method: 'POST' });
      expect(r.status).toBe(202);
      const resumed = (await r.json()).id as string;
      // it runs: cancel it rather than wait for all 1,681 points
      await fetch(`${second.url}api/jobs/${resumed}`, { method: 'DELETE' });
      const end = await finished(second.url, resumed);
      expect(end.status).toBe('cancelled');
      expect(end.result.points_done).toBeGreaterThanOrEqual(job.result.points_done);
    } finally {
      expect(await interrupt(second)).toBe(0);
    }
  });

  it('warns when it listens on every interface', async () => {
    const s = await serve(['--host', '0.0.0.0', '--workspace', tempDir('nnll-serve-')]);
    try {
      expect(s.stderr[0]).toBe('nnll serve: warning: --host 0.0.0.0 listens on every network interface: anyone who can reach it can run jobs and read and write files in the workspace');
      expect((await fetch(`${s.url}api/health`)).status).toBe(200);
    } finally {
      expect(await interrupt(s)).toBe(0);
    }
  });
});
