/** Writes a chart to .svg, .png or .html, chosen by the file's extension, atomically. */
import { extname } from 'node:path';
import { writeFileAtomic } from '@nnll/landscape/node';
import { renderHtml } from './render-html.js';
import { renderPng } from './render-png.js';
import { type FigureFactory, renderSvg } from './render-svg.js';

export type FigureFormat = 'svg' | 'png' | 'html';

export interface WriteFigureOptions {
  /** PNG width in pixels. Default: 2× the SVG's width. */
  width?: number;
  /** HTML page title. Default: the file name. */
  title?: string;
  /** HTML: result data embedded beside the figure. */
  data?: unknown;
}

/** The format of a figure path; throws `invalid plot file: …` for other extensions (check before computing). */
export function figureFormat(path: string): FigureFormat {
  const ext = extname(path).toLowerCase();
  switch (ext) {
    case '.svg':
      return 'svg';
    case '.png':
      return 'png';
    case '.html':
    case '.htm':
      return 'html';
    default:
      throw new RangeError(`invalid plot file: ${path} (expected .svg, .png or .html)`);
  }
}

export async function writeFigure(path: string, factory: FigureFactory, options: WriteFigureOptions = {}): Promise<void> {
  const format = figureFormat(path);
  const svg = renderSvg(factory);
  switch (format) {
    case 'svg':
      return writeFileAtomic(path, svg);
    case 'png':
      return writeFileAtomic(path, renderPng(svg, { width: options.width }));
    case 'html':
      return writeFileAtomic(path, renderHtml(svg, { title: options.title ?? path.split(/[\\/]/).pop(), data: options.data }));
  }
}
