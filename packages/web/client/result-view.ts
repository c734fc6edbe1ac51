/**
 * The result view: a job followed live (Server-Sent Events, or progress from the in-browser job
 * worker) and drawn from what it streams, then its summary, figures and tables, with the actions
 * that apply to it; the address updated to its spec.
 */
import { commandLineOf, jobKinds, kindOf, parseSpec, type JobProgress, type JobSpec } from '@nnll/landscape';
import { api, followJob, type JobView, type Progress } from './api.js';
import { runInBrowser } from './browser-run.js';
import { byId, count, fill, h } from './dom.js';
import { drawLive, drawResult, widthFor, type SurfaceMetric } from './figures.js';
import { gapDashboard, recordLists, recordTable } from './records.js';
import { writeUrl } from './url-state.js';
import { state, view, viewBody, type BrowserJob } from './state.js';
import { editSpec } from './job-form.js';
import { cancelJob, refreshJobs, renderJobList, renderJobListSoon, rerunJob, resumeJob } from './job-list.js';

export function setStatus(text: string, st: string, progress?: Progress): void {
  const line = document.querySelector<HTMLElement>('#view-status');
  if (!line) return;
  line.dataset.state = st;
  fill(line, text, progress && progress.total > 0 ? h('progress', { max: progress.total, value: progress.done, 'aria-label': 'progress' }) : null);
}

export function viewSkeleton(title: string, where: 'server' | 'browser', spec: JobSpec, file?: string): void {
  state.redraw = undefined;
  // on a narrow screen the result is below the form: bring it into view
  if (window.innerWidth <= 820 && document.documentElement.dataset.explorer === 'ready') view.scrollIntoView({ block: 'start' });
  state.stopFollow?.();
  state.stopFollow = undefined;
  state.live = [];
  view.nnllResult = undefined;
  byId('view-title').textContent = file ? `${file} — opened from a file` : `nnll ${commandLineOf(spec).join(' ')}${where === 'browser' ? ' — in this browser' : ''}`;
  fill(viewBody,
    h('p', { id: 'view-status', class: 'status-line', role: 'status' }, title),
    h('div', { class: 'view-actions', id: 'view-actions' }),
    h('pre', { id: 'view-summary', class: 'summary' }),
    h('div', { id: 'view-figures' }),
    h('div', { id: 'view-tables' }));
  if (!file) writeUrl(spec, where);
}

export function actions(where: 'server' | 'browser', id: string, spec: JobSpec, result?: Record<string, unknown>, resumable = false, active = false, file?: string): void {
  const bar = byId('view-actions');
  const buttons: HTMLElement[] = [];
  let runnable = true;
  try {
    parseSpec(spec);
  } catch {
    runnable = false;
  }
  if (active) buttons.push(h('button', { type: 'button', id: 'view-cancel', onclick: () => void cancelJob(where, id) }, 'Cancel'));
  if (resumable) buttons.push(h('button', { type: 'button', id: 'view-resume', onclick: () => void resumeJob(id) }, 'Resume'));
  if (!active && !file) buttons.push(h('button', { type: 'button', id: 'view-rerun', onclick: () => void rerunJob(where, spec) }, 'Re-run'));
  if (runnable) buttons.push(h('button', { type: 'button', id: 'view-edit', onclick: () => editSpec(spec) }, 'Edit in the form'));
  if (result) {
    buttons.push(h('button', { type: 'button', id: 'view-download', onclick: () => download(result, file ?? `${spec.kind}-${id}.json`) }, 'Download JSON'));
    if (result.command === 'surface' && Array.isArray(result.y)) {
      const metrics = (['loss', 'accuracy', 'test_loss', 'test_accuracy'] as const).filter((m) => Array.isArray(result[m]));
      const select = h('select', { id: 'view-metric' }, ...metrics.map((m) => h('option', { value: m }, m.replace('_', ' '))));
      select.value = state.metric;
      select.addEventListener('change', () => {
        state.metric = select.value as SurfaceMetric;
        drawResult(byId('view-figures'), result, { width: widthFor(viewBody), metric: state.metric });
      });
      buttons.push(h('label', { for: 'view-metric' }, 'Show'), select);
    }
  }
  fill(bar, ...buttons);
  if (file) return; // a file's figure has no link: the address holds specs the server can run
  const link = h('input', { type: 'text', readonly: true, value: location.href, 'aria-label': 'Link to this figure', id: 'view-link' });
  bar.append(h('button', { type: 'button', onclick: () => {
    link.value = location.href;
    link.select();
    void navigator.clipboard?.writeText(location.href).catch(() => {});
  } }, 'Copy link'));
  bar.after(h('div', { class: 'link-box' }, link));
}

