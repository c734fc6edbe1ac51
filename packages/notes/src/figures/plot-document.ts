/**
 * Charts are @nnll/landscape's factories (one implementation for the CLI, the explorer and the
 * notes), built here through linkedom's `document` (jsdom would need Node 22); the browser bundle
 * shims linkedom with the page's own document. Continuous colour ramps draw to a canvas, which
 * linkedom has not, so the charts use threshold legends and direct labels only.
 */
import { roundAttributes, stableIds } from '@nnll/landscape/charts';
import { parseHTML } from 'linkedom';

export interface ChartOptions {
  /** Width of the chart in CSS pixels (default 640); the page scales it down on narrow screens. */
  width?: number;
  /** Height of each panel in CSS pixels (default: per chart). */
  height?: number;
  /** Heading drawn above the chart (default: none). */
  title?: string;
}

/** A chart drawn by `draw(document)` as an HTML string: an `<svg>`, or a `<figure>` of title, legend and panels. */
export function renderFigure(draw: (document: Document) => Element): string {
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  return stableIds(roundAttributes(draw(document as unknown as Document).outerHTML));
}
