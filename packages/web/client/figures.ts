/**
 * A result's figures in the page, drawn by the library's chart factories (`figuresFor`, the same as
 * the CLI's `--plot` and the notes), plus what a page adds: on a 2-D surface a cursor that reads the
 * loss and accuracy under the pointer (or moved with the arrow keys) and, on click or Enter, the
 * 1-D slices through that point; and while a job runs, its figure drawn from what it has streamed —
 * surface points filling the grid coarse-to-fine, training epochs as they end.
 */
import { figuresFor, surfaceContour, surfaceLine, trainingCurves, formatNumber, type Figure } from '@nnll/landscape/charts';
import { linspace, parseRange, type JobSpec } from '@nnll/landscape';
import { h } from './dom.js';

type Grid = (number | null)[][];
export type SurfaceMetric = 'loss' | 'accuracy' | 'test_loss' | 'test_accuracy';

interface SurfaceData {
  command: 'surface';
  x: number[];
  y?: number[];
  loss: Grid | (number | null)[];
  accuracy?: Grid | (number | null)[] | null;
  test_loss?: Grid | (number | null)[];
  test_accuracy?: Grid | (number | null)[] | null;
}

/** Chart width for a container: its width less padding, within Plot's bounds. */
export const widthFor = (el: Element, max = 760): number => Math.max(280, Math.min(max, Math.floor((el as HTMLElement).clientWidth || 640) - 8));

function chartBox(title: string, figure: Figure, name: string): HTMLElement {
  return h('figure', { class: 'chart', 'data-figure': name }, figure as unknown as Node, h('figcaption', null, title));
}

/** Every figure of a finished (or partial) result; a surface gets its cursor and slices. */
export function drawResult(container: HTMLElement, result: Record<string, unknown>, o: { width: number; metric?: SurfaceMetric; scale?: object }): void {
  container.replaceChildren();
  const r = result as unknown as SurfaceData & Record<string, unknown>;
  if (r.command === 'surface' && Array.isArray(r.y)) {
    const metric = o.metric ?? 'loss';
    const fig = surfaceContour(r as never, { width: o.width, metric, ...(o.scale ?? {}) });
    const box = chartBox(`${metric.replace('_', ' ')} surface of ${String((r as { model?: { path?: string } }).model?.path ?? '').split('/').pop()}`, fig, 'surface');
    container.append(box);
    const slices = h('section', { class: 'slices', 'aria-label': 'Slices through a point' });
    attachCursor(box, r, metric, (i, j) => drawSlices(slices, r, i, j, o.width));
    container.append(slices);
    return;
  }
  let figures: ReturnType<typeof figuresFor>;
  try {
    figures = figuresFor(r);
  } catch {
    figures = [];
  }
  for (const f of figures) {
    try {
      container.append(chartBox(f.title, f.draw({ width: o.width }), f.name));
    } catch (e) {
      container.append(h('p', { class: 'note' }, `${f.title}: cannot be drawn (${(e as Error).message})`));
    }
  }
}

/** A 1-D or 2-D surface result built from streamed points (null where not computed yet). */
export function surfaceFromPoints(spec: JobSpec, points: readonly { i: number; j: number; loss: number | null; accuracy: number | null; test_loss?: number | null; test_accuracy?: number | null }[]): SurfaceData {
  const o = spec.options as { x: string; y?: string };
  const x = linspace(parseRange(o.x, 'x'));
  const test = spec.test !== undefined;
  if (o.y === undefined) {
    const line = (): (number | null)[] => new Array(x.length).fill(null);
    const r: SurfaceData = { command: 'surface', x, loss: line(), accuracy: line(), ...(test ? { test_loss: line(), test_accuracy: line() } : {}) };
    for (const p of points) {
      (r.loss as (number | null)[])[p.i] = p.loss;
      (r.accuracy as (number | null)[])[p.i] = p.accuracy;
      if (test) {
        (r.test_loss as (number | null)[])[p.i] = p.test_loss ?? null;
        (r.test_accuracy as (number | null)[])[p.i] = p.test_accuracy ?? null;
      }
    }
    return r;
  }
  const y = linspace(parseRange(o.y, 'y'));
  const grid = (): Grid => x.map(() => new Array(y.length).fill(null));
  const r: SurfaceData = { command: 'surface', x, y, loss: grid(), accuracy: grid(), ...(test ? { test_loss: grid(), test_accuracy: grid() } : {}) };
  for (const p of points) {
    if (p.i >= x.length || p.j >= y.length) continue;
    (r.loss as Grid)[p.i][p.j] = p.loss;
    (r.accuracy as Grid)[p.i][p.j] = p.accuracy;
    if (test) {
      (r.test_loss as Grid)[p.i][p.j] = p.test_loss ?? null;
      (r.test_accuracy as Grid)[p.i][p.j] = p.test_accuracy ?? null;
    }
  }
  return r;
}