export function download(result: unknown, name: string): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(result, null, 2) + '\n'], { type: 'application/json' }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}



/** Draws a finished result: summary, figures, tables. */
export function showResult(result: Record<string, unknown>, summary: string | undefined): void {
  state.redraw = () => showResult(result, summary);
  view.nnllResult = result;
  byId('view-summary').textContent = summary ?? '';
  const width = widthFor(viewBody);
  try {
    drawResult(byId('view-figures'), result, { width, metric: Array.isArray(result[state.metric]) ? state.metric : 'loss' });
  } catch (e) {
    fill(byId('view-figures'), h('p', { class: 'note' }, `The figure cannot be drawn: ${(e as Error).message}`));
  }
  const tables = byId('view-tables');
  tables.replaceChildren();
  for (const [name, rows] of recordLists(result)) {
    const dash = gapDashboard(name, rows, width);
    if (dash) tables.append(dash);
    tables.append(recordTable(name, rows));
  }
  view.dataset.figures = String(byId('view-figures').querySelectorAll('figure.chart').length);
}

let liveTimer: ReturnType<typeof setTimeout> | undefined;
let lastLive = 0;

/** Redraws the running job's figure from what it streamed: at once, then at most every 150 ms. */
export function drawLiveSoon(spec: JobSpec): void {
  const draw = () => {
    liveTimer = undefined;
    lastLive = performance.now();
    if (drawLive(byId('view-figures'), spec, state.live, widthFor(viewBody), state.metric)) {
      // what was drawn, for scripts and tests: items streamed at each redraw, contour bands drawn
      view.dataset.liveHistory = `${view.dataset.liveHistory ? `${view.dataset.liveHistory},` : ''}${state.live.length}`;
      view.dataset.liveContours = String(byId('view-figures').querySelectorAll('[aria-label="contour"] path').length);
    }
  };
  if (liveTimer) return;
  const wait = 150 - (performance.now() - lastLive);
  if (wait <= 0) draw();
  else liveTimer = setTimeout(draw, wait);
}

export const progressText = (p?: Progress) => (p ? `${p.phase}: ${count(p.done)} of ${count(p.total)} ${p.unit}${p.note ? ` · ${p.note}` : ''}` : 'starting');

export function showEnd(job: { status: JobView['status']; error?: string; result?: Record<string, unknown>; summary?: string; finished?: string; started?: string; file?: string }, where: 'server' | 'browser', id: string, spec: JobSpec, resumable: boolean, extra = ''): void {
  view.dataset.state = job.status;
  const seconds = job.started && job.finished ? ` in ${((Date.parse(job.finished) - Date.parse(job.started)) / 1000).toFixed(1)} s` : '';
  const text = job.file ? `Opened from ${job.file}${job.result?.complete === false ? ' (a partial result)' : ''}.` : job.status === 'done' ? `Done${seconds}${extra}.`
    : job.status === 'cancelled' ? `Cancelled${job.result ? ': the partial result is kept' : ''}${resumable ? ' (resumable)' : ''}.`
    : `Failed: ${job.error}${job.result ? ' — the partial result is kept' : ''}${resumable ? ' (resumable)' : ''}.`;
  setStatus(text, job.status);
  document.querySelector('.link-box')?.remove();
  actions(where, id, spec, job.result, resumable, false, job.file);
  if (job.result) showResult(job.result, job.summary ?? summarize(spec, job.result));
  else if (state.live.length) drawLive(byId('view-figures'), spec, state.live, widthFor(viewBody), state.metric);
  renderJobList();
}

