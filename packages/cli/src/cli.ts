/**
 * The command table: every job kind of @nnll/landscape is a command (its flags, help and examples
 * come from the kind), plus the commands that are not jobs (`notes`). Lazy imports keep start-up
 * small.
 */
import { commandHelp, jobKinds, kindForCommand } from '@nnll/landscape';
import { ExitStatus, UsageError } from './errors.js';
import { CLI_FLAGS } from './host-flags.js';

export interface OtherCommand {
  summary: string;
  examples: string[];
  run(argv: string[]): Promise<number>;
}

/** Commands that are not job kinds. */
export const OTHER_COMMANDS: Record<string, OtherCommand> = {
  notes: {
    summary: 'render study posts (markdown, math, figures) to a site: notes build DIR --out SITE, notes serve DIR',
    examples: ['nnll notes build ./posts --out ./site', 'nnll notes serve ./posts --port 8788'],
    run: async (argv) => (await import('@nnll/notes')).runNotesCommand(argv),
  },
  serve: {
    summary: 'the web explorer: run jobs and see their figures in a browser (serve --port 8787 --workspace DIR)',
    examples: ['nnll serve', 'nnll serve --workspace ./runs --port 8080 --jobs 1'],
    run: async (argv) => (await import('@nnll/web')).runServeCommand(argv),
  },
};

export function mainHelp(version: string): string {
  const rows = [...jobKinds().map((k) => [k.command, k.summary]), ...Object.entries(OTHER_COMMANDS).map(([n, c]) => [n, c.summary])];
  return [
    `nnll ${version} — loss landscapes of neural networks`,
    '',
    'usage: nnll <command> [options]        nnll <command> --help for its options',
    '',
    'commands:',
    ...rows.map(([n, s]) => `  ${n.padEnd(12)} ${s}`),
    '',
    '  --version      print the version',
    '',
    'examples:',
    '  nnll info --model model.onnx',
    '  nnll eval --model model.onnx --data data.npz --json',
    '  nnll surface --model model.onnx --data data.npz --x -1:1:51 --y -1:1:51 --out surface.json',
  ].join('\n');
}

export async function dispatch(argv: string[], version: string): Promise<void> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(mainHelp(version) + '\n');
    return;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(version + '\n');
    return;
  }
  if (Object.hasOwn(OTHER_COMMANDS, name)) {
    const code = await OTHER_COMMANDS[name].run(rest);
    if (code !== 0) throw new ExitStatus(code);
    return;
  }
  const kind = kindForCommand(name);
  if (!kind) throw new UsageError(`unknown command: ${name} (see nnll --help)`);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(commandHelp(kind, CLI_FLAGS) + '\n');
    return;
  }
  const { runJobCommand } = await import('./job-command.js');
  await runJobCommand(argv);
}
