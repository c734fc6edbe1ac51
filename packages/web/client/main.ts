/**
 * The explorer page: the job form (generated from the job registry), the model and data pickers
 * with the server's listings, dropped files, the job list, and the result view — a job followed
 * live over Server-Sent Events (or run in this browser on Web Workers), drawn by the library's chart
 * factories, compared side by side with shared scales. The address holds the spec of the job shown.
 *
 * Bundled by esbuild into `dist/client/explorer.js`; served at `/assets/explorer.js`.
 */
import { commandLineOf, FIGURE_COMMANDS, isBuiltinData, isBuiltinModel, jobKinds, kindOf, parseFigureData, parseSpec, type JobKind, type JobProgress, type JobSpec } from '@nnll/landscape';
import { surfaceScale } from '@nnll/landscape/charts';
import { api, ApiError, followJob, type FileEntry, type JobView, type Listing, type Progress } from './api.js';
import { runInBrowser, type BrowserRun } from './browser-run.js';
import { byId, count, fill, h, size } from './dom.js';
import { drawLive, drawResult, widthFor, type SurfaceMetric } from './figures.js';
import { fillForm, formKinds, kindFields, readForm, setChoices, showValidation, validate, type Choice, type Validation } from './form.js';
import { gapDashboard, recordLists, recordTable } from './records.js';
import { readUrl, sameSpec, writeUrl } from './url-state.js';