export function summarize(spec: JobSpec, result: Record<string, unknown>): string | undefined {
  if (!jobKinds().some((k) => k.kind === spec.kind)) return undefined;
  try {
    return (kindOf(spec.kind).summarize as (r: unknown) => string)(result);
  } catch {
    return undefined;
  }
}

export async function openServerJob(id: string): Promise<void> {
  let job: JobView;
  try {
    job = await api.job(id);
  } catch (e) {
    setStatus((e as Error).message, 'failed');
    return;
  }
  state.shown = { where: 'server', id };
  view.dataset.job = id;
  view.dataset.where = 'server';
  delete view.dataset.liveHistory;
  viewSkeleton(job.status, 'server', job.spec);
  renderJobList();
  if (job.status !== 'queued' && job.status !== 'running') return showEnd(job, 'server', id, job.spec, job.resumable);
  view.dataset.state = job.status;
  actions('server', id, job.spec, undefined, false, true);
  setStatus(job.status === 'queued' ? 'Waiting for a free runner…' : progressText(job.progress), job.status, job.progress);
  state.stopFollow = followJob(id, {
    onProgress: (e) => {
      if (state.shown?.id !== id) return;
      view.dataset.state = e.status;
      if (e.partial?.length) {
        state.live.push(...e.partial);
        drawLiveSoon(job.spec);
      }
      setStatus(e.status === 'queued' ? 'Waiting for a free runner…' : progressText(e.progress), e.status, e.progress);
    },
    onEnd: (end) => {
      if (state.shown?.id !== id) return;
      clearTimeout(liveTimer);
      liveTimer = undefined;
      void refreshJobs();
      showEnd(end, 'server', id, end.spec, end.resumable);
    },
  });
}

export function startBrowserJob(spec: JobSpec): void {
  const job: BrowserJob = { id: `b${state.nextBrowserId++}`, spec, status: 'running', created: new Date().toISOString(), partial: [] };
  state.browserJobs.push(job);
  const files: Record<string, Uint8Array> = {};
  for (const [name, bytes] of state.local) files[name] = bytes;
  const started = performance.now();
  job.run = runInBrowser(spec, files, (p: JobProgress) => {
    const { partial, ...progress } = p;
    job.progress = progress;
    const items = partial === undefined ? [] : Array.isArray(partial) ? partial : [partial];
    job.partial.push(...items);
    if (state.shown?.where === 'browser' && state.shown.id === job.id) {
      state.live = job.partial;
      if (items.length) drawLiveSoon(spec);
      setStatus(progressText(progress), 'running', progress);
    }
    renderJobListSoon();
  });
  job.run.done.then(
    ({ result, backend }) => {
      job.result = result;
      job.backend = backend;
      job.status = result.complete === false ? 'cancelled' : 'done';
    },
    (e: Error) => {
      job.status = 'failed';
      job.error = e.message;
    },
  ).finally(() => {
    job.seconds = (performance.now() - started) / 1000;
    job.run = undefined;
    if (state.shown?.where === 'browser' && state.shown.id === job.id) endBrowserView(job);
    renderJobList();
  });
  renderJobList();
  openBrowserJob(job.id);
}


export function endBrowserView(job: BrowserJob): void {
  clearTimeout(liveTimer);
  liveTimer = undefined;
  view.dataset.backend = job.backend ?? '';
  showEnd(job, 'browser', job.id, job.spec, false, job.seconds !== undefined ? ` in ${job.seconds.toFixed(1)} s in this browser${job.backend ? ` (${job.backend})` : ''}` : '');
}

export function openBrowserJob(id: string): void {
  const job = state.browserJobs.find((j) => j.id === id);
  if (!job) return;
  state.shown = { where: 'browser', id };
  view.dataset.job = id;
  view.dataset.where = 'browser';
  delete view.dataset.liveHistory;
  viewSkeleton(job.status, 'browser', job.spec, job.file);
  renderJobList();
  if (job.status !== 'running') return endBrowserView(job);
  view.dataset.state = 'running';
  actions('browser', id, job.spec, undefined, false, true);
  setStatus(progressText(job.progress), 'running', job.progress);
  state.live = job.partial;
  drawLiveSoon(job.spec);
}
