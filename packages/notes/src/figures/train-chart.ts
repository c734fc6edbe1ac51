/** Training curves: every `*loss` metric of `history` per epoch (all metrics when none ends in "loss"). */
import * as Plot from '@observablehq/plot';
import type { TrainResult } from './figure-result.js';
import { type ChartOptions, renderPlot, validateChartOptions } from './plot-document.js';

export type TrainChartOptions = ChartOptions;

export const trainDefaults = { width: 640, height: 320 };

export function trainingCurves(result: TrainResult, options: TrainChartOptions = {}): string {
  validateChartOptions(options);
  const o = { ...trainDefaults, ...options };
  const metrics = new Set<string>();
  for (const epoch of result.history) for (const key of Object.keys(epoch)) if (key !== 'epoch') metrics.add(key);
  let shown = [...metrics].filter((key) => /loss$/.test(key));
  if (shown.length === 0) shown = [...metrics];
  const rows = result.history.flatMap((epoch) =>
    shown.filter((key) => epoch[key] !== undefined).map((series) => ({ epoch: epoch.epoch, series, value: epoch[series] })),
  );
  return renderPlot({
    width: o.width,
    height: o.height,
    title: o.title,
    x: { label: 'epoch' },
    y: { label: shown.every((key) => /loss$/.test(key)) ? 'loss' : 'value', grid: true },
    color: { legend: true, domain: shown, range: ['#2f6f9f', '#e4572e', '#4c9f38', '#8e6bb8', '#b8860b'] },
    marks: [
      Plot.line(rows, { x: 'epoch', y: 'value', stroke: 'series', strokeWidth: 2 }),
      Plot.dot(rows, { x: 'epoch', y: 'value', fill: 'series', r: 2.5 }),
    ],
  });
}
