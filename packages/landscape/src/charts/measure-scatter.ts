/**
 * A study's runs as points: a sharpness measure (x) against the generalization gap (y), coloured
 * by the SGD temperature lr/B (log scale), with Kendall's τ of the two in the heading — the plot
 * Jiang et al. (2020) summarise by τ, and Jastrzębski et al. (2017) read against lr/B.
 */
import * as Plot from '@observablehq/plot';
import { type ChartOptions, type Figure, type Num, checkBoolean, checkString, commonOption, formatNumber, num, plot, resolveDocument, short, stack, withDefaults } from './chart-options.js';
import { kendallTau } from '../stats/kendall.js';

/** The fields of a study's runs the scatter reads. */
export interface StudyRunPoint {
  id: string;
  lr: number;
  batch_size: number;
  gap: Num;
  [measure: string]: unknown;
}

export interface StudyChartData {
  runs: readonly StudyRunPoint[];
}

export interface MeasureScatterOptions extends ChartOptions {
  /** The measure on x: a run field (`lambda_max`) or `eps_sharpness(0.001)`. Default 'lambda_max'. */
  measure?: string;
  /** Log x axis. Default: when every value is positive and they span more than 30×. */
  log?: boolean;
  /** y: the gap (default) or another run field. */
  y?: string;
}

export const measureScatterDefaults = { width: 560, height: 360, measure: 'lambda_max', y: 'gap' };

/** A run's value of `measure` (`eps_sharpness(ε)` reads the ε entry). */
export function runValue(run: StudyRunPoint, measure: string): number {
  const eps = /^eps_sharpness\((.+)\)$/.exec(measure);
  if (eps) return num(((run.eps_sharpness ?? {}) as Record<string, Num>)[eps[1]] ?? null);
  if (measure === 'lr_over_b') return run.lr / run.batch_size;
  return num(run[measure] as Num);
}

export function measureScatter(study: StudyChartData, options: MeasureScatterOptions = {}): Figure {
  for (const [name, value] of Object.entries(options)) {
    if (commonOption(name, value)) continue;
    if (name === 'log') checkBoolean(name, value);
    else if (name === 'measure' || name === 'y') checkString(name, value);
    else throw new TypeError(`invalid option: ${name}`);
  }
  const o = withDefaults(measureScatterDefaults, options);
  const document = resolveDocument(o.document);
  if (!Array.isArray(study.runs)) throw new TypeError(`invalid result: runs must be an array, got ${short(study.runs)}`);
  const points = study.runs
    .map((r) => ({ id: r.id, x: runValue(r, o.measure), y: runValue(r, o.y), t: r.lr / r.batch_size, optimizer: String(r.optimizer ?? '') }))
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  if (points.length === 0) throw new RangeError(`invalid result: no run has both ${o.measure} and ${o.y}`);
  const xs = points.map((p) => p.x);
  const log = o.log ?? (Math.min(...xs) > 0 && Math.max(...xs) / Math.min(...xs) > 30);
  const tau = kendallTau(xs, points.map((p) => p.y)).tau;
  // by optimizer when there are several, else by lr/B as ordered swatches (a continuous ramp would need a canvas)
  const optimizers = [...new Set(points.map((p) => p.optimizer))];
  const temperatures = [...new Set(points.map((p) => p.t))].sort((a, b) => a - b);
  const by = optimizers.length > 1 ? 'optimizer' : temperatures.length > 1 ? 'lr / B' : null;
  const label = (p: { t: number; optimizer: string }) => (by === 'optimizer' ? p.optimizer : formatNumber(p.t));
  const domain = by === 'optimizer' ? optimizers : temperatures.map((t) => formatNumber(t));
  const panel = plot(document, {
    width: o.width,
    height: o.height,
    marginLeft: 60,
    grid: true,
    x: { label: o.measure === 'lr_over_b' ? 'lr / B' : o.measure.replace(/_/g, ' '), type: log ? 'log' : 'linear', labelArrow: 'none', labelAnchor: 'center', nice: true },
    y: { label: o.y === 'gap' ? 'generalization gap' : o.y.replace(/_/g, ' '), labelArrow: 'none', nice: true },
    color: by ? { type: 'ordinal', domain, scheme: by === 'optimizer' ? 'tableau10' : 'viridis', label: by, legend: true } : undefined,
    marks: [
      Plot.dot(points, { x: 'x', y: 'y', r: 5, fill: by ? label : '#2f6f9f', stroke: 'white', strokeWidth: 0.8 }),
    ],
  });
  return stack(document, [panel], o.title ?? `${o.y === 'gap' ? 'Gap' : o.y} against ${o.measure}: Kendall τ = ${tau === null ? '—' : tau.toFixed(2)} (${points.length} runs${by ? `, colour: ${by}` : ''})`);
}
