/**
 * `nnll serve [--port 8787] [--host 127.0.0.1] [--workspace DIR] [--jobs N] …`: starts the explorer
 * and runs until Ctrl+C or SIGTERM, which interrupt running jobs (their partial results are kept
 * and resumable) before the server stops. Bad usage throws an NnllInputError (exit status 2).
 */
import { parseArgs } from 'node:util';
import { NnllInputError } from '@nnll/landscape';
import { DEFAULT_PORT, isWildcard, startServer } from './server.js';
import { DEFAULT_MAX_UPLOAD } from './explorer.js';

export const SERVE_HELP = `nnll serve — the web explorer: run jobs and see their figures in a browser

usage: nnll serve [--port ${DEFAULT_PORT}] [--host 127.0.0.1] [--workspace DIR] [--jobs N] [--max-queued N] [--threads N] [--max-upload SIZE] [--json] [--quiet]

options:
  --port N          port (default ${DEFAULT_PORT}; 0 picks a free port)
  --host H          interface to listen on (default 127.0.0.1; 0.0.0.0 lets other machines in, with a warning)
  --workspace DIR   the folder jobs read models and data from and write to (default: the current folder);
                    the job history is kept in DIR/.nnll/jobs/
  --jobs N          jobs running at once (default 2)
  --max-queued N    jobs waiting for a free runner before new ones are refused (default 16)
  --threads N       kernel threads per job (default: the cores shared among the running jobs)
  --max-upload SIZE largest upload, e.g. 256MB, 1GB (default 256MB)
  --json            print {command, url, workspace, jobs} as one JSON line once the server listens
  --quiet           no messages on stderr

Open the printed address in a browser. Ctrl+C stops the server; running jobs are kept as interrupted,
with their partial results, and can be resumed from the page.`;

export interface ServeIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Resolves when the server should stop (default: SIGINT or SIGTERM). */
  stopSignal?: () => Promise<void>;
}

const defaultIO: ServeIO = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      // a second Ctrl+C while jobs are being interrupted leaves at once
      process.once('SIGINT', () => process.exit(130));
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function count(flag: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new NnllInputError(`invalid --${flag}: ${JSON.stringify(v)} (an integer in ${min}..${max})`);
  return Number(v);
}

/** `256MB`, `1GB`, `1048576` → bytes. */
export function parseSize(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(v.trim());
  const bytes = m ? Math.round(Number(m[1]) * 1024 ** ' kmg'.indexOf(m[2].toLowerCase() || ' ')) : NaN;
  if (!(bytes >= 1)) throw new NnllInputError(`invalid --${flag}: ${JSON.stringify(v)} (a size such as 256MB or 1GB)`);
  return bytes;
}

/** Runs `serve ARGV…` (without the word `serve`) until stopped; resolves to the exit status. */
export async function runServeCommand(argv: string[], io: ServeIO = defaultIO): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        workspace: { type: 'string' },
        jobs: { type: 'string' },
        'max-queued': { type: 'string' },
        threads: { type: 'string' },
        'max-upload': { type: 'string' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new NnllInputError(`serve: ${(e as Error).message.split('\n')[0].replace(/\. To specify a positional.*$/, '')}`);
  }
  if (values.help) {
    io.stdout(`${SERVE_HELP}\n`);
    return 0;
  }
  const host = values.host ?? '127.0.0.1';
  const quiet = values.quiet === true;
  const warn = (m: string) => {
    if (!quiet) io.stderr(`nnll serve: ${m}\n`);
  };
  const loopback = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host) || /^127\./.test(host);
  if (!loopback) {
    warn(`warning: --host ${host} ${isWildcard(host) ? 'listens on every network interface' : 'is reachable from other machines'}: anyone who can reach it can run jobs and read and write files in the workspace`);
  }
  const jobs = count('jobs', values.jobs, 1, 64);
  const server = await startServer({
    port: count('port', values.port, 0, 65535),
    host,
    workspace: values.workspace,
    jobs,
    maxQueued: count('max-queued', values['max-queued'], 0, 10_000),
    threads: count('threads', values.threads, 1, 256),
    maxUpload: parseSize('max-upload', values['max-upload']) ?? DEFAULT_MAX_UPLOAD,
    onWarning: warn,
  });
  const workspace = server.explorer.workspace.root;
  if (values.json) io.stdout(JSON.stringify({ command: 'serve', url: server.url, workspace, jobs: jobs ?? 2 }) + '\n');
  else io.stdout(`nnll explorer at ${server.url} (workspace ${workspace}) — Ctrl+C to stop\n`);
  await (io.stopSignal ?? untilSignal)();
  const running = server.explorer.jobs.running;
  if (running > 0) warn(`stopping: interrupting ${running} running job${running === 1 ? '' : 's'} (partial results kept)`);
  await server.close();
  return 0;
}
