/**
 * What every chart factory shares: the common options (document, size, title), their validation,
 * number formatting for labels, JSON-friendly number arrays (`null` stands for NaN, as in result
 * JSON), and stacking several Plot panels into one figure.
 *
 * Charts are built by Observable Plot through a `document`: the browser's by default, or one the
 * caller passes (linkedom's in Node). Nothing here touches `node:*`.
 */
import * as Plot from '@observablehq/plot';

/** A number from a result JSON: `null` is a NaN that JSON could not carry. */
export type Num = number | null;

export interface ChartOptions {
  /** Document Plot builds the figure in. Default: `globalThis.document` (a browser); required elsewhere. */
  document?: Document;
  /** Width in CSS pixels. Default 640. */
  width?: number;
  /** Height of each panel in CSS pixels. Default: per chart. */
  height?: number;
  /** Heading above the chart. Default: none. */
  title?: string;
}

/** What a chart factory returns: Plot's `<svg>`, or a `<figure>` holding a title, legends and panels. */
export type Figure = SVGSVGElement | HTMLElement;

/** Validates a common option; returns false when `name` is not one, so the chart's switch goes on. */
export function commonOption(name: string, value: unknown): boolean {
  switch (name) {
    case 'document':
      if (value !== undefined && (typeof value !== 'object' || value === null || typeof (value as Document).createElementNS !== 'function')) {
        throw new TypeError(`invalid document: ${short(value)} (a DOM Document)`);
      }
      return true;
    case 'width':
    case 'height':
      if (value !== undefined && (typeof value !== 'number' || !(value >= 100 && value <= 4000))) {
        throw new RangeError(`invalid ${name}: ${short(value)} (a number of pixels in 100..4000)`);
      }
      return true;
    case 'title':
      if (value !== undefined && typeof value !== 'string') throw new TypeError(`invalid title: ${short(value)}`);
      return true;
    default:
      return false;
  }
}

export function checkBoolean(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') throw new TypeError(`invalid ${name}: ${short(value)} (true or false)`);
}

export function checkString(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'string') throw new TypeError(`invalid ${name}: ${short(value)}`);
}

/** Options with `undefined` entries dropped, over the chart's defaults. */
export function withDefaults<D extends object, O extends object>(defaults: D, options: O): D & O {
  const set = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return { ...defaults, ...set } as D & O;
}

export function resolveDocument(document: Document | undefined): Document {
  const doc = document ?? (globalThis as { document?: Document }).document;
  if (!doc) throw new TypeError('invalid document: none (pass options.document outside a browser, e.g. linkedom\'s)');
  return doc;
}

export function short(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `null` (and anything not a finite number) read as NaN. */
export function num(value: Num | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN;
}

/** True when the array holds at least one finite number. */
export function hasValues(values: readonly Num[] | null | undefined): values is readonly Num[] {
  return Array.isArray(values) && values.some((v) => typeof v === 'number' && Number.isFinite(v));
}

/** Labels: 4 significant digits, exponent form for very large or small magnitudes. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && (Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3)) return value.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(4)));
}

/** Series colours: train, test, then extra series. */
export const palette = { train: '#2f6f9f', test: '#e4572e', accent: '#e4572e', muted: '#888888' } as const;

/**
 * One figure from panels stacked top to bottom: the single panel itself when there is one and no
 * title, else a `<figure>` with an `<h2>` title and the panels in order.
 */
export function stack(document: Document, panels: Figure[], title?: string): Figure {
  if (panels.length === 1 && title === undefined) return panels[0];
  const figure = document.createElement('figure');
  figure.setAttribute('class', 'nnll-chart');
  if (title !== undefined) {
    const h2 = document.createElement('h2');
    h2.textContent = title;
    figure.appendChild(h2);
  }
  for (const panel of panels) figure.appendChild(panel);
  return figure;
}

/** `Plot.plot` in the given document. */
export function plot(document: Document, options: Plot.PlotOptions): Figure {
  return Plot.plot({ ...options, document });
}
