/**
 * The explorer page: the job form (generated from the job registry), the model and data pickers
 * with the server's listings, dropped files, the job list, and the result view — a job followed
 * live over Server-Sent Events (or run in this browser on Web Workers), drawn by the library's chart
 * factories, compared side by side with shared scales. The address holds the spec of the job shown.
 *
 * The parts: state.ts (what they share), pickers.ts, job-form.ts, files-panel.ts, job-list.ts,
 * result-view.ts, compare.ts; below them the helpers form.ts (fields from the registry), figures.ts
 * (charts, cursor, slices, live drawing), records.ts (tables, gap dashboards), api.ts, url-state.ts,
 * and the in-browser runner (browser-run.ts, job-worker.ts).
 *
 * Bundled by esbuild into `dist/client/explorer.js`; served at `/assets/explorer.js`.
 */
import { kindOf, parseSpec, type JobSpec } from '@nnll/landscape';
import { byId, fill, h } from './dom.js';
import { readUrl, sameSpec } from './url-state.js';
import { state, view, viewBody } from './state.js';
import { loadListings } from './pickers.js';
import { buildKindSelect, editSpec, setKind, wireForm } from './job-form.js';
import { wireDrop } from './files-panel.js';
import { refreshJobs } from './job-list.js';
import { openServerJob } from './result-view.js';
import { compareSelected } from './compare.js';

async function openFromUrl(): Promise<void> {
  const u = readUrl();
  if (!u) return;
  let spec: JobSpec;
  try {
    spec = parseSpec(u.spec);
  } catch (e) {
    setNotice(`The link's job spec is not valid: ${(e as Error).message}`);
    return;
  }
  if (u.where === 'server') {
    const match = state.jobs.find((j) => sameSpec(j.spec, spec) && j.status === 'done') ?? state.jobs.find((j) => sameSpec(j.spec, spec));
    if (match) return openServerJob(match.id);
  }
  editSpec(spec);
  setNotice(u.where === 'browser' ? 'This link shows a job run in a browser: press "Run in this browser" to compute it here.' : "This link's job is not in this server's history: press \"Run on the server\" to compute it.");
  byId(u.where === 'browser' ? 'run-browser' : 'run-server').focus();
}

function setNotice(text: string): void {
  fill(viewBody, h('p', { class: 'notice', role: 'status' }, text));
}

async function start(): Promise<void> {
  buildKindSelect();
  setKind(kindOf('surface'), false);
  wireForm();
  wireDrop();
  byId('compare-button').addEventListener('click', () => void compareSelected());
  // the skip link moves focus without replacing the spec in the address
  byId('skip').addEventListener('click', (e) => {
    e.preventDefault();
    view.focus();
  });
  await Promise.all([loadListings(), refreshJobs()]);
  await openFromUrl();
  let width = window.innerWidth;
  let resizeTimer: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      if (Math.abs(window.innerWidth - width) < 40) return;
      width = window.innerWidth;
      state.redraw?.();
    }, 250);
  });
  // a link pasted into this tab, or back and forward between figures
  window.addEventListener('hashchange', () => void refreshJobs().then(openFromUrl));
  document.documentElement.dataset.explorer = 'ready';
}

void start();
