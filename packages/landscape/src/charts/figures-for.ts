/**
 * The figures of a job result, picked by its command: one place that maps results to chart
 * factories, for the CLI's `--plot`, the demo report, the notes and the explorer. A new job kind
 * gets its figures by a case here (and its factory beside the others).
 */
import type { ChartOptions, Figure } from './chart-options.js';
import { surfaceContour, surfaceScale } from './surface-contour.js';
import { surfaceLine } from './surface-line.js';
import { interpolationPath } from './interpolation-path.js';
import { spectralDensity } from './spectral-density.js';
import { trainingCurves } from './training-curves.js';
import { trackedSharpness } from './tracked-sharpness.js';
import { reparamCurves } from './reparam-curves.js';
import { sharpnessVsAlpha } from './sharpness-vs-alpha.js';
import { studyFigures } from './study-figures.js';

export interface NamedFigure {
  /** File stem (`filter-surface`). */
  name: string;
  /** Caption. */
  title: string;
  draw(options: ChartOptions): Figure;
}

type Result = { command?: string } & Record<string, any>;

const base = (p: unknown): string => String(p ?? '').split(/[\\/]/).pop() ?? '';

export { FIGURE_COMMANDS } from '../jobs/outputs.js';

/** Every figure of a result (one for most kinds, the report's panels for the demo); none for kinds without figures. */
export function figuresFor(result: Result): NamedFigure[] {
  switch (result.command) {
    case 'surface':
      return [{
        name: 'surface',
        title: `Loss surface of ${base(result.model?.path)}`,
        draw: (o) => (result.y ? surfaceContour(result as never, o) : surfaceLine(result as never, o)),
      }];
    case 'interpolate':
      return [{ name: 'interpolation', title: `Interpolation ${base(result.model?.path)} → ${base(result.to?.path)}`, draw: (o) => interpolationPath(result as never, o) }];
    case 'hessian':
      return [{ name: 'spectrum', title: `Hessian spectrum of ${base(result.model?.path)}`, draw: (o) => spectralDensity(result as never, o) }];
    case 'train':
      return [
        ...(result.tracked?.length ? [{ name: 'sharpness', title: `Sharpness along training ${base(result.model?.path)}`, draw: (o: ChartOptions) => trackedSharpness(result as never, o) }] : []),
        { name: 'training', title: `Training ${base(result.model?.path)}`, draw: (o) => trainingCurves(result as never, o) },
      ];
    case 'reparam': {
      const curves = { name: 'reparam-curves', title: `1-D loss before and after rescaling ${result.layer}`, draw: (o: ChartOptions) => reparamCurves(result as never, o) };
      return result.alphas?.length > 1 ? [{ name: 'sharpness-vs-alpha', title: `Sharpness against α, ${result.layer} × α`, draw: (o: ChartOptions) => sharpnessVsAlpha(result as never, o) }, curves] : [curves];
    }
    case 'study':
      return studyFigures(result);
    case 'demo':
      return demoFigures(result);
    default:
      return [];
  }
}

/** The demo report's panels. */
function demoFigures(r: Result): NamedFigure[] {
  const pcaShare = 100 * (r.pca.explained_variance[0] + r.pca.explained_variance[1]);
  const fs = r.filter_surface;
  // train and test are compared: one set of contour levels and one colour scale
  const shared = () => surfaceScale([{ result: fs, metric: 'loss' }, { result: fs, metric: 'test_loss' }]);
  return [
    {
      name: 'pca-surface',
      title: 'Loss on the PCA plane of the training path',
      draw: (o) => surfaceContour(r.pca_surface, {
        ...o,
        title: o.title ?? `Loss on the trajectory's PCA plane (${pcaShare.toFixed(1)}% of its variance)`,
        trajectory: { a: r.pca.checkpoints.map((c: { a: number }) => c.a), b: r.pca.checkpoints.map((c: { b: number }) => c.b) },
        xLabel: 'PC 1',
        yLabel: 'PC 2',
      }),
    },
    { name: 'filter-surface', title: 'Filter-normalised loss surface', draw: (o) => surfaceContour(fs, { ...shared(), ...o, title: o.title ?? 'Train loss, filter-normalised random directions' }) },
    { name: 'filter-surface-test', title: 'Filter-normalised test loss', draw: (o) => surfaceContour(fs, { ...shared(), ...o, metric: 'test_loss', title: o.title ?? 'Test loss, same directions (the same contour levels)' }) },
    { name: 'spectrum', title: 'Hessian spectral density', draw: (o) => spectralDensity(r.hessian, { ...o, title: o.title ?? `Hessian spectrum (top ${r.hessian.eigenvalues.length} by Lanczos, density by SLQ)` }) },
    { name: 'interpolation', title: 'Initialisation → final', draw: (o) => interpolationPath(r.interpolation, { ...o, title: o.title ?? 'Linear path from the initialisation to the trained weights' }) },
    { name: 'training', title: 'Training curves', draw: (o) => trainingCurves(r.train, { ...o, title: o.title ?? 'Training (SGD, momentum 0.9)' }) },
  ];
}
