/** Two finished results side by side; surfaces with one colour scale and one set of contour levels. */
import { surfaceScale } from '@nnll/landscape/charts';
import { api } from './api.js';
import { byId, fill, h } from './dom.js';
import { drawResult, widthFor } from './figures.js';
import { state, view, viewBody } from './state.js';
import { describeSpec } from './job-list.js';

export async function resultOf(key: string): Promise<{ title: string; result: Record<string, unknown> } | undefined> {
  const [where, id] = [key.slice(0, 1), key.slice(2)];
  if (where === 'b') {
    const j = state.browserJobs.find((x) => x.id === id);
    return j?.result ? { title: j.file ?? `${describeSpec(j.spec)} (in this browser)`, result: j.result } : undefined;
  }
  const j = await api.job(id);
  return j.result ? { title: j.command, result: j.result } : undefined;
}

export async function compareSelected(): Promise<void> {
  state.redraw = () => void compareSelected();
  const keys = [...state.compare];
  const both = (await Promise.all(keys.map(resultOf))).filter((x): x is { title: string; result: Record<string, unknown> } => x !== undefined);
  if (both.length !== 2) return;
  state.stopFollow?.();
  state.shown = null;
  view.dataset.state = 'compare';
  byId('view-title').textContent = 'Two results side by side';
  const surfaces = both.every((b) => b.result.command === 'surface' && Array.isArray(b.result.y));
  const metric = surfaces && both.every((b) => Array.isArray(b.result[state.metric])) ? state.metric : 'loss';
  const scale = surfaces ? surfaceScale(both.map((b) => ({ result: b.result as never, metric }))) : undefined;
  const width = Math.max(300, Math.floor(widthFor(viewBody, 1400) / 2) - 16);
  const columns = both.map((b) => {
    const figures = h('div');
    const section = h('section', null, h('h3', null, b.title), figures);
    drawResult(figures, b.result, { width, metric, scale });
    return section;
  });
  fill(viewBody, h('p', { id: 'view-status', class: 'status-line', role: 'status' }, surfaces ? `Both drawn with one colour scale and one set of contour levels (${metric.replace('_', ' ')} ${scale!.domain.map((v) => v.toPrecision(4)).join(' to ')}).` : 'Side by side.'), h('div', { class: 'compare' }, ...columns));
  view.focus();
}
