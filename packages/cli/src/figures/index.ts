export { renderSvg, figureToSvg, figureDocument, type FigureFactory } from './render-svg.js';
export { roundAttributes, stableIds } from '@nnll/landscape/charts';
export { renderPng, pngFont, type RenderPngOptions } from './render-png.js';
export { renderHtml, type RenderHtmlOptions } from './render-html.js';
export { writeFigure, figureFormat, type FigureFormat, type WriteFigureOptions } from './write-figure.js';
