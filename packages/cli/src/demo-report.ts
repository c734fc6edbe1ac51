/**
 * The demo's report folder: every figure of the result as SVG and PNG, index.html and demo.json,
 * written in a sibling temporary folder and renamed into place. The folder must be absent, empty,
 * or an earlier report (it carries a marker file).
 */
import { mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.js';

const MARKER = '.nnll-demo';

export interface ReportFolder {
  dir: string;
  /** As the user gave it (for messages). */
  shown: string;
}

export async function checkReportFolder(given: string): Promise<ReportFolder> {
  if (/\.json$/i.test(given)) throw new UsageError(`--out ${given}: the demo writes a report folder (index.html, figures and demo.json); give a folder name`);
  const dir = resolve(given);
  const s = await stat(dir).catch(() => null);
  if (!s) {
    const parent = await stat(dirname(dir)).catch(() => null);
    if (!parent?.isDirectory()) throw new UsageError(`--out ${given}: the folder ${dirname(dir)} does not exist`);
  } else {
    if (!s.isDirectory()) throw new UsageError(`--out ${given}: a file, not a folder`);
    const entries = await readdir(dir);
    if (entries.length && !entries.includes(MARKER)) throw new UsageError(`--out ${given}: not empty and not written by nnll demo; choose another folder`);
  }
  return { dir, shown: given.replace(/\/+$/, '') };
}

/** Writes the report; returns the file names. */
export async function writeReport(folder: ReportFolder, result: Record<string, unknown>): Promise<string[]> {
  const [{ figuresFor, demoReportHtml }, { renderSvg, renderPng }] = await Promise.all([import('@nnll/landscape/charts'), import('./figures/index.js')]);
  const { dir } = folder;
  const tmp = await mkdtemp(join(dirname(dir), `.${basename(dir)}-`));
  try {
    const figures = figuresFor(result as never).map((f) => ({ name: f.name, title: f.title, svg: renderSvg((document) => f.draw({ document }) as Element) }));
    const files = [MARKER, 'demo.json', 'index.html'];
    for (const f of figures) {
      await writeFile(join(tmp, `${f.name}.svg`), f.svg);
      await writeFile(join(tmp, `${f.name}.png`), renderPng(f.svg, { width: 1280 }));
      files.push(`${f.name}.svg`, `${f.name}.png`);
    }
    await writeFile(join(tmp, MARKER), 'written by nnll demo; the next run may replace this folder\n');
    await writeFile(join(tmp, 'index.html'), demoReportHtml(result, figures));
    await writeFile(join(tmp, 'demo.json'), JSON.stringify(result, null, 2) + '\n');
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
    return files;
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}
