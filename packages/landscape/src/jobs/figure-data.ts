/**
 * Result JSON as figures read it (notes `result PATH` blocks, files dropped into the explorer): a
 * result carrying a `schema` id is checked against its kind's full result schema; a hand-written or
 * trimmed result (no `schema`) against the few fields its chart draws. Either way with the one
 * schema library and one-line messages naming the field.
 */
import { z } from 'zod';
import { NnllInputError } from '../errors.js';
import { jobKinds } from './registry.js';
import { describeIssue } from './spec-error.js';
import { FIGURE_COMMANDS } from './outputs.js';

export class FigureDataError extends NnllInputError {
  override name = 'FigureDataError';
}

const value = z.number().nullable();
const axis = z.array(z.number()).min(1);

const charts = {
  surface: z.looseObject({ command: z.literal('surface'), x: axis, y: axis.optional(), loss: z.union([z.array(z.array(value)), z.array(value)]) }).superRefine((r, ctx) => {
    const rows = r.loss as unknown[];
    if (rows.length !== r.x.length) ctx.addIssue({ code: 'custom', path: ['loss'], input: r.loss, message: `${r.y ? 'rows' : 'values'}: ${r.x.length} expected (one per x), got ${rows.length}` });
    else if (r.y) rows.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== r.y!.length) ctx.addIssue({ code: 'custom', path: ['loss', i], input: row, message: `${r.y!.length} numbers expected (one per y)` });
    });
    else if (rows.some((v) => Array.isArray(v))) ctx.addIssue({ code: 'custom', path: ['loss'], input: r.loss, message: 'numbers expected (a 1-D surface has no y)' });
  }),
  interpolate: z.looseObject({ command: z.literal('interpolate'), t: axis, loss: z.array(value), barrier: value.optional() }).superRefine((r, ctx) => {
    if (r.loss.length !== r.t.length) ctx.addIssue({ code: 'custom', path: ['loss'], input: r.loss, message: `${r.t.length} values expected (one per t), got ${r.loss.length}` });
  }),
  hessian: z.looseObject({
    command: z.literal('hessian'),
    eigenvalues: z.array(z.number()).nullable().optional(),
    spectrum: z.array(z.number()).nullable().optional(),
    density: z.object({ x: axis, y: z.array(value) }).nullable().optional(),
  }).superRefine((r, ctx) => {
    if (!r.eigenvalues?.length && !r.density && !r.spectrum?.length) ctx.addIssue({ code: 'custom', path: [], input: r, message: 'eigenvalues, spectrum or density expected' });
    if (r.density && r.density.y.length !== r.density.x.length) ctx.addIssue({ code: 'custom', path: ['density', 'y'], input: r.density.y, message: `${r.density.x.length} values expected (one per x)` });
  }),
  train: z.looseObject({ command: z.literal('train'), history: z.array(z.looseObject({ epoch: z.number().int() })).min(1) }),
} as const;

export type FigureData = Record<string, unknown> & { command: string };

const fieldName = (path: readonly PropertyKey[]): string => path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), '') || 'result';

/** A result a figure can be drawn from, or a FigureDataError naming the field. */
export function parseFigureData(input: unknown): FigureData {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new FigureDataError(`invalid result: ${JSON.stringify(input)?.slice(0, 60)} (a JSON object)`);
  const command = (input as { command?: unknown }).command;
  if (typeof command !== 'string' || !FIGURE_COMMANDS.includes(command)) {
    throw new FigureDataError(`result command ${JSON.stringify(command)} cannot be drawn (expected ${FIGURE_COMMANDS.join(', ')})`);
  }
  const schemaId = (input as { schema?: unknown }).schema;
  const kind = schemaId === undefined ? undefined : jobKinds().find((k) => k.schemaId === schemaId);
  if (schemaId !== undefined && !kind) throw new FigureDataError(`unknown result schema ${JSON.stringify(schemaId)} (${jobKinds().map((k) => k.schemaId).join(', ')})`);
  const schema = kind ? kind.resultSchema : charts[command as keyof typeof charts];
  if (!schema) throw new FigureDataError(`a ${command} result needs its schema field (${command} results are drawn from the full result)`);
  const r = schema.safeParse(input, { reportInput: true });
  if (!r.success) {
    const issue = r.error.issues[0] as z.core.$ZodIssue;
    throw new FigureDataError(issue.code === 'custom' ? `invalid ${fieldName(issue.path)}: ${issue.message}` : describeIssue(issue, fieldName));
  }
  return r.data as FigureData;
}
