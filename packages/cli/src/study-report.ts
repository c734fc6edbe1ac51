/**
 * A study folder's report, beside what the study job wrote there (runs/, study.json): every figure
 * of the result as SVG and PNG, and index.html. Written after the job, also after an interruption
 * (with the runs that finished).
 */
import { join } from 'node:path';
import { writeFileAtomic } from '@nnll/landscape/node';

export async function writeStudyReport(dir: string, result: Record<string, unknown>): Promise<string[]> {
  const [{ figuresFor, studyReportHtml }, { renderSvg, renderPng }] = await Promise.all([import('@nnll/landscape/charts'), import('./figures/index.js')]);
  const figures = figuresFor(result as never).map((f) => ({ name: f.name, title: f.title, svg: renderSvg((document) => f.draw({ document }) as Element) }));
  const files: string[] = [];
  for (const f of figures) {
    await writeFileAtomic(join(dir, `${f.name}.svg`), f.svg);
    await writeFileAtomic(join(dir, `${f.name}.png`), renderPng(f.svg, { width: 1280 }));
    files.push(`${f.name}.svg`, `${f.name}.png`);
  }
  await writeFileAtomic(join(dir, 'index.html'), studyReportHtml(result, figures));
  return [...files, 'index.html'];
}
