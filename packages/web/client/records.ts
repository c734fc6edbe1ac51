/**
 * The tables of a result, whatever its kind: every field that is a list of records (a training
 * history, a study's runs, a model's parameters, per-layer spectra) becomes a table; a list whose
 * records carry a generalisation `gap` also gets a dashboard of each numeric measure against the
 * gap — how a study of sharpness measures reads. New kinds need nothing here.
 */
import * as Plot from '@observablehq/plot';
import { formatNumber } from '@nnll/landscape/charts';
import { h } from './dom.js';

type Row = Record<string, unknown>;

const MAX_ROWS = 500;
/** Columns never plotted against the gap (they describe a run, not measure it). */
const NOT_MEASURES = new Set(['gap', 'seed', 'epoch', 'epochs', 'step', 'steps', 'level', 'k', 'd', 'batch_size', 'lr', 'index']);

function isRecordList(v: unknown): v is Row[] {
  return Array.isArray(v) && v.length > 0 && v.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r));
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en-US') : formatNumber(v);
  if (Array.isArray(v)) return v.length <= 6 && v.every((x) => typeof x !== 'object') ? `[${v.map(cell).join(', ')}]` : `[${v.length} values]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as object);
    return entries.length <= 4 && entries.every(([, x]) => typeof x !== 'object') ? entries.map(([k, x]) => `${k}: ${cell(x)}`).join(', ') : `{${entries.length} fields}`;
  }
  return String(v);
}

/** The record lists of a result: `[field, rows]`, nested one level (`controls.reinit`). */
export function recordLists(result: Record<string, unknown>): [string, Row[]][] {
  const out: [string, Row[]][] = [];
  for (const [key, v] of Object.entries(result)) {
    if (key === 'provenance') continue;
    if (isRecordList(v)) out.push([key, v]);
    else if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k2, v2] of Object.entries(v)) if (isRecordList(v2)) out.push([`${key}.${k2}`, v2]);
  }
  return out;
}

export function recordTable(name: string, rows: Row[]): HTMLElement {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const shown = rows.slice(0, MAX_ROWS);
  return h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': `${name} table` },
    h('table', { 'data-table': name },
      h('caption', null, `${name} (${rows.length} row${rows.length === 1 ? '' : 's'}${rows.length > MAX_ROWS ? `, first ${MAX_ROWS} shown` : ''})`),
      h('thead', null, h('tr', null, ...columns.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, ...shown.map((r) => h('tr', null, ...columns.map((c) => h('td', { class: typeof r[c] === 'number' ? 'num' : undefined }, cell(r[c]))))))));
}

/** Numeric measures of rows with a numeric `gap`, each against the gap (one small panel per measure). */
export function gapDashboard(name: string, rows: Row[], width: number): HTMLElement | null {
  const withGap = rows.filter((r) => typeof r.gap === 'number');
  if (withGap.length < 2) return null;
  const flat = withGap.map((r) => {
    const o: Record<string, number> = { gap: r.gap as number };
    for (const [k, v] of Object.entries(r)) {
      if (typeof v === 'number' && !NOT_MEASURES.has(k)) o[k] = v;
      // a measure given per radius or per ε ({1e-3: …}): one column each
      else if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k2, v2] of Object.entries(v)) if (typeof v2 === 'number') o[`${k}[${k2}]`] = v2;
    }
    return o;
  });
  // a measure needs two runs that differ in it (a constant has no relation to the gap to show)
  const measures = [...new Set(flat.flatMap((o) => Object.keys(o)))].filter((k) => k !== 'gap' && new Set(flat.map((o) => o[k]).filter((v) => Number.isFinite(v))).size >= 2);
  if (measures.length === 0) return null;
  const panelWidth = Math.max(200, Math.min(300, Math.floor(width / Math.min(measures.length, 3)) - 12));
  return h('section', { class: 'dashboard', 'aria-label': `${name}: measures against the generalisation gap` },
    h('h3', null, `${name}: each measure against the generalisation gap`),
    h('div', { class: 'panels' }, ...measures.map((m) => {
      const points = flat.filter((o) => Number.isFinite(o[m]) && Number.isFinite(o.gap));
      const fig = Plot.plot({
        width: panelWidth,
        height: 200,
        marginLeft: 50,
        grid: true,
        x: { label: m, labelAnchor: 'center', labelArrow: 'none' },
        y: { label: 'gap', labelArrow: 'none' },
        marks: [Plot.dot(points, { x: m, y: 'gap', fill: '#2f6f9f', r: 3.5, tip: true }), Plot.linearRegressionY(points, { x: m, y: 'gap', stroke: '#e4572e' })],
      });
      return h('figure', { class: 'chart small', 'data-figure': `gap-${m}` }, fig, h('figcaption', null, `${m} vs gap (${points.length} runs)`));
    })));
}
