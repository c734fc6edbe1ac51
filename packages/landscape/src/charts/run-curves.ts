/**
 * Every run of a study over its epochs: the loss (or accuracy) on the training set (solid) and the
 * test set (dashed), one colour per run, named in a legend — the curves per run a study compares.
 */
import * as Plot from '@observablehq/plot';
import { type ChartOptions, type Figure, type Num, checkString, commonOption, num, plot, resolveDocument, short, stack, withDefaults } from './chart-options.js';
import { integerTicks } from './series.js';

export interface RunCurvesData {
  runs: readonly { id: string; history: readonly { epoch: number; [metric: string]: Num | number }[] }[];
}

export interface RunCurvesOptions extends ChartOptions {
  /** 'loss' (default) or 'accuracy'. */
  metric?: 'loss' | 'accuracy';
}

export const runCurvesDefaults = { width: 640, height: 320, metric: 'loss' as 'loss' | 'accuracy' };

export function runCurves(study: RunCurvesData, options: RunCurvesOptions = {}): Figure {
  for (const [name, value] of Object.entries(options)) {
    if (commonOption(name, value)) continue;
    if (name === 'metric') {
      checkString(name, value);
      if (value !== undefined && value !== 'loss' && value !== 'accuracy') throw new TypeError(`invalid metric: ${short(value)} (loss or accuracy)`);
    } else throw new TypeError(`invalid option: ${name}`);
  }
  const o = withDefaults(runCurvesDefaults, options);
  const document = resolveDocument(o.document);
  if (!Array.isArray(study.runs)) throw new TypeError(`invalid result: runs must be an array, got ${short(study.runs)}`);
  type Row = { run: string; split: string; epoch: number; value: number };
  const rows: Row[] = study.runs.flatMap((r): Row[] => r.history.flatMap((e: RunCurvesData['runs'][number]['history'][number]): Row[] => [
    { run: r.id, split: 'train', epoch: e.epoch, value: num(e[`train_${o.metric}`] as Num) },
    { run: r.id, split: 'test', epoch: e.epoch, value: num(e[`test_${o.metric}`] as Num) },
  ])).filter((p) => Number.isFinite(p.value));
  if (rows.length === 0) throw new RangeError(`invalid result: no run has a ${o.metric} history`);
  const epochs = rows.map((r) => r.epoch);
  const lo = Math.min(...epochs), hi = Math.max(...epochs);
  const panel = plot(document, {
    width: o.width,
    height: o.height,
    marginLeft: 55,
    grid: true,
    x: { label: 'epoch', labelArrow: 'none', labelAnchor: 'center', ticks: integerTicks(lo, hi, Math.max(2, Math.round(o.width / 80))), tickFormat: (v: number) => String(v) },
    y: { label: o.metric, labelArrow: 'none', nice: true, ...(o.metric === 'accuracy' ? { domain: [Math.min(...rows.map((r) => r.value)), 1] } : {}) },
    color: { legend: true, label: 'run' },
    marks: [
      Plot.line(rows.filter((r) => r.split === 'train'), { x: 'epoch', y: 'value', z: 'run', stroke: 'run', strokeWidth: 2 }),
      Plot.line(rows.filter((r) => r.split === 'test'), { x: 'epoch', y: 'value', z: 'run', stroke: 'run', strokeWidth: 1.5, strokeDasharray: '5,3' }),
    ],
  });
  return stack(document, [panel], o.title ?? `${o.metric === 'loss' ? 'Loss' : 'Accuracy'} of every run: train solid, test dashed`);
}
