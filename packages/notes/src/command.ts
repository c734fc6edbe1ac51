/**
 * `notes build DIR --out SITE` and `notes serve DIR [--port N] [--host H]`. The one place where
 * errors become exit codes: 2 for bad usage or input (one line naming the flag or file), 1 for a bug.
 * `argv` excludes the word `notes`, so the `nnll` CLI can pass its remaining arguments straight in.
 */
import { parseArgs } from 'node:util';
import { buildSite } from './build-site.js';
import { NotesError } from './notes-error.js';
import { DEFAULT_NOTES_PORT, serveSite } from './serve/serve-site.js';
import { formatWarning } from './warning.js';

export interface CommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Resolves when serving should stop (default: SIGINT or SIGTERM). */
  stopSignal?: () => Promise<void>;
}

export const NOTES_HELP = `Usage: notes <command> DIR [options]

Render study posts (markdown and blog exports, with math and nnll figures) into a static site.

Commands:
  build DIR --out SITE   write the site for the posts under DIR to SITE (replaced atomically)
  serve DIR              build into a temporary folder, serve it and rebuild when DIR changes

Options:
  --out SITE             site folder (required for build; optional for serve)
  --title TEXT           site title (default: the blog export's title, else "Notes")
  --site-url URL         absolute URL the site is published at, for the Atom feed
  --port N               serve: port (default ${DEFAULT_NOTES_PORT}; 0 picks a free port)
  --host H               serve: interface (default 127.0.0.1)
  --base-path P          serve: URL prefix, e.g. /notes (default /)
  --json                 print the outcome as one JSON object on stdout (build: pages, tags,
                         warnings; serve: the address once it listens)
  --quiet                no warnings or progress on stderr
  -h, --help             show this help

Examples:
  notes build ./posts --out ./site
  notes serve ./posts --port 8788
`;

const defaultIO: CommandIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string' },
        title: { type: 'string' },
        'site-url': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'base-path': { type: 'string' },
        quiet: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new NotesError((error as Error).message.split('\n')[0].replace(/\. To specify a positional.*$/, ''));
  }
}

async function run(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parse(argv);
  const [command, dir, ...extra] = positionals;
  if (values.help || command === 'help' || command === undefined) {
    io.stdout(NOTES_HELP);
    return command === undefined && !values.help ? 2 : 0;
  }
  if (command !== 'build' && command !== 'serve') throw new NotesError(`unknown command ${JSON.stringify(command)} (expected build or serve; see notes --help)`);
  if (dir === undefined) throw new NotesError(`notes ${command} needs a posts folder: notes ${command} DIR${command === 'build' ? ' --out SITE' : ''}`);
  if (extra.length > 0) throw new NotesError(`unexpected argument ${JSON.stringify(extra[0])} after DIR`);
  const quiet = values.quiet ?? false;
  const onWarning = quiet ? undefined : (warning: Parameters<typeof formatWarning>[0]) => io.stderr(`${formatWarning(warning)}\n`);
  const shared = { title: values.title, siteUrl: values['site-url'], onWarning };
  if (command === 'build') {
    if (values.out === undefined) throw new NotesError('notes build needs --out SITE');
    for (const flag of ['port', 'host', 'base-path'] as const) {
      if (values[flag] !== undefined) throw new NotesError(`--${flag} only applies to notes serve`);
    }
    const result = await buildSite(dir, { ...shared, out: values.out });
    if (values.json) {
      io.stdout(JSON.stringify({ command: 'notes build', out: result.out, posts: result.posts.length, tags: result.tags.length, warnings: result.warnings.map(formatWarning) }, null, 2) + '\n');
      return 0;
    }
    io.stdout(`built ${result.posts.length} post${result.posts.length === 1 ? '' : 's'} and ${result.tags.length} tag page${result.tags.length === 1 ? '' : 's'} into ${result.out}` +
      (result.warnings.length ? ` (${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'})` : '') + '\n');
    return 0;
  }
  let port: number | undefined;
  if (values.port !== undefined) {
    if (!/^\d+$/.test(values.port) || Number(values.port) > 65535) throw new NotesError(`invalid --port ${JSON.stringify(values.port)} (0..65535)`);
    port = Number(values.port);
  }
  const server = await serveSite(dir, {
    ...shared,
    out: values.out,
    port,
    host: values.host,
    basePath: values['base-path'],
    onRebuild: (result) => {
      if (quiet) return;
      if (result instanceof Error) io.stderr(`notes: rebuild failed: ${result.message.split('\n')[0]}\n`);
      else io.stderr(`notes: rebuilt ${result.posts.length} posts\n`);
    },
  });
  io.stdout(values.json ? JSON.stringify({ command: 'notes serve', url: server.url, posts: server.build.posts.length }) + '\n' : `serving ${server.build.posts.length} posts at ${server.url} (Ctrl+C to stop)\n`);
  await (io.stopSignal ?? untilSignal)();
  await server.close();
  return 0;
}

/** Runs `notes ARGV…`; resolves to the exit status instead of exiting. */
export async function runNotesCommand(argv: string[], io: CommandIO = defaultIO): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof NotesError) {
      io.stderr(`notes: ${error.message}\n`);
      return 2;
    }
    const err = error as NodeJS.ErrnoException;
    if (err && typeof err.code === 'string' && typeof err.path === 'string') {
      io.stderr(`notes: ${err.code === 'EACCES' ? 'permission denied' : err.code}: ${err.path}\n`);
      return 2;
    }
    io.stderr(`notes: internal error: ${err?.message?.split('\n')[0] ?? String(error)}\n`);
    if (process.env.NNLL_DEBUG) io.stderr(`${err?.stack ?? ''}\n`);
    return 1;
  }
}