/** A job run in this page. */
interface BrowserJob {
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

type Shown = { where: 'server'; id: string } | { where: 'browser'; id: string };

export interface ViewElement extends HTMLElement {
  /** The result on show (what `nnll COMMAND --json` prints), for scripts and tests. */
  nnllResult?: Record<string, unknown>;
}

const state = {
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
};

const form = byId<HTMLFormElement>('job-form');
const view = byId('view') as ViewElement;
const viewBody = byId('view-body');

/* ---------- listings and pickers ---------- */

function modelChoices(): Choice[] {
  const c: Choice[] = [];
  for (const f of state.models?.workspace ?? []) c.push({ value: f.path, label: `${f.path}${f.info ? ` (${count(f.info.param_count)} parameters)` : f.error ? ' (unreadable)' : ''}`, group: 'Workspace' });
  for (const b of state.models?.builtin ?? []) c.push({ value: b.name, label: `${b.name} — ${b.about}`, group: 'Built-in' });
  for (const name of state.local.keys()) if (/\.(onnx|json)$/i.test(name)) c.push({ value: name, label: `${name} (in this browser)`, group: 'Dropped here' });
  return c;
}

function dataChoices(files: (f: FileEntry) => boolean = (f) => f.role === 'data', exts?: readonly string[]): Choice[] {
  const c: Choice[] = [];
  const ok = (p: string) => !exts || exts.some((e) => p.toLowerCase().endsWith(e));
  for (const f of state.data?.workspace ?? []) if (files(f) && ok(f.path)) c.push({ value: f.path, label: `${f.path} (${f.format}, ${size(f.size)})`, group: 'Workspace' });
  if (!exts) for (const b of state.data?.builtin ?? []) c.push({ value: b.name, label: `${b.name} — ${b.about}`, group: 'Built-in' });
  for (const name of state.local.keys()) if (/\.(npz|csv|safetensors|npy)$/i.test(name) && ok(name)) c.push({ value: name, label: `${name} (in this browser)`, group: 'Dropped here' });
  return c;
}

const suggest = (type: 'model' | 'data' | 'file' | 'output' | 'folder', exts?: readonly string[]): Choice[] =>
  type === 'model' ? modelChoices() : type === 'data' ? dataChoices() : type === 'file' ? dataChoices(() => true, exts) : [];

function refreshChoices(): void {
  setChoices(form, 'model', modelChoices());
  setChoices(form, 'data', dataChoices());
  setChoices(form, 'test', dataChoices());
  for (const [key, o] of Object.entries(state.kind.options)) {
    const list = form.querySelector(`#opt-${key}-list`);
    if (list) fill(list, ...suggest(o.meta.type as 'file', o.meta.exts).map((c) => h('option', { value: c.value }, c.label)));
  }
  showInfo();
}

async function loadListings(): Promise<void> {
  try {
    [state.models, state.data] = await Promise.all([api.models(), api.data()]);
    refreshChoices();
  } catch (e) {
    byId('health').textContent = `cannot list the workspace: ${(e as Error).message}`;
  }
}

function describeInfo(id: 'model' | 'data' | 'test', ref: string): string {
  if (!ref) return '';
  const listing = id === 'model' ? state.models : state.data;
  const entry: { info: Record<string, any> | null; error?: string; size?: number; format?: string } | undefined = listing?.workspace.find((f) => f.path === ref) ?? listing?.builtin.find((b) => b.name === ref);
  if (!entry && state.local.has(ref)) return `in this browser, ${size(state.local.get(ref)!.length)}`;
  if (!entry) return id === 'model' && isBuiltinModel(ref) ? 'a built-in architecture, initialised with the seed' : id !== 'model' && isBuiltinData(ref) ? 'a built-in data set' : '';
  if (!entry.info) return entry.error ? `cannot be read: ${entry.error}` : '';
  const i = entry.info;
  const bytes = entry.size !== undefined ? ` · ${size(entry.size)}` : '';
  if ('param_count' in i) return `${i.format} · ${count(i.param_count)} parameters in ${i.tensors} tensors · input [${i.inputs[0].shape.join(', ')}] → output [${i.outputs[0].shape.join(', ')}] · ${i.loss}${bytes}`;
  if ('n' in i) return `${count(i.n)} samples of [${i.shape.join(', ')}] · ${i.task}${i.classes ? `, ${i.classes} classes` : ''}${bytes}`;
  if ('arrays' in i) return `${i.arrays.map((a: { name: string; shape: number[] }) => `${a.name} [${a.shape.join(', ')}]`).join(', ')}${bytes}`;
  return bytes.slice(3);
}

function showInfo(): void {
  for (const id of ['model', 'data', 'test'] as const) {
    const input = form.querySelector<HTMLInputElement>(`#${id}`);
    const info = form.querySelector(`#${id}-info`);
    if (input && info) info.textContent = describeInfo(id, input.value.trim());
  }
}

/* ---------- the form ---------- */

function buildKindSelect(): void {
  const select = byId<HTMLSelectElement>('kind');
  fill(select, ...formKinds().map((k) => h('option', { value: k.kind }, `${k.command} — ${k.summary}`)));
  select.value = state.kind.kind;
  select.addEventListener('change', () => setKind(kindOf(select.value), true));
}

function setKind(kind: JobKind, keepInputs: boolean): void {
  const kept = keepInputs ? readForm(form, state.kind) : undefined;
  state.kind = kind;
  byId<HTMLSelectElement>('kind').value = kind.kind;
  byId('kind-help').textContent = kind.summary;
  fill(byId('kind-fields'), ...kindFields(kind, suggest));
  state.touched.clear();
  refreshChoices();
  if (kept) fillForm(form, { model: kept.model as string | undefined, data: kept.data as string | undefined, test: kind.inputs.test ? (kept.test as string | undefined) : undefined });
  onFormChange();
}

let formTimer: ReturnType<typeof setTimeout> | undefined;
let lastValidation: Validation = { fields: new Map() };

function onFormChange(): void {
  clearTimeout(formTimer);
  formTimer = setTimeout(() => {
    const raw = readForm(form, state.kind);
    lastValidation = validate(state.kind, raw);
    showValidation(form, lastValidation, state.touched);
    byId('command-line').textContent = lastValidation.spec ? `nnll ${commandLineOf(lastValidation.spec).join(' ')}` : '—';
    showInfo();
    updateBrowserButton();
  }, 120);
}

/** Paths a spec reads that this page does not hold (so it cannot run here). */
function notInBrowser(spec: JobSpec): string[] {
  const kind = kindOf(spec.kind);
  const missing: string[] = [];
  const needs = (ref: string | undefined, type: 'model' | 'data' | 'file') => {
    if (ref === undefined || state.local.has(ref)) return;
    if (type === 'model' && isBuiltinModel(ref)) return;
    if (type === 'data' && isBuiltinData(ref)) return;
    missing.push(ref);
  };
  needs(spec.model, 'model');
  needs(spec.data, 'data');
  needs(spec.test, 'data');
  for (const [k, v] of Object.entries(spec.options)) {
    const t = kind.options[k]?.meta.type;
    if (typeof v !== 'string') continue;
    if (t === 'model' || t === 'data' || t === 'file') needs(v, t);
    if (t === 'output' || t === 'folder') missing.push(`${v} (written by the job)`);
  }
  return missing;
}

function updateBrowserButton(): void {
  const button = byId<HTMLButtonElement>('run-browser');
  const note = byId('browser-note');
  const spec = lastValidation.spec;
  const missing = spec ? notInBrowser(spec) : [];
  button.disabled = !spec || missing.length > 0;
  note.textContent = !spec ? '' : missing.length ? `To run in this browser, drop ${missing.filter((m) => !m.includes('(written')).join(', ') || 'no output files'} into the page${missing.some((m) => m.includes('(written')) ? ' and leave out files the job writes' : ''} (or run on the server).` : 'Runs on Web Workers with the WebAssembly kernel; nothing is computed on the server.';
}

/** Validates everything; on a problem shows it and focuses the first field at fault. */
function formSpec(): JobSpec | undefined {
  const raw = readForm(form, state.kind);
  lastValidation = validate(state.kind, raw);
  showValidation(form, lastValidation);
  for (const id of lastValidation.fields.keys()) state.touched.add(id);
  if (lastValidation.spec) return lastValidation.spec;
  const first = [...form.querySelectorAll<HTMLElement>('[aria-invalid=true]')][0];
  (first ?? byId('form-error')).focus?.();
  return undefined;
}

function wireForm(): void {
  form.addEventListener('input', (e) => {
    const id = (e.target as HTMLElement).id;
    if (id && !id.endsWith('-choice')) state.touched.add(id);
    onFormChange();
  });
  form.addEventListener('change', (e) => {
    const id = (e.target as HTMLElement).id;
    if (id && !id.endsWith('-choice')) state.touched.add(id);
    onFormChange();
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const spec = formSpec();
    if (!spec) return;
    view.dataset.state = 'submitting';
    try {
      const { id } = await api.submit(spec);
      byId('form-error').textContent = '';
      await refreshJobs();
      await openServerJob(id);
    } catch (err) {
      view.dataset.state = 'refused';
      byId('form-error').textContent = (err as Error).message;
    }
  });
  byId('run-browser').addEventListener('click', () => {
    const spec = formSpec();
    if (spec) startBrowserJob(spec);
  });
}

/* ---------- dropped files ---------- */

function wireDrop(): void {
  const drop = byId('drop');
  const input = byId<HTMLInputElement>('file-input');
  drop.addEventListener('click', () => input.click());
  drop.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      input.click();
    }
  });
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    void addFiles([...(e.dataTransfer?.files ?? [])]);
  });
  input.addEventListener('change', () => {
    void addFiles([...(input.files ?? [])]);
    input.value = '';
  });
}