/** The figure of a running job from what it has streamed; false when its kind streams nothing drawable. */
export function drawLive(container: HTMLElement, spec: JobSpec, items: readonly unknown[], width: number, metric: SurfaceMetric = 'loss'): boolean {
  if (items.length === 0) return false;
  if (spec.kind === 'surface') {
    const r = surfaceFromPoints(spec, items as never);
    const field = (r as unknown as Record<string, unknown>)[metric] as unknown[] | undefined;
    if (!field || !(field.flat() as (number | null)[]).some((v) => typeof v === 'number' && Number.isFinite(v))) return false;
    const fig = r.y ? surfaceContour(r as never, { width, metric }) : surfaceLine(r as never, { width });
    container.replaceChildren(chartBox(`${metric.replace('_', ' ')}: ${items.length} points so far (coarse grid first)`, fig, 'surface-live'));
    return true;
  }
  if (spec.kind === 'train' && items.every((e) => typeof e === 'object' && e !== null && 'epoch' in e)) {
    container.replaceChildren(chartBox(`Training: ${items.length} epoch${items.length === 1 ? '' : 's'} so far`, trainingCurves({ history: items as never }, { width }), 'training-live'));
    return true;
  }
  return false;
}

/** The Plot panel of a figure that has x and y position scales (the contour, not its colour bar). */
function plotPanel(box: Element): (SVGSVGElement & { scale(name: string): { apply(v: number): number; invert(v: number): number } | undefined }) | undefined {
  const svgs = [...box.querySelectorAll('svg')] as (SVGSVGElement & { scale?: (name: string) => unknown })[];
  return svgs.reverse().find((s) => {
    try {
      return typeof s.scale === 'function' && s.scale('x') && s.scale('y');
    } catch {
      return false;
    }
  }) as never;
}

const pct = (v: number | null | undefined) => (typeof v === 'number' ? `${(100 * v).toFixed(1)}%` : '—');
const val = (v: number | null | undefined) => (typeof v === 'number' ? formatNumber(v) : 'not computed');

/** The numbers at grid point (i, j), as one line. */
export function readout(r: SurfaceData, i: number, j: number): string {
  const at = (g: unknown) => (Array.isArray(g) ? ((g as Grid)[i]?.[j] ?? null) : null);
  const parts = [`a = ${formatNumber(r.x[i])}, b = ${formatNumber(r.y![j])}`, `loss ${val(at(r.loss))}`, `accuracy ${pct(at(r.accuracy))}`];
  if (r.test_loss) parts.push(`test loss ${val(at(r.test_loss))}`, `test accuracy ${pct(at(r.test_accuracy))}`);
  return parts.join(' · ');
}

