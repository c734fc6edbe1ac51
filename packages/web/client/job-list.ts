/**
 * The job list: the server's history (polled while jobs run) and this page's own jobs, each with
 * its status, progress, cancel, resume, re-run and a box to compare it. Items are updated in place,
 * so focus stays where it is.
 */
import type { JobSpec } from '@nnll/landscape';
import { api, type JobView, type Progress } from './api.js';
import { byId, count, h } from './dom.js';
import { state } from './state.js';
import { openBrowserJob, openServerJob, setStatus, startBrowserJob } from './result-view.js';

export const describeSpec = (spec: JobSpec): string => [spec.kind, spec.model, spec.data && `on ${spec.data}`].filter(Boolean).join(' ');

export function jobItem(key: string): HTMLLIElement {
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

export function updateItem(li: HTMLLIElement, key: string, job: { spec: JobSpec; status: JobView['status']; progress?: Progress; error?: string; resumable?: boolean; created: string; hasResult: boolean }, where: 'server' | 'browser'): void {
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

export function renderJobList(): void {
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

export async function refreshJobs(): Promise<void> {
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

export async function cancelJob(where: 'server' | 'browser', id: string): Promise<void> {
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

export async function resumeJob(id: string): Promise<void> {
  try {
    const r = await api.resume(id);
    await refreshJobs();
    await openServerJob(r.id);
  } catch (e) {
    setStatus((e as Error).message, 'failed');
  }
}

export async function rerunJob(where: 'server' | 'browser', spec: JobSpec): Promise<void> {
  if (where === 'browser') return startBrowserJob(spec);
  try {
    const r = await api.submit(spec);
    await refreshJobs();
    await openServerJob(r.id);
  } catch (e) {
    setStatus((e as Error).message, 'failed');
  }
}


let listTimer: ReturnType<typeof setTimeout> | undefined;
export function renderJobListSoon(): void {
  listTimer ??= setTimeout(() => {
    listTimer = undefined;
    renderJobList();
  }, 250);
}
