/** A result's figure (the same chart factory `nnll --plot` uses) and its caption. */
import { figuresFor } from '@nnll/landscape/charts';
import type { FigureData } from '@nnll/landscape';
import { type ChartOptions, renderFigure } from './plot-document.js';

export function renderResult(result: FigureData, options: ChartOptions = {}): string {
  const [figure] = figuresFor(result);
  return renderFigure((document) => figure.draw({ ...options, document }) as Element);
}

/** One-line description used as the figure caption. */
export function describeResult(result: FigureData): string {
  const r = result as Record<string, any>;
  switch (r.command) {
    case 'surface':
      return r.y
        ? `Loss surface on a ${r.x.length}×${r.y.length} grid; the star marks the lowest loss.`
        : `Loss along one direction at ${r.x.length} points; the star marks the lowest loss.`;
    case 'interpolate':
      return `Loss along the straight path between two models (${r.t.length} points); the red segment marks the barrier.`;
    case 'hessian':
      return `Hessian eigenvalue density${r.eigenvalues?.length ? ` with the top ${r.eigenvalues.length} eigenvalues marked` : ''}.`;
    case 'train':
      return `Training curves over ${r.history.length} epochs.`;
    default:
      return '';
  }
}