/** Cursor over a drawn 2-D surface: pointer or arrow keys move it, click or Enter opens the slices. */
function attachCursor(box: HTMLElement, r: SurfaceData, metric: SurfaceMetric, open: (i: number, j: number) => void): void {
  const svg = plotPanel(box);
  if (!svg || !r.y) return;
  const sx = svg.scale('x')!, sy = svg.scale('y')!;
  const x = r.x, y = r.y;
  const ns = 'http://www.w3.org/2000/svg';
  const marker = document.createElementNS(ns, 'circle');
  marker.setAttribute('r', '6');
  marker.setAttribute('fill', 'none');
  marker.setAttribute('stroke', '#e4572e');
  marker.setAttribute('stroke-width', '2');
  marker.setAttribute('class', 'cursor');
  marker.style.display = 'none';
  svg.append(marker);
  const line = h('p', { class: 'readout', id: 'surface-readout', 'aria-live': 'polite' }, 'Point at the surface (or focus it and use the arrow keys) to read the loss; click or press Enter for the slices through that point.');
  box.append(line);
  let at: [number, number] = [Math.floor(x.length / 2), Math.floor(y.length / 2)];
  const nearest = (values: number[], v: number) => values.reduce((best, u, k) => (Math.abs(u - v) < Math.abs(values[best] - v) ? k : best), 0);
  const show = (i: number, j: number) => {
    at = [i, j];
    marker.setAttribute('cx', String(sx.apply(x[i])));
    marker.setAttribute('cy', String(sy.apply(y[j])));
    marker.style.display = '';
    line.textContent = readout(r, i, j);
    box.dataset.cursor = `${i},${j}`;
  };
  const fromEvent = (e: MouseEvent): [number, number] | undefined => {
    const m = svg.getScreenCTM();
    if (!m) return undefined;
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
    const a = sx.invert(p.x), b = sy.invert(p.y);
    if (a < Math.min(...x) - 1e-9 || a > Math.max(...x) + 1e-9 || b < Math.min(...y) - 1e-9 || b > Math.max(...y) + 1e-9) return undefined;
    return [nearest(x, a), nearest(y, b)];
  };
  svg.addEventListener('pointermove', (e) => {
    const p = fromEvent(e);
    if (p) show(...p);
  });
  svg.addEventListener('click', (e) => {
    const p = fromEvent(e);
    if (!p) return;
    show(...p);
    open(...p);
  });
  svg.style.cursor = 'crosshair';
  svg.setAttribute('tabindex', '0');
  svg.setAttribute('role', 'application');
  svg.setAttribute('aria-label', `${metric.replace('_', ' ')} surface: arrow keys move the cursor, Enter opens the slices through it`);
  svg.setAttribute('aria-describedby', 'surface-readout');
  svg.addEventListener('focus', () => show(...at));
  svg.addEventListener('keydown', (e) => {
    let [i, j] = at;
    if (e.key === 'ArrowLeft') i = Math.max(0, i - 1);
    else if (e.key === 'ArrowRight') i = Math.min(x.length - 1, i + 1);
    else if (e.key === 'ArrowUp') j = Math.min(y.length - 1, j + 1);
    else if (e.key === 'ArrowDown') j = Math.max(0, j - 1);
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open(i, j);
      return;
    } else return;
    e.preventDefault();
    show(i, j);
  });
}

/** The two 1-D slices of a 2-D surface through grid point (i, j): along a at b = y[j], along b at a = x[i]. */
export function drawSlices(container: HTMLElement, r: SurfaceData, i: number, j: number, width: number): void {
  const g = (name: keyof SurfaceData) => (Array.isArray(r[name]) ? (r[name] as Grid) : undefined);
  const loss = g('loss')!, acc = g('accuracy'), tl = g('test_loss'), ta = g('test_accuracy');
  const y = r.y!;
  const alongA = { x: r.x, loss: loss.map((row) => row[j]), accuracy: acc ? acc.map((row) => row[j]) : null, ...(tl ? { test_loss: tl.map((row) => row[j]), test_accuracy: ta ? ta.map((row) => row[j]) : null } : {}) };
  const alongB = { x: y, loss: loss[i], accuracy: acc ? acc[i] : null, ...(tl ? { test_loss: tl[i], test_accuracy: ta ? ta[i] : null } : {}) };
  const w = Math.max(280, Math.min(640, Math.floor(width / 2) - 12));
  container.replaceChildren(
    h('h3', null, `Slices through a = ${formatNumber(r.x[i])}, b = ${formatNumber(y[j])}`),
    h('div', { class: 'slice-pair' },
      chartBox(`Along direction 1 at b = ${formatNumber(y[j])}`, surfaceLine(alongA as never, { width: w, xLabel: 'a (direction 1)', theta: y[j] === 0 }), 'slice-a'),
      chartBox(`Along direction 2 at a = ${formatNumber(r.x[i])}`, surfaceLine(alongB as never, { width: w, xLabel: 'b (direction 2)', theta: r.x[i] === 0 }), 'slice-b')),
  );
  container.dataset.slice = `${i},${j}`;
}