/** Keeps dropped files in the page (for in-browser jobs) and uploads them when asked to. */
export async function addFiles(files: File[]): Promise<void> {
  const list = byId('file-status');
  const upload = byId<HTMLInputElement>('upload-to-server').checked;
  for (const file of files) {
    const line = h('li', null, `${file.name}: reading…`);
    list.prepend(line);
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (/\.json$/i.test(file.name)) {
      const result = asResult(bytes);
      if (result) {
        openResultFile(file.name, result, line);
        continue;
      }
    }
    let name = file.name;
    if (upload) {
      const send = async (replace: boolean): Promise<void> => {
        try {
          const r = await api.upload(file.name, file, replace);
          name = r.path;
          fill(line, `${r.path}: uploaded to the workspace${r.info && 'param_count' in r.info ? ` (${count(r.info.param_count)} parameters)` : ''}, and kept in this browser`);
          await loadListings();
        } catch (err) {
          if (err instanceof ApiError && err.status === 409) {
            fill(line, `${file.name}: ${err.message} `, h('button', { type: 'button', class: 'secondary', onclick: () => void send(true) }, 'Replace it'));
          } else {
            line.className = 'bad';
            fill(line, `${file.name}: refused by the server — ${(err as Error).message}`);
          }
        }
      };
      await send(false);
    } else fill(line, `${file.name}: kept in this browser (${size(bytes.length)})`);
    state.local.set(name, bytes);
    if (name !== file.name) state.local.set(file.name, bytes);
  }
  refreshChoices();
  onFormChange();
}

