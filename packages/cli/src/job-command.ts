/**
 * Every job command the same way: the command line becomes a spec (the kind's flag table, in the
 * job layer), output files are checked before any work, `runJob` computes with progress bars on
 * stderr and Ctrl-C as cancellation, and the result is rendered — the text summary or the JSON on
 * stdout, `--out` (atomically), `--plot`, `--csv`, `--vtk`, `--hdf5`, the demo's report folder.
 * An interrupted job still writes what it has (exit status 130).
 */
import { readFile } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { kindOf, parseCommandLine, type JobProgress } from '@nnll/landscape';
import { runJob, writeFileAtomic } from '@nnll/landscape/node';
import { Interrupted, UsageError } from './errors.js';
import { CLI_FLAGS } from './host-flags.js';
import { progressBar, type Bar } from './output.js';

/** A file flag the command will write: its folder must exist and it must not be a folder; the extension one of `exts`. */
function outputFile(flag: string, path: string | true | undefined, exts?: readonly string[]): string | undefined {
  if (path === undefined || path === true) return undefined;
  if (exts && !exts.includes(extname(path).toLowerCase())) {
    const shown = exts.filter((e) => e !== '.htm');
    throw new UsageError(`invalid --${flag}: ${path} (expected a ${shown.length > 1 ? `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}` : shown[0]} file)`);
  }
  if (!existsSync(dirname(resolve(path)))) throw new UsageError(`--${flag} ${path}: no such folder`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`--${flag} ${path}: a folder, expected a file name`);
  return path;
}

function threadsFlag(v: string | true | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (v === true || !/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`invalid --threads: ${String(v)} (expected an integer ≥ 1)`);
  return Number(v);
}

async function readResume(path: string): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`--resume ${path}: ${code === 'ENOENT' ? 'no such file' : code ? `cannot read (${code})` : 'not a JSON file'}`);
  }
}

/**
 * An AbortSignal that Ctrl-C (SIGINT) trips, so long work stops between units and keeps what it
 * computed; a second Ctrl-C exits at once.
 */
function interruptible(): { signal: AbortSignal; release(): void } {
  const ac = new AbortController();
  const onSigint = (): void => {
    if (ac.signal.aborted) process.exit(130);
    ac.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: ac.signal, release: () => process.off('SIGINT', onSigint) };
}

/** One progress bar per phase. */
function progressBars(quiet: boolean): { onProgress(p: JobProgress): void; end(): void } {
  let phase = '';
  let bar: Bar | undefined;
  return {
    onProgress(p) {
      if (p.phase !== phase) {
        bar?.end();
        phase = p.phase;
        bar = progressBar(p.phase, p.total, p.unit, quiet);
      }
      bar!.update(p.done, p.note);
    },
    end: () => bar?.end(),
  };
}

export async function runJobCommand(words: string[]): Promise<void> {
  const { kind, spec, host } = parseCommandLine(words, CLI_FLAGS);
  const demo = kind.kind === 'demo';
  const out = demo ? undefined : outputFile('out', host.out);
  const targets = {
    plot: outputFile('plot', host.plot, ['.svg', '.png', '.html', '.htm']),
    csv: outputFile('csv', host.csv, ['.csv']),
    vtk: outputFile('vtk', host.vtk, ['.vtk', '.vtp']),
    hdf5: outputFile('hdf5', host.hdf5, ['.h5', '.hdf5']),
  };
  if (targets.vtk && spec!.options.y === undefined) throw new UsageError('--vtk needs a 2-D surface (give --y)');
  const report = demo ? await (await import('./demo-report.js')).checkReportFolder(typeof host.out === 'string' ? host.out : 'nnll-demo') : undefined;
  const resume = typeof host.resume === 'string' ? await readResume(host.resume) : undefined;
  const threads = threadsFlag(host.threads);
  const quiet = host.quiet === true;
  const json = host.json === true;
  const stop = interruptible();
  const bars = progressBars(quiet);
  let result: Record<string, unknown>;
  try {
    result = await runJob(spec!, { threads, onProgress: bars.onProgress, signal: stop.signal, resume });
  } finally {
    bars.end();
    stop.release();
  }
  const written: string[] = [];
  if (report) written.push(...(await (await import('./demo-report.js')).writeReport(report, result)));
  // a study's folder gets its figures and index.html beside the runs the job saved there
  const studyFolder = kind.kind === 'study' && typeof result.out === 'string' ? result.out : undefined;
  if (studyFolder) written.push(...(await (await import('./study-report.js')).writeStudyReport(studyFolder, result)));
  const { renderOutputs } = await import('./render.js');
  await renderOutputs(result, targets);
  const text = JSON.stringify(result, null, 2) + '\n';
  if (out) await writeFileAtomic(out, text);
  const summary = (kindOf(spec!.kind).summarize as (r: unknown) => string)(result);
  const folder = report?.shown ?? studyFolder;
  process.stdout.write(json ? text : `${summary}${folder ? `\n  report: ${folder}/index.html` : ''}${report ? ` (${written.length} files)` : ''}\n`);
  if (result.complete === false) {
    const resumable = kind.resumable && out;
    const saved = typeof result.saved === 'string' ? `; ${result.saved} saved` : '';
    if (studyFolder) throw new Interrupted(`interrupted; the finished runs are in ${studyFolder} (run the same command to resume)`);
    throw new Interrupted(`interrupted${saved}${out ? `; partial result written to ${out}${resumable ? ` (continue with --resume ${out})` : ''}` : ' (give --out FILE to keep partial results)'}`);
  }
}
