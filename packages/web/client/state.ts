/** What the page's parts share: the state of the page and the elements they draw into. */
import type { JobSpec } from '@nnll/landscape';
import type { JobView, Listing, Progress } from './api.js';
import type { BrowserRun } from './browser-run.js';
import { byId } from './dom.js';
import type { SurfaceMetric } from './figures.js';
import { formKinds } from './form.js';

/** A job run in this page. */
export interface BrowserJob {
  id: string;
  spec: JobSpec;
  status: JobView['status'];
  created: string;
  progress?: Progress;
  partial: unknown[];
  result?: Record<string, unknown>;
  error?: string;
  backend?: string;
  seconds?: number;
  run?: BrowserRun;
  /** Opened from a result file (`nnll … --out result.json`) rather than run. */
  file?: string;
}

export type Shown = { where: 'server'; id: string } | { where: 'browser'; id: string };

export interface ViewElement extends HTMLElement {
  /** The result on show (what `nnll COMMAND --json` prints), for scripts and tests. */
  nnllResult?: Record<string, unknown>;
}

export const state = {
  kind: formKinds()[0],
  models: null as Listing | null,
  data: null as Listing | null,
  /** Files dropped into this page, by name (as jobs name them). */
  local: new Map<string, Uint8Array>(),
  jobs: [] as JobView[],
  browserJobs: [] as BrowserJob[],
  shown: null as Shown | null,
  stopFollow: undefined as (() => void) | undefined,
  live: [] as unknown[],
  metric: 'loss' as SurfaceMetric,
  compare: new Set<string>(),
  touched: new Set<string>(),
  nextBrowserId: 1,
  /** Draws what is on show again (after the window was resized: charts are drawn to a width). */
  redraw: undefined as (() => void) | undefined,
};

export const form = byId<HTMLFormElement>('job-form');
export const view = byId('view') as ViewElement;
export const viewBody = byId('view-body');
