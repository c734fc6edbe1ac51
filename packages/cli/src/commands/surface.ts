/**
 * `nnll surface --model M --data D [--x -1:1:51] [--y -1:1:51] [--x-dir f] [--y-dir f] [--norm filter]
 * [--ignore biasbn] [--test T] [--resume s.json]`: L(a, b) = loss(θ + a·d₁′ + b·d₂′) on a grid, or
 * along d₁′ alone without --y. Ctrl-C keeps the computed points (`complete: false`, null where
 * missing); --resume continues such a file when every setting that shapes the surface is the same.
 */
import { readFile } from 'node:fs/promises';
import { cosine, NORMS, type Ignore, type Norm, type Range, type SurfacePoint } from '@nnll/landscape';
import { computeSurface } from '@nnll/landscape';
import type { CommonOptions } from '../args.js';
import { backendsFor, emit, fmt, header, interruptedError, interruptible, openModelAndData, provenanceOf, type LossFlag } from '../context.js';
import { directionSeeds, normalized, rawDirection } from '../directions.js';
import { UsageError } from '../errors.js';
import { progressBar } from '../output.js';
import { renderOutputs } from '../render.js';

export interface SurfaceCommandOptions extends CommonOptions {
  model: string;
  data: string;
  test?: string;
  x: Range;
  /** Absent: a 1-D surface along d₁. */
  y?: Range;
  xDir?: string;
  yDir?: string;
  norm: Norm;
  ignore: Ignore;
  resume?: string;
  plot?: string;
  csv?: string;
  vtk?: string;
  hdf5?: string;
  loss?: LossFlag;
}

export { NORMS };

type Grid<T> = T[][] | T[];

interface SurfaceFile {
  command?: string;
  complete?: boolean;
  settings?: Record<string, unknown>;
  loss?: Grid<number | null>;
  accuracy?: Grid<number | null> | null;
  test_loss?: Grid<number | null>;
  test_accuracy?: Grid<number | null> | null;
}

/** The points of a (partial) result file: every non-null loss. */
function pointsOf(f: SurfaceFile, twoD: boolean): SurfacePoint[] {
  const at = <T>(g: Grid<T> | null | undefined, i: number, j: number): T | undefined => (g ? (twoD ? (g as T[][])[i]?.[j] : (g as T[])[i]) : undefined);
  const points: SurfacePoint[] = [];
  const rows = (f.loss ?? []) as unknown[];
  rows.forEach((row, i) => {
    const cols = twoD ? (row as unknown[]).length : 1;
    for (let j = 0; j < cols; j++) {
      const loss = at(f.loss, i, j);
      if (loss === null || loss === undefined) continue;
      const p: SurfacePoint = { i, j, loss, accuracy: at(f.accuracy, i, j) ?? null };
      if (f.test_loss) {
        p.testLoss = at(f.test_loss, i, j) ?? NaN;
        p.testAccuracy = at(f.test_accuracy, i, j) ?? null;
      }
      points.push(p);
    }
  });
  return points;
}

async function readResume(path: string, settings: Record<string, unknown>): Promise<SurfaceFile> {
  let f: SurfaceFile;
  try {
    f = JSON.parse(await readFile(path, 'utf8')) as SurfaceFile;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`--resume ${path}: ${code === 'ENOENT' ? 'no such file' : code ? `cannot read (${code})` : 'not a JSON file'}`);
  }
  if (f?.command !== 'surface' || !f.settings || !Array.isArray(f.loss)) throw new UsageError(`--resume ${path}: not a result of nnll surface`);
  for (const [key, now] of Object.entries(settings)) {
    const then = f.settings[key];
    if (JSON.stringify(then ?? null) !== JSON.stringify(now ?? null)) {
      throw new UsageError(`--resume ${path}: ${key} differs (file: ${JSON.stringify(then ?? null)}, now: ${JSON.stringify(now ?? null)}); resume with the same options`);
    }
  }
  return f;
}

