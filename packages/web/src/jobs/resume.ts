/**
 * What a resumed job continues: the partial result of a cancelled or interrupted job (`complete:
 * false`), or — when the server was killed before it could write one — the partial result rebuilt
 * from the surface points the job had streamed and the sha256 of the model and data it had opened,
 * in the form the surface kind's `resume` reads (grids with null where nothing was computed).
 */
import { kindOf, parseRange, type JobSpec } from '@nnll/landscape';
import type { JobRecord } from './job-record.js';

interface Point {
  i: number;
  j: number;
  loss: number | null;
  accuracy: number | null;
  test_loss?: number | null;
  test_accuracy?: number | null;
}

const isPoint = (p: unknown): p is Point => typeof p === 'object' && p !== null && Number.isInteger((p as Point).i) && Number.isInteger((p as Point).j);

function grid(spec: JobSpec, points: Point[], field: keyof Point): (number | null)[][] | (number | null)[] {
  const o = spec.options as { x: string; y?: string };
  const nx = parseRange(o.x).num;
  if (o.y === undefined) {
    const line: (number | null)[] = new Array(nx).fill(null);
    for (const p of points) if (p.i < nx) line[p.i] = (p[field] as number | null | undefined) ?? null;
    return line;
  }
  const ny = parseRange(o.y).num;
  const rows: (number | null)[][] = Array.from({ length: nx }, () => new Array(ny).fill(null));
  for (const p of points) if (p.i < nx && p.j < ny) rows[p.i][p.j] = (p[field] as number | null | undefined) ?? null;
  return rows;
}

/** The partial result to pass as `resume`, or undefined when the job cannot be continued. */
export function resumeFrom(r: JobRecord): Record<string, unknown> | undefined {
  const kind = kindOf(r.spec.kind);
  if (!kind.resumable) return undefined;
  if (r.result) return r.result.complete === false ? r.result : undefined;
  if (r.spec.kind !== 'surface' || !r.inputs || !r.partial?.length) return undefined;
  const points = r.partial.filter(isPoint).filter((p) => typeof p.loss === 'number');
  if (points.length === 0) return undefined;
  const hasTest = r.spec.test !== undefined;
  return {
    schema: kind.schemaId,
    model: { sha256: r.inputs['--model'] ?? null },
    data: { sha256: r.inputs['--data'] ?? null },
    test: hasTest ? { sha256: r.inputs['--test'] ?? null } : null,
    seed: r.spec.seed,
    ...(r.spec.options.y !== undefined ? { y: [] } : {}),
    loss: grid(r.spec, points, 'loss'),
    accuracy: grid(r.spec, points, 'accuracy'),
    ...(hasTest ? { test_loss: grid(r.spec, points, 'test_loss'), test_accuracy: grid(r.spec, points, 'test_accuracy') } : {}),
    complete: false,
    provenance: { options: { ...r.spec.options } },
  };
}
