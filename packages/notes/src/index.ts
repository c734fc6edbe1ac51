export { buildSite, type BuildSiteOptions, type BuildSiteResult } from './build-site.js';
export { serveSite, DEFAULT_NOTES_PORT, type NotesServer, type ServeSiteOptions } from './serve/serve-site.js';
export { createSiteHandler, normalizeBasePath, toNodeListener, type SiteHandler, type SiteHandlerOptions } from './serve/site-handler.js';
export { runNotesCommand, NOTES_HELP, type CommandIO } from './command.js';
export { NotesError } from './notes-error.js';
export { formatWarning, type BuildWarning } from './warning.js';
export { defaultTheme, type Theme } from './theme.js';
export { parsePostDate } from './dates.js';
export type { ComputeFigure, FigureRequest } from './figures/compute-figure.js';
export { parseFigureBlock, type FigureBlock } from './figures/figure-block.js';
export { parseFigureData, FigureDataError, type FigureData } from '@nnll/landscape';
export { renderResult, describeResult } from './figures/render-result.js';
// The charts themselves are @nnll/landscape's (surfaceContour, surfaceLine, interpolationPath, spectralDensity, trainingCurves).
export { computeLiveFigure, createLiveCompute, parseLiveBlock, LIVE_COMMANDS, type LiveComputeOptions } from './live/compute.js';
