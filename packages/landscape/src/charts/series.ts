/**
 * Line panels shared by the 1-D surface, interpolation and training charts: one panel per quantity
 * (loss, accuracy), one line per split (train, test), labelled at the line's end instead of an HTML
 * legend so that the label survives conversion to PNG.
 */
import * as Plot from '@observablehq/plot';
import { type Figure, type Num, endLabels, num, palette, plot } from './chart-options.js';

export interface SeriesRow {
  x: number;
  value: number;
  series: string;
}

/** Rows of one split: x against values, NaN where the value is `null`. */
export function seriesRows(xs: readonly number[], values: readonly Num[] | null | undefined, series: string): SeriesRow[] {
  if (!Array.isArray(values)) return [];
  return xs.map((x, k) => ({ x, value: num(values[k]), series }));
}

export interface PanelOptions {
  document: Document;
  width: number;
  height: number;
  xLabel: string;
  yLabel: string;
  log?: boolean;
  /** Show the x axis label (the bottom panel only). */
  xAxisLabel?: boolean;
  dots?: boolean;
  extra?: Plot.Markish[];
  xDomain?: [number, number];
  yDomain?: [number, number];
}

const colorOf = (series: string) => (series.startsWith('test') ? palette.test : palette.train);

export function linePanel(rows: SeriesRow[], o: PanelOptions): Figure {
  const finite = rows.filter((r) => Number.isFinite(r.value) && (!o.log || r.value > 0));
  const names = [...new Set(finite.map((r) => r.series))];
  const marks: Plot.Markish[] = [
    Plot.line(finite, { x: 'x', y: 'value', z: 'series', stroke: (d: SeriesRow) => colorOf(d.series), strokeWidth: 2, strokeDasharray: (d: SeriesRow) => (d.series.startsWith('test') ? '5,3' : null) }),
  ];
  if (o.dots) marks.push(Plot.dot(finite, { x: 'x', y: 'value', r: 2.2, fill: (d: SeriesRow) => colorOf(d.series) }));
  marks.push(...(o.extra ?? []));
  if (names.length > 1) {
    marks.push(Plot.text(endLabels(finite, 'x', 'value', 'series'), {
      x: 'x', y: 'value', text: 'series', textAnchor: 'start', dx: 6, fill: (d: SeriesRow) => colorOf(d.series), fontWeight: 'bold',
    }));
  }
  return plot(o.document, {
    width: o.width,
    height: o.height,
    marginLeft: 55,
    marginRight: names.length > 1 ? 45 : 20,
    marginBottom: o.xAxisLabel === false ? 25 : 40,
    x: { label: o.xAxisLabel === false ? null : o.xLabel, labelAnchor: 'center', labelArrow: 'none', domain: o.xDomain },
    y: { label: o.yLabel, type: o.log ? 'log' : 'linear', grid: true, labelArrow: 'none', domain: o.yDomain },
    marks,
  });
}

/** Shared x extent of several row sets. */
export function extent(values: readonly number[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) if (Number.isFinite(v)) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return [lo, hi];
}
