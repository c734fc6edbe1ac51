/** Picks the chart for a result: surface (1-D or 2-D), interpolate, hessian or train. */
import type { FigureResult } from './figure-result.js';
import { hessianDensity } from './hessian-chart.js';
import { interpolationLine } from './interpolate-chart.js';
import type { ChartOptions } from './plot-document.js';
import { surfaceContour, surfaceLine } from './surface-chart.js';
import { trainingCurves } from './train-chart.js';

export function renderResult(result: FigureResult, options: ChartOptions = {}): string {
  switch (result.command) {
    case 'surface':
      return 'y' in result ? surfaceContour(result, options) : surfaceLine(result, options);
    case 'interpolate':
      return interpolationLine(result, options);
    case 'hessian':
      return hessianDensity(result, options);
    case 'train':
      return trainingCurves(result, options);
  }
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
