/**
 * The figures of a study, by design: the generalization gap against each measure (with Kendall's
 * τ), the curves of every run, and the design's comparison — the interpolation between the best
 * SGD and Adam solutions and the surfaces around them on one colour scale (optimizers), or Keskar's
 * line from the smallest to the largest batch (batch-size).
 */
import type { ChartOptions } from './chart-options.js';
import type { NamedFigure } from './figures-for.js';
import { measureScatter, runValue, type StudyRunPoint } from './measure-scatter.js';
import { runCurves } from './run-curves.js';
import { keskarLine } from './keskar-line.js';
import { interpolationPath } from './interpolation-path.js';
import { surfaceContour, surfaceScale } from './surface-contour.js';

/** The measures a study's runs carry values of, in the order drawn (ε-sharpness per ε). */
export function studyMeasures(runs: readonly StudyRunPoint[], design?: string): string[] {
  const eps = [...new Set(runs.flatMap((r) => Object.keys((r.eps_sharpness ?? {}) as object)))].map((e) => `eps_sharpness(${e})`);
  const names = ['lambda_max', ...eps, 'trace', 'lambda_max_filter', 'trace_filter', 'adaptive_worst', 'adaptive_average', 'pac_bayes_sigma', 'pac_bayes_sigma_mag'];
  const present = names.filter((m) => runs.some((r) => Number.isFinite(runValue(r, m)) && Number.isFinite(runValue(r, 'gap'))));
  return design === 'temperature' ? ['lr_over_b', ...present] : present;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function studyFigures(r: Record<string, any>): NamedFigure[] {
  const runs = (r.runs ?? []) as StudyRunPoint[];
  const figures: NamedFigure[] = studyMeasures(runs, r.design).map((m) => ({
    name: `gap-vs-${m.replace(/[()]/g, '-').replace(/-$/, '')}`,
    title: `Generalization gap against ${m}`,
    draw: (o: ChartOptions) => measureScatter(r as never, { ...o, measure: m }),
  }));
  // the temperature study: every measure (and the gap) against lr/B
  if (r.design === 'temperature') {
    for (const m of ['gap', ...studyMeasures(runs).filter((x) => x !== 'lr_over_b')]) {
      figures.push({
        name: `${m.replace(/[()]/g, '-').replace(/-$/, '')}-vs-temperature`,
        title: `${m} against lr/B`,
        draw: (o: ChartOptions) => measureScatter(r as never, { ...o, measure: 'lr_over_b', y: m }),
      });
    }
  }
  if (runs.some((x) => (x.history as unknown[] | undefined)?.length)) {
    figures.push({ name: 'curves', title: 'Loss of every run', draw: (o: ChartOptions) => runCurves(r as never, o) });
  }
  if (r.keskar) figures.push({ name: 'keskar', title: "Keskar's line from the small- to the large-batch solution", draw: (o: ChartOptions) => keskarLine(r as never, o) });
  const c = r.comparison;
  if (c) {
    figures.push({ name: 'sgd-vs-adam', title: `Interpolation ${c.sgd} → ${c.adam}`, draw: (o: ChartOptions) => interpolationPath(c.interpolation, { xLabel: `t (0: ${c.sgd}, 1: ${c.adam})`, ...o }) });
    const surfaces = (c.surfaces ?? []) as { id: string; surface: { y?: number[] } }[];
    if (surfaces.length && surfaces.every((s) => s.surface.y)) {
      const shared = () => surfaceScale(surfaces.map((s) => ({ result: s.surface as never })));
      for (const s of surfaces) figures.push({ name: `surface-${s.id}`, title: `Filter-normalised surface around ${s.id}`, draw: (o: ChartOptions) => surfaceContour(s.surface as never, { ...shared(), ...o, title: o.title ?? `Around ${s.id} (one colour scale for both)` }) });
    }
  }
  return figures;
}