const rangeText = (r: Range): string => `${r.min}:${r.max}:${r.num}`;

export async function surface(o: SurfaceCommandOptions): Promise<void> {
  const { model, modelName, data, test } = await openModelAndData({ loss: o.loss }, o, o);
  const twoD = o.y !== undefined;
  const [s1, s2] = directionSeeds(o.seed);
  const r1 = await rawDirection(model, o.xDir, s1, '--x-dir');
  const r2 = twoD ? await rawDirection(model, o.yDir, s2, '--y-dir') : null;
  const d1 = normalized(r1.d, model, o.norm, o.ignore);
  const d2 = r2 ? normalized(r2.d, model, o.norm, o.ignore) : undefined;
  const settings = {
    model_sha256: model.source.sha256,
    data_sha256: data.sha256 ?? data.name,
    test_sha256: test ? (test.sha256 ?? test.name) : null,
    loss: model.program.loss,
    x: rangeText(o.x),
    y: o.y ? rangeText(o.y) : null,
    x_dir: r1.source,
    y_dir: r2 ? r2.source : null,
    norm: o.norm,
    ignore: o.ignore,
  };
  const resumed = o.resume ? pointsOf(await readResume(o.resume, settings), twoD) : [];
  const { backend, testBackend } = await backendsFor(model, data, test, o);
  const stop = interruptible();
  try {
    const total = o.x.num * (o.y?.num ?? 1);
    const bar = progressBar('surface', total, 'points', o.quiet);
    bar.update(resumed.length);
    const s = await computeSurface(backend, {
      d1,
      d2,
      x: o.x,
      y: o.y,
      test: testBackend,
      resume: resumed,
      chunk: Math.max(8, Math.min(64, Math.ceil(total / 50))),
      signal: stop.signal,
      onPoints: (_p, done) => bar.update(done),
    });
    bar.end();
    const done = s.points.length;
    const result = {
      ...header('surface', o, model, modelName, data),
      x: s.x,
      ...(s.y ? { y: s.y } : {}),
      loss: s.loss,
      accuracy: s.accuracy,
      ...(s.test_loss ? { test_loss: s.test_loss, test_accuracy: s.test_accuracy } : {}),
      complete: s.complete,
      points_done: done,
      points_total: total,
      test: test ? { path: test.name, sha256: test.sha256 ?? null, n: test.n } : null,
      directions: { norm: o.norm, ignore: o.ignore, x_dir: r1.source, y_dir: r2?.source ?? null, cosine: d2 ? cosine(d1, d2) : null },
      settings,
      provenance: provenanceOf(model, data, o, { ...settings, resumed_points: resumed.length }, { forwardPasses: s.forward_passes }),
    };
    if (!s.complete) {
      // the charts draw missing points as such, so a partial surface gets its figure and table too
      await renderOutputs('surface', result, { plot: o.plot, csv: o.csv, vtk: o.vtk, hdf5: o.hdf5 });
      await emit(o, result, `surface: ${done}/${total} points computed before the interruption`);
      throw interruptedError(`${done}/${total} surface points computed`, o.out, o.out ? `--resume ${o.out}` : undefined);
    }
    const flat = (s.loss as (number | number[])[]).flat() as number[];
    await renderOutputs('surface', result, { plot: o.plot, csv: o.csv, vtk: o.vtk, hdf5: o.hdf5 });
    await emit(o, result, [
      `${modelName} on ${data.name}: ${twoD ? `${o.x.num}×${o.y!.num}` : `${o.x.num}-point`} surface (${o.norm} normalised${o.ignore === 'biasbn' ? ', biases and batch-norm ignored' : ''})`,
      `  loss min ${fmt(Math.min(...flat), 5)}, max ${fmt(Math.max(...flat), 5)}; ${s.forward_passes.toLocaleString('en-US')} full-data evaluations${resumed.length ? ` (${resumed.length} points resumed)` : ''}`,
    ].join('\n'));
  } finally {
    stop.release();
    await testBackend?.close();
    await backend.close();
  }
}
