/** The command table: usage, examples and a lazy loader per command. */
import { parse, intFlag, type Options } from './args.js';
import { ExitStatus, UsageError } from './errors.js';
import { writeAtomic } from './output.js';

export interface Command {
  /** Takes its arguments unparsed (a command family with its own parser). */
  raw?: (argv: string[]) => Promise<number>;
  summary: string;
  usage: string;
  examples: string[];
  options: Options;
  help: string[];
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<void>;
}

const commonHelp = [
  '--json           print the result as one JSON object on stdout',
  '--out FILE       also write the JSON result to FILE (atomically)',
  '--seed N         random seed (default 0)',
  '--threads N      worker threads (default: all cores)',
  '--quiet          no progress on stderr',
];

function number(values: Record<string, unknown>, name: string, fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n)) throw new UsageError(`invalid --${name}: ${String(raw)} (expected a number)`);
  return n;
}

async function emit(values: Record<string, unknown>, result: unknown, text: string): Promise<void> {
  const json = JSON.stringify(result, null, 2) + '\n';
  if (typeof values.out === 'string') await writeAtomic(values.out, json);
  process.stdout.write(values.json ? json : text + '\n');
}

export const COMMANDS: Record<string, Command> = {
  notes: {
    summary: 'render study posts (markdown, math, figures) to a site: notes build DIR --out SITE, notes serve DIR',
    usage: 'nnll notes build DIR --out SITE | nnll notes serve DIR [--port 8788] [--host 127.0.0.1]',
    examples: ['nnll notes build ./posts --out ./site', 'nnll notes serve ./posts --port 8788'],
    options: {},
    help: [],
    raw: async (argv) => (await import('@nnll/notes')).runNotesCommand(argv),
    async run() {},
  },
  demo: {
    summary: 'train a small built-in MLP on the built-in mnist digits and report its loss, gradient norm and top Hessian eigenvalues',
    usage: 'nnll demo [--model mlp:784-64-10:relu] [--steps 30] [--lr 0.5] [--top-k 3] [--json] [--out FILE]',
    examples: ['nnll demo', 'nnll demo --model mlp:784-128-10:tanh --steps 50 --json', 'nnll demo --threads 1 --out demo.json'],
    options: { model: { type: 'string' }, steps: { type: 'string' }, lr: { type: 'string' }, 'top-k': { type: 'string' } },
    help: [
      '--model SPEC     built-in architecture (default mlp:784-64-10:relu)',
      '--steps N        full-batch gradient-descent steps first (default 30)',
      '--lr X           learning rate of those steps (default 0.5)',
      '--top-k K        Hessian eigenvalues to report (default 3)',
    ],
    async run(values, positionals) {
      if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0]}`);
      const { demo, summary } = await import('./commands/demo.js');
      const { SpecError } = await import('@nnll/landscape');
      const threads = values.threads === undefined ? undefined : intFlag(values, 'threads', 0, 1);
      try {
        const result = await demo({
          model: typeof values.model === 'string' ? values.model : 'mlp:784-64-10:relu',
          steps: intFlag(values, 'steps', 30),
          lr: number(values, 'lr', 0.5),
          topK: intFlag(values, 'top-k', 3, 1),
          seed: intFlag(values, 'seed', 0),
          threads,
          quiet: !!values.quiet,
        });
        await emit(values, result, summary(result));
      } catch (e) {
        if (e instanceof SpecError) throw new UsageError(`--model: ${e.message}`);
        throw e;
      }
    },
  },
};

export function commandHelp(name: string, c: Command): string {
  return [`nnll ${name} — ${c.summary}`, '', `usage: ${c.usage}`, '', 'options:', ...[...c.help, ...commonHelp].map((l) => `  ${l}`), '', 'examples:', ...c.examples.map((e) => `  ${e}`)].join('\n');
}

export function mainHelp(version: string): string {
  return [
    `nnll ${version} — loss landscapes of neural networks`,
    '',
    'usage: nnll <command> [options]        nnll <command> --help for its options',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(12)} ${c.summary}`),
    '',
    '  --version      print the version',
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
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) throw new UsageError(`unknown command: ${name} (see nnll --help)`);
  if (command.raw) {
    const code = await command.raw(rest);
    if (code !== 0) throw new ExitStatus(code);
    return;
  }
  const { values, positionals } = parse(rest, command.options);
  if (values.help) {
    process.stdout.write(commandHelp(name, command) + '\n');
    return;
  }
  await command.run(values, positionals);
}