/* ---------- result files ---------- */

/** A JSON file that is a job result (not a TF.js model.json), or undefined. */
function asResult(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(new TextDecoder().decode(bytes));
    return v && typeof v === 'object' && !Array.isArray(v) && typeof v.command === 'string' && !('modelTopology' in v) && !('weightsManifest' in v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks a result file as the notes' `result` blocks are checked: a figure's result against its
 * kind's schema (or, without a `schema`, the fields the chart draws); another kind's against its
 * result schema; a result of a kind this page does not know is shown as tables, unchecked.
 */
function checkResult(name: string, r: Record<string, unknown>): { kind?: JobKind; note: string } {
  const kind = jobKinds().find((k) => k.schemaId === r.schema);
  if (FIGURE_COMMANDS.includes(r.command as string)) {
    try {
      parseFigureData(r);
    } catch (e) {
      throw new Error(`${name}: ${(e as Error).message}`);
    }
    return { kind, note: '' };
  }
  if (kind) {
    const c = kind.resultSchema.safeParse(r);
    if (!c.success) {
      const issue = c.error.issues[0];
      throw new Error(`${name}: not a ${kind.schemaId} result (${issue.path.join('.') || 'result'}: ${issue.message})`);
    }
    return { kind, note: '' };
  }
  return { note: ` (schema ${JSON.stringify(r.schema ?? null)} is not one this explorer knows: shown as tables, unchecked)` };
}

/** The spec a result records (kind, model, data, seed, options), for its title and the form. */
function specOfResult(r: Record<string, any>, kind: JobKind | undefined): JobSpec {
  const options = { ...(r.provenance?.options ?? {}) };
  if (kind) for (const k of Object.keys(options)) if (!(k in kind.options)) delete options[k];
  return { kind: kind?.kind ?? String(r.command), model: r.model?.path, data: r.data?.path, seed: typeof r.seed === 'number' ? r.seed : 0, options };
}

function openResultFile(name: string, result: Record<string, unknown>, line: HTMLElement): void {
  let checked;
  try {
    checked = checkResult(name, result);
  } catch (e) {
    line.className = 'bad';
    fill(line, (e as Error).message);
    return;
  }
  const job: BrowserJob = { id: `f${state.nextBrowserId++}`, spec: specOfResult(result, checked.kind), status: result.complete === false ? 'cancelled' : 'done', created: new Date().toISOString(), partial: [], result, file: name };
  state.browserJobs.push(job);
  fill(line, `${name}: opened as a ${result.command} result${checked.note}`);
  renderJobList();
  openBrowserJob(job.id);
}

/* ---------- the job list ---------- */

const describeSpec = (spec: JobSpec): string => [spec.kind, spec.model, spec.data && `on ${spec.data}`].filter(Boolean).join(' ');

function jobItem(key: string): HTMLLIElement {
  const existing = document.querySelector<HTMLLIElement>(`#job-list li[data-key="${key}"]`);
  if (existing) return existing;
  const li = h('li', { class: 'job', 'data-key': key },
    h('div', { class: 'job-head' }, h('span', { class: 'badge' }), h('button', { type: 'button', class: 'link open' })),
    h('progress', { max: 1, value: 0 }),
    h('p', { class: 'progress-text' }),
    h('p', { class: 'job-error' }),
    h('div', { class: 'job-actions' },
      h('button', { type: 'button', class: 'cancel' }, 'Cancel'),
      h('button', { type: 'button', class: 'resume' }, 'Resume'),
      h('button', { type: 'button', class: 'rerun' }, 'Re-run'),
      h('label', null, h('input', { type: 'checkbox', class: 'compare' }), ' compare')));
  return li;
}

function updateItem(li: HTMLLIElement, key: string, job: { spec: JobSpec; status: JobView['status']; progress?: Progress; error?: string; resumable?: boolean; created: string; hasResult: boolean }, where: 'server' | 'browser'): void {
  li.dataset.status = job.status;
  const file = (job as { file?: string }).file;
  const what = file ? `${file} (opened from a file)` : `${describeSpec(job.spec)}${where === 'browser' ? ' (in this browser)' : ''}`;
  const badge = li.querySelector('.badge')!;
  badge.className = `badge ${job.status}`;
  badge.textContent = job.status;
  const open = li.querySelector<HTMLButtonElement>('.open')!;
  open.textContent = what;
  open.title = new Date(job.created).toLocaleString();
  open.onclick = () => void (where === 'server' ? openServerJob(li.dataset.id!) : openBrowserJob(li.dataset.id!));
  const bar = li.querySelector('progress')!;
  const active = job.status === 'running' || job.status === 'queued';
  bar.hidden = !active;
  bar.setAttribute('aria-label', `progress of ${what}`);
  if (job.progress && job.progress.total > 0) {
    bar.max = job.progress.total;
    bar.value = job.progress.done;
  } else bar.removeAttribute('value');
  const text = li.querySelector('.progress-text')!;
  text.textContent = active ? (job.progress ? `${job.progress.phase}: ${count(job.progress.done)} of ${count(job.progress.total)} ${job.progress.unit}${job.progress.note ? ` · ${job.progress.note}` : ''}` : job.status === 'queued' ? 'waiting for a free runner' : 'starting') : '';
  li.querySelector('.job-error')!.textContent = job.error ?? '';
  const cancel = li.querySelector<HTMLButtonElement>('.cancel')!;
  cancel.hidden = !active;
  cancel.setAttribute('aria-label', `Cancel ${what}`);
  cancel.onclick = () => void cancelJob(where, li.dataset.id!);
  const resume = li.querySelector<HTMLButtonElement>('.resume')!;
  resume.hidden = !(where === 'server' && job.resumable);
  resume.setAttribute('aria-label', `Resume ${what}`);
  resume.onclick = () => void resumeJob(li.dataset.id!);
  const rerun = li.querySelector<HTMLButtonElement>('.rerun')!;
  rerun.hidden = active || file !== undefined;
  rerun.setAttribute('aria-label', `Re-run ${what}`);
  rerun.onclick = () => void rerunJob(where, job.spec);
  const box = li.querySelector<HTMLInputElement>('.compare')!;
  box.disabled = !job.hasResult;
  box.setAttribute('aria-label', `Compare ${what}`);
  box.checked = state.compare.has(key);
  box.onchange = () => {
    if (box.checked) state.compare.add(key);
    else state.compare.delete(key);
    byId<HTMLButtonElement>('compare-button').disabled = state.compare.size !== 2;
  };
  li.classList.toggle('current', state.shown !== null && `${state.shown.where[0]}:${state.shown.id}` === key);
}

function renderJobList(): void {
  const list = byId('job-list');
  const entries: { key: string; created: string; li: HTMLLIElement }[] = [];
  for (const j of state.jobs) {
    const key = `s:${j.id}`;
    const li = jobItem(key);
    li.dataset.id = j.id;
    updateItem(li, key, { ...j, hasResult: j.complete !== undefined }, 'server');
    entries.push({ key, created: j.created, li });
  }
  for (const j of state.browserJobs) {
    const key = `b:${j.id}`;
    const li = jobItem(key);
    li.dataset.id = j.id;
    updateItem(li, key, { ...j, hasResult: j.result !== undefined }, 'browser');
    entries.push({ key, created: j.created, li });
  }
  entries.sort((a, b) => b.created.localeCompare(a.created));
  const want = entries.map((e) => e.li);
  // reorder without recreating: focus stays where it is
  want.forEach((li, k) => {
    if (list.children[k] !== li) list.insertBefore(li, list.children[k] ?? null);
  });
  while (list.children.length > want.length) list.lastElementChild!.remove();
  if (want.length === 0 && !list.querySelector('.empty')) list.append(h('li', { class: 'empty' }, 'No jobs yet.'));
}

let pollTimer: ReturnType<typeof setTimeout> | undefined;

async function refreshJobs(): Promise<void> {
  try {
    const [jobs, health] = await Promise.all([api.jobs(), api.health()]);
    state.jobs = jobs;
    byId('health').textContent = `nnll web ${health.version} · kernel ${health.kernel} · ${health.jobs.running} running, ${health.jobs.queued} waiting (${health.jobs.runners} at a time)`;
    renderJobList();
  } catch (e) {
    byId('health').textContent = `server unreachable: ${(e as Error).message}`;
  }
  clearTimeout(pollTimer);
  const busy = state.jobs.some((j) => j.status === 'running' || j.status === 'queued');
  pollTimer = setTimeout(() => void refreshJobs(), busy ? 1500 : 10_000);
}

async function cancelJob(where: 'server' | 'browser', id: string): Promise<void> {
  if (where === 'browser') {
    state.browserJobs.find((j) => j.id === id)?.run?.cancel();
    return;
  }
  try {
    await api.cancel(id);
  } catch (e) {
    setStatus((e as Error).message, 'failed');
  }
  await refreshJobs();
}

async function resumeJob(id: string): Promise<void> {
  try {
    const r = await api.resume(id);
    await refreshJobs();
    await openServerJob(r.id);
  } catch (e) {
    setStatus((e as Error).message, 'failed');
  }
}

async function rerunJob(where: 'server' | 'browser', spec: JobSpec): Promise<void> {
  if (where === 'browser') return startBrowserJob(spec);
  try {
    const r = await api.submit(spec);
    await refreshJobs();
    await openServerJob(r.id);
  } catch (e) {
    setStatus((e as Error).message, 'failed');
  }
}

/* ---------- the result view ---------- */

function setStatus(text: string, st: string, progress?: Progress): void {
  const line = document.querySelector<HTMLElement>('#view-status');
  if (!line) return;
  line.dataset.state = st;
  fill(line, text, progress && progress.total > 0 ? h('progress', { max: progress.total, value: progress.done, 'aria-label': 'progress' }) : null);
}

function viewSkeleton(title: string, where: 'server' | 'browser', spec: JobSpec, file?: string): void {
  redraw = undefined;
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

function actions(where: 'server' | 'browser', id: string, spec: JobSpec, result?: Record<string, unknown>, resumable = false, active = false, file?: string): void {
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

function download(result: unknown, name: string): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(result, null, 2) + '\n'], { type: 'application/json' }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function editSpec(spec: JobSpec): void {
  setKind(kindOf(spec.kind), false);
  fillForm(form, spec);
  onFormChange();
  byId('kind').focus();
}

/** Draws what is on show again (after the window was resized: charts are drawn to a width). */
let redraw: (() => void) | undefined;

/** Draws a finished result: summary, figures, tables. */
function showResult(result: Record<string, unknown>, summary: string | undefined): void {
  redraw = () => showResult(result, summary);
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
function drawLiveSoon(spec: JobSpec): void {
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

const progressText = (p?: Progress) => (p ? `${p.phase}: ${count(p.done)} of ${count(p.total)} ${p.unit}${p.note ? ` · ${p.note}` : ''}` : 'starting');

function showEnd(job: { status: JobView['status']; error?: string; result?: Record<string, unknown>; summary?: string; finished?: string; started?: string; file?: string }, where: 'server' | 'browser', id: string, spec: JobSpec, resumable: boolean, extra = ''): void {
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

function summarize(spec: JobSpec, result: Record<string, unknown>): string | undefined {
  if (!jobKinds().some((k) => k.kind === spec.kind)) return undefined;
  try {
    return (kindOf(spec.kind).summarize as (r: unknown) => string)(result);
  } catch {
    return undefined;
  }
}

async function openServerJob(id: string): Promise<void> {
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

function startBrowserJob(spec: JobSpec): void {
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

let listTimer: ReturnType<typeof setTimeout> | undefined;
function renderJobListSoon(): void {
  listTimer ??= setTimeout(() => {
    listTimer = undefined;
    renderJobList();
  }, 250);
}

function endBrowserView(job: BrowserJob): void {
  clearTimeout(liveTimer);
  liveTimer = undefined;
  view.dataset.backend = job.backend ?? '';
  showEnd(job, 'browser', job.id, job.spec, false, job.seconds !== undefined ? ` in ${job.seconds.toFixed(1)} s in this browser${job.backend ? ` (${job.backend})` : ''}` : '');
}

function openBrowserJob(id: string): void {
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

/* ---------- comparing two results ---------- */

async function resultOf(key: string): Promise<{ title: string; result: Record<string, unknown> } | undefined> {
  const [where, id] = [key.slice(0, 1), key.slice(2)];
  if (where === 'b') {
    const j = state.browserJobs.find((x) => x.id === id);
    return j?.result ? { title: j.file ?? `${describeSpec(j.spec)} (in this browser)`, result: j.result } : undefined;
  }
  const j = await api.job(id);
  return j.result ? { title: j.command, result: j.result } : undefined;
}

async function compareSelected(): Promise<void> {
  redraw = () => void compareSelected();
  const keys = [...state.compare];
  const both = (await Promise.all(keys.map(resultOf))).filter((x): x is { title: string; result: Record<string, unknown> } => x !== undefined);
  if (both.length !== 2) return;
  state.stopFollow?.();
  state.shown = null;
  view.dataset.state = 'compare';
  byId('view-title').textContent = 'Two results side by side';
  const surfaces = both.every((b) => b.result.command === 'surface' && Array.isArray(b.result.y));
  const metric = surfaces && both.every((b) => Array.isArray(b.result[state.metric])) ? state.metric : 'loss';
  const scale = surfaces ? surfaceScale(both.map((b) => ({ result: b.result as never, metric }))) : undefined;
  const width = Math.max(300, Math.floor(widthFor(viewBody, 1400) / 2) - 16);
  const columns = both.map((b) => {
    const figures = h('div');
    const section = h('section', null, h('h3', null, b.title), figures);
    drawResult(figures, b.result, { width, metric, scale });
    return section;
  });
  fill(viewBody, h('p', { id: 'view-status', class: 'status-line', role: 'status' }, surfaces ? `Both drawn with one colour scale and one set of contour levels (${metric.replace('_', ' ')} ${scale!.domain.map((v) => v.toPrecision(4)).join(' to ')}).` : 'Side by side.'), h('div', { class: 'compare' }, ...columns));
  view.focus();
}

/* ---------- start ---------- */

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
      redraw?.();
    }, 250);
  });
  // a link pasted into this tab, or back and forward between figures
  window.addEventListener('hashchange', () => void refreshJobs().then(openFromUrl));
  document.documentElement.dataset.explorer = 'ready';
}

void start();
