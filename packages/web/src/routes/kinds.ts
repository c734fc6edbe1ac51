/**
 * `GET /api/kinds`: every job kind the server runs — its command, summary, inputs, options (type,
 * help, default, choices: what a form needs), whether it resumes and draws figures, and its
 * `--help` — from the job registry, so a kind added to the library appears here unchanged.
 */
import { Hono } from 'hono';
import { commandHelp, FIGURE_COMMANDS, jobKinds } from '@nnll/landscape';

export function kindsRoute(): Hono {
  const kinds = jobKinds().map((k) => ({
    kind: k.kind,
    command: k.command,
    summary: k.summary,
    inputs: k.inputs,
    options: Object.fromEntries(Object.entries(k.options).map(([key, o]) => [key, o.meta])),
    resumable: Boolean(k.resumable),
    figures: FIGURE_COMMANDS.includes(k.command),
    schema: k.schemaId,
    help: commandHelp(k),
  }));
  return new Hono().get('/', (c) => c.json({ kinds }));
}
