/**
 * Files dropped on the page (or chosen): models and data are kept for jobs run in this browser and
 * uploaded to the workspace when asked; a result file opens as its figure, checked against its
 * kind's schema as the notes' result blocks are.
 */
import { FIGURE_COMMANDS, jobKinds, parseFigureData, type JobKind, type JobSpec } from '@nnll/landscape';
import { api, ApiError } from './api.js';
import { byId, count, fill, h, size } from './dom.js';
import { state, type BrowserJob } from './state.js';
import { loadListings, refreshChoices } from './pickers.js';
import { onFormChange } from './job-form.js';
import { renderJobList } from './job-list.js';
import { openBrowserJob } from './result-view.js';

export function wireDrop(): void {
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


/** A JSON file that is a job result (not a TF.js model.json), or undefined. */
export function asResult(bytes: Uint8Array): Record<string, unknown> | undefined {
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
export function checkResult(name: string, r: Record<string, unknown>): { kind?: JobKind; note: string } {
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
export function specOfResult(r: Record<string, any>, kind: JobKind | undefined): JobSpec {
  const options = { ...(r.provenance?.options ?? {}) };
  if (kind) for (const k of Object.keys(options)) if (!(k in kind.options)) delete options[k];
  return { kind: kind?.kind ?? String(r.command), model: r.model?.path, data: r.data?.path, seed: typeof r.seed === 'number' ? r.seed : 0, options };
}

export function openResultFile(name: string, result: Record<string, unknown>, line: HTMLElement): void {
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
