/**
 * Observable Plot in Node: Plot builds SVG through a `document`, which linkedom supplies (jsdom would
 * need Node 22). Continuous color ramps draw to a canvas, which linkedom has not, so charts here use
 * threshold/ordinal legends only.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

export interface ChartOptions {
  /** Width of the SVG in CSS pixels (default 640); the page scales it down on narrow screens. */
  width?: number;
  /** Height in CSS pixels (default 400 for surfaces, 320 for line charts). */
  height?: number;
  /** Heading drawn above the chart (default: none). */
  title?: string;
}

export function validateChartOptions(options: ChartOptions): void {
  for (const [name, value] of Object.entries(options)) {
    switch (name) {
      case 'width':
      case 'height':
        if (value !== undefined && (typeof value !== 'number' || !(value >= 100 && value <= 4000))) {
          throw new TypeError(`invalid ${name}: ${JSON.stringify(value)} (a number of pixels in 100..4000)`);
        }
        break;
      case 'title':
        if (value !== undefined && typeof value !== 'string') throw new TypeError(`invalid title: ${JSON.stringify(value)}`);
        break;
      default:
        throw new TypeError(`invalid chart option: ${name}`);
    }
  }
}

/** Rounds coordinates in attribute values to 2 decimals: smaller pages, stable golden files. */
function roundAttributes(svg: string): string {
  return svg.replace(/(\s[a-zA-Z:-]+=")([^"]*)"/g, (_whole, head: string, value: string) => {
    const rounded = value.replace(/-?\d+\.\d{3,}(?:e-?\d+)?/g, (number) => {
      const fixed = Number(number).toFixed(2).replace(/\.?0+$/, '');
      return fixed === '-0' ? '0' : fixed;
    });
    return `${head}${rounded}"`;
  });
}

/** Renders `Plot.plot(options)` to an HTML string (an `<svg>`, or a `<figure>` when there is a legend). */
export function renderPlot(options: Plot.PlotOptions): string {
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  const chart = Plot.plot({ ...options, document: document as unknown as Document });
  return roundAttributes(chart.outerHTML);
}

/** Nicely formatted number for labels: 4 significant digits. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && (Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3)) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}
