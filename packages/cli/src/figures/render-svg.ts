/**
 * A chart factory's figure as one standalone SVG file. Observable Plot builds the figure through a
 * `document` — linkedom's here (jsdom would need Node 22) — and returns either an `<svg>` or a
 * `<figure>` holding a title (`<h2>`), legends and one or more panels. PNG conversion and image
 * viewers need a single SVG, so the parts are laid out top to bottom inside one `<svg>` on a white
 * background: panels and SVG legends nested as they are, headings and captions as SVG text, HTML
 * swatch legends redrawn as SVG. Coordinates are rounded to 2 decimals and clip-path ids derived
 * from the figure (smaller files, stable golden snapshots).
 */
import { parseHTML } from 'linkedom';
import { roundAttributes, stableIds } from '@nnll/landscape/charts';

/** Builds a figure in the given document, e.g. `(document) => surfaceContour(result, { document })`. */
export type FigureFactory = (document: Document) => Element;

interface Part {
  /** Left offset. */
  x?: number;
  width: number;
  height: number;
  /** SVG markup drawn at the part's top-left corner. */
  markup: string;
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (text: string) => escapeText(text).replace(/"/g, '&quot;');

function textPart(text: string, size: number, bold: boolean, width: number): Part {
  const height = Math.round(size * 1.8);
  return {
    width,
    height,
    markup: `<text x="10" y="${Math.round(size * 1.3)}" font-size="${size}"${bold ? ' font-weight="bold"' : ''} fill="black">${escapeText(text)}</text>`,
  };
}

function svgPart(el: Element): Part {
  const width = Number(el.getAttribute('width')) || 640;
  const height = Number(el.getAttribute('height')) || 400;
  // Plot's colour legends draw their label and first tick at x = 0 with overflow: indent them.
  const legend = /-ramp\b/.test(el.getAttribute('class') ?? '');
  return legend ? { x: 20, width: width + 40, height: height + 6, markup: el.outerHTML } : { width, height, markup: el.outerHTML };
}

/** Plot's HTML swatch legend (`<span>` per item: a small `<svg>` then the label) as one SVG row. */
function swatchesPart(el: Element, width: number): Part {
  let x = 10;
  const items: string[] = [];
  for (const span of Array.from(el.querySelectorAll('span'))) {
    const svg = span.querySelector('svg');
    const label = (span.textContent ?? '').trim();
    if (svg) {
      items.push(`<g transform="translate(${x},4)">${svg.outerHTML}</g>`);
      x += (Number(svg.getAttribute('width')) || 15) + 4;
    }
    items.push(`<text x="${x}" y="15" font-size="10" fill="black">${escapeText(label)}</text>`);
    x += label.length * 6.5 + 16;
  }
  return { width: Math.max(width, x), height: 22, markup: items.join('') };
}

/** Parts stacked top to bottom as one part. */
function column(parts: Part[]): Part {
  let y = 0;
  const markup = parts.map((p) => {
    const g = `<g transform="translate(${p.x ?? 0},${y})">${p.markup}</g>`;
    y += p.height;
    return g;
  }).join('');
  return { width: Math.max(1, ...parts.map((p) => (p.x ?? 0) + p.width)), height: y, markup };
}

/** A `div.nnll-row` (panels side by side in the page) as one part, its children left to right. */
function rowPart(el: Element, width: number): Part {
  let x = 0;
  // each cell as wide as its widest chart (its captions and headings fit to that)
  const cells = Array.from(el.children).map((child) => column(layout(child, Math.max(1, ...Array.from(child.tagName.toLowerCase() === 'svg' ? [child] : child.querySelectorAll('svg')).map((s) => Number(s.getAttribute('width')) || 0)) || width)));
  const markup = cells.map((c) => {
    const g = `<g transform="translate(${x},0)">${c.markup}</g>`;
    x += c.width;
    return g;
  }).join('');
  return { width: x, height: Math.max(0, ...cells.map((c) => c.height)), markup };
}

function layout(el: Element, width: number): Part[] {
  const tag = el.tagName.toLowerCase();
  if (tag === 'svg') return [svgPart(el)];
  if (/\bnnll-row\b/.test(el.getAttribute('class') ?? '')) return [rowPart(el, width)];
  if (tag === 'style' || tag === 'script') return [];
  if (tag === 'h1' || tag === 'h2') return [textPart(el.textContent ?? '', 16, true, width)];
  if (tag === 'h3' || tag === 'figcaption' || tag === 'p') return [textPart(el.textContent ?? '', 12, false, width)];
  if (/-swatches\b/.test(el.getAttribute('class') ?? '')) return [swatchesPart(el, width)];
  const parts = Array.from(el.children).flatMap((child) => layout(child, width));
  if (parts.length === 0 && (el.textContent ?? '').trim()) return [textPart((el.textContent ?? '').trim(), 12, false, width)];
  return parts;
}

/** One element (an `<svg>` or a `<figure>`) as a standalone SVG document. */
export function figureToSvg(figure: Element): string {
  const first = figure.tagName.toLowerCase() === 'svg' ? Number(figure.getAttribute('width')) || 640 : 640;
  const guess = Math.max(first, ...Array.from(figure.querySelectorAll('svg')).map((s) => Number(s.getAttribute('width')) || 0));
  const parts = layout(figure, guess);
  const width = Math.max(1, ...parts.map((p) => p.width));
  let y = 0;
  const body = parts.map((p) => {
    const g = `<g transform="translate(${p.x ?? 0},${y})">${p.markup}</g>`;
    y += p.height;
    return g;
  });
  const height = Math.max(1, y);
  const title = figure.querySelector('h2')?.textContent;
  return stableIds(roundAttributes(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="10">` +
      (title ? `<title>${escapeText(title)}</title>` : '') +
      `<rect width="${width}" height="${height}" fill="white"/>${body.join('')}</svg>\n`,
  ));
}

/** A fresh linkedom document for Plot. */
export function figureDocument(): Document {
  return parseHTML('<!doctype html><html><head></head><body></body></html>').document as unknown as Document;
}

/** `renderSvg((document) => surfaceContour(result, { document }))` → the SVG text of the chart. */
export function renderSvg(factory: FigureFactory): string {
  return figureToSvg(factory(figureDocument()));
}

export { escapeAttr, escapeText };
