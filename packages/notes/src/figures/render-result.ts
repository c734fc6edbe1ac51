/** Picks the chart for a result: surface (1-D or 2-D), interpolate, hessian or train. */
import { interpolationPath, spectralDensity, surfaceContour, surfaceLine, trainingCurves } from '@nnll/landscape/charts';
import type { FigureResult } from './figure-result.js';
import { type ChartOptions, renderFigure } from './plot-document.js';

export function renderResult(result: FigureResult, options: ChartOptions = {}): string {
  return renderFigure((document) => {
    switch (result.command) {
      case 'surface':
        return 'y' in result ? surfaceContour(result, { ...options, document }) : surfaceLine(result, { ...options, document });
      case 'interpolate':
        return interpolationPath(result, { ...options, document });
      case 'hessian':
        return spectralDensity(result, { ...options, document });
      case 'train':
        return trainingCurves(result, { ...options, document });
    }
  });
}

/** One-line description used as the figure caption. */
export function describeResult(result: FigureResult): string {
  switch (result.command) {
    case 'surface':
      return 'y' in result
        ? `Loss surface on a ${result.x.length}×${result.y.length} grid; the star marks the lowest loss.`
        : `Loss along one direction at ${result.x.length} points; the star marks the lowest loss.`;
    case 'interpolate':
      return `Loss along the straight path between two models (${result.t.length} points); the red segment marks the barrier.`;
    case 'hessian':
      return `Hessian eigenvalue density${result.eigenvalues.length ? ` with the top ${result.eigenvalues.length} eigenvalues marked` : ''}.`;
    case 'train':
      return `Training curves over ${result.history.length} epochs.`;
  }
}
