/**
 * The body of `POST /api/jobs`: a job spec (validated by the job layer's schema: defaults filled in,
 * one line naming the field) or `{"command": "surface --model m.onnx …"}`, a command line without
 * the leading `nnll`, parsed by the kind's flag table as the CLI parses it. Its paths are then
 * checked against the workspace before the job is queued.
 */
import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { validator } from 'hono/validator';
import { JobSpecError, parseCommandLine, parseSpec, type JobSpec } from '@nnll/landscape';
import { checkSpecPaths, type FieldNames } from '../workspace/paths.js';

/** Shell-like words: whitespace separates, '…' and "…" group, a backslash escapes the next character. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let has = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line[++i];
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || word) words.push(word);
      word = '';
      has = false;
    } else word += ch;
  }
  if (quote) throw new JobSpecError(`invalid command: unmatched ${quote}`);
  if (has || word) words.push(word);
  return words;
}

/** A request body as a validated spec, and how its fields are named in messages. */
export function parseJobRequest(body: unknown): { spec: JobSpec; names: FieldNames } {
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && 'command' in body) {
    const { command, ...rest } = body as { command: unknown };
    if (typeof command !== 'string') throw new JobSpecError(`invalid command: ${JSON.stringify(command)?.slice(0, 60)} (a command line such as "surface --model m.onnx --data d.npz")`);
    if (Object.keys(rest).length > 0) throw new JobSpecError(`unknown field ${Object.keys(rest)[0]} beside command (send a spec or a command, not both)`);
    if (command.length > 10_000) throw new JobSpecError('invalid command: longer than 10,000 characters');
    const words = splitWords(command);
    if (words[0] === 'nnll') words.shift();
    const parsed = parseCommandLine(words);
    if (!parsed.spec) throw new JobSpecError(`invalid command: --help is not a job (see GET /api/kinds or nnll ${parsed.kind.command} --help)`);
    return { spec: parsed.spec, names: 'flags' };
  }
  return { spec: parseSpec(body), names: 'json' };
}

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/** Hono's validator over `parseJobRequest` and the workspace check; `c.req.valid('json')` is the spec. */
export function jobRequest(root: string): MiddlewareHandler<never, string, { in: { json: unknown }; out: { json: JobSpec } }> {
  return validator('json', async (body, c) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0].trim();
    if (!JSON_TYPE.test(type)) throw new HTTPException(415, { message: `expected Content-Type: application/json, got ${type ? JSON.stringify(type) : 'none'}` });
    const { spec, names } = parseJobRequest(body);
    await checkSpecPaths(spec, root, names);
    return spec;
  });
}
