/**
 * Sharpness along training (`train --track`): the top Hessian eigenvalue at every tracked step with
 * the stability threshold 2/η of gradient descent at learning rate η (Cohen et al. 2021: with full
 * batches λmax rises to 2/η and hovers there, the edge of stability), the trace when tracked, and
 * the full-data loss at the same steps below.
 */
import * as Plot from '@observablehq/plot';
import { type ChartOptions, type Figure, type Num, commonOption, formatNumber, num, palette, plot, resolveDocument, short, stack, withDefaults } from './chart-options.js';

export interface TrackedChartData {
  lr: number;
  tracked: readonly { step: number; loss: Num; lambda_max: Num; trace: Num }[] | null;
}

export interface TrackedSharpnessOptions extends ChartOptions {
  /** Log loss axis. Default true. */
  log?: boolean;
}

export const trackedSharpnessDefaults = { width: 640, height: 260, log: true };

export function trackedSharpness(result: TrackedChartData, options: TrackedSharpnessOptions = {}): Figure {
  for (const [name, value] of Object.entries(options)) {
    if (commonOption(name, value)) continue;
    if (name === 'log') {
      if (value !== undefined && typeof value !== 'boolean') throw new TypeError(`invalid log: ${short(value)} (true or false)`);
    } else throw new TypeError(`invalid option: ${name}`);
  }
  const o = withDefaults(trackedSharpnessDefaults, options);
  const document = resolveDocument(o.document);
  if (!Array.isArray(result.tracked) || result.tracked.length === 0) throw new TypeError(`invalid result: tracked must be a non-empty array (train --track), got ${short(result.tracked)}`);
  const t = result.tracked.map((r) => ({ step: r.step, lambda: num(r.lambda_max), trace: num(r.trace), loss: num(r.loss) }));
  const steps = t.map((r) => r.step);
  const xDomain: [number, number] = [Math.min(...steps), Math.max(...steps)];
  const threshold = 2 / result.lr;
  const panels: Figure[] = [];
  const lambdas = t.filter((r) => Number.isFinite(r.lambda));
  if (lambdas.length) {
    const top = Math.max(threshold, ...lambdas.map((r) => r.lambda));
    panels.push(plot(document, {
      width: o.width, height: o.height, marginLeft: 55, marginBottom: 25, grid: true,
      x: { domain: xDomain, label: null },
      y: { label: 'λmax', labelArrow: 'none', domain: [0, top * 1.08] },
      marks: [
        Plot.ruleY([threshold], { stroke: palette.accent, strokeDasharray: '6,4' }),
        Plot.text([threshold], { y: (d: number) => d, frameAnchor: 'right', dy: 12, dx: -4, text: () => `2/η = ${formatNumber(threshold)}`, fill: palette.accent, fontWeight: 'bold', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke' }),
        Plot.line(lambdas, { x: 'step', y: 'lambda', stroke: palette.train, strokeWidth: 2 }),
        Plot.dot(lambdas, { x: 'step', y: 'lambda', r: 2, fill: palette.train }),
      ],
    }));
  }
  const traces = t.filter((r) => Number.isFinite(r.trace));
  if (traces.length) {
    panels.push(plot(document, {
      width: o.width, height: Math.round(o.height * 0.7), marginLeft: 55, marginBottom: 25, grid: true,
      x: { domain: xDomain, label: null },
      y: { label: 'trace', labelArrow: 'none', nice: true },
      marks: [Plot.line(traces, { x: 'step', y: 'trace', stroke: palette.muted, strokeWidth: 2 })],
    }));
  }
  const losses = t.filter((r) => Number.isFinite(r.loss) && (!o.log || r.loss > 0));
  panels.push(plot(document, {
    width: o.width, height: Math.round(o.height * 0.8), marginLeft: 55, grid: true,
    x: { domain: xDomain, label: 'step', labelArrow: 'none', labelAnchor: 'center' },
    y: { label: 'train loss', labelArrow: 'none', type: o.log ? 'log' : 'linear' },
    marks: [Plot.line(losses, { x: 'step', y: 'loss', stroke: palette.train, strokeWidth: 2 })],
  }));
  return stack(document, panels, o.title ?? `Sharpness along training at η = ${formatNumber(result.lr)}`);
}
