/**
 * The model and data pickers: the server's listings (workspace files with their info, built-ins)
 * and the files dropped on the page, as choices; the info line under each picker.
 */
import { isBuiltinData, isBuiltinModel } from '@nnll/landscape';
import { api, type FileEntry } from './api.js';
import { byId, count, fill, h, size } from './dom.js';
import { setChoices, type Choice } from './form.js';
import { form, state } from './state.js';

export function modelChoices(): Choice[] {
  const c: Choice[] = [];
  for (const f of state.models?.workspace ?? []) c.push({ value: f.path, label: `${f.path}${f.info ? ` (${count(f.info.param_count)} parameters)` : f.error ? ' (unreadable)' : ''}`, group: 'Workspace' });
  for (const b of state.models?.builtin ?? []) c.push({ value: b.name, label: `${b.name} — ${b.about}`, group: 'Built-in' });
  for (const name of state.local.keys()) if (/\.(onnx|json)$/i.test(name)) c.push({ value: name, label: `${name} (in this browser)`, group: 'Dropped here' });
  return c;
}

export function dataChoices(files: (f: FileEntry) => boolean = (f) => f.role === 'data', exts?: readonly string[]): Choice[] {
  const c: Choice[] = [];
  const ok = (p: string) => !exts || exts.some((e) => p.toLowerCase().endsWith(e));
  for (const f of state.data?.workspace ?? []) if (files(f) && ok(f.path)) c.push({ value: f.path, label: `${f.path} (${f.format}, ${size(f.size)})`, group: 'Workspace' });
  if (!exts) for (const b of state.data?.builtin ?? []) c.push({ value: b.name, label: `${b.name} — ${b.about}`, group: 'Built-in' });
  for (const name of state.local.keys()) if (/\.(npz|csv|safetensors|npy)$/i.test(name) && ok(name)) c.push({ value: name, label: `${name} (in this browser)`, group: 'Dropped here' });
  return c;
}

export const suggest = (type: 'model' | 'data' | 'file' | 'output' | 'folder', exts?: readonly string[]): Choice[] =>
  type === 'model' ? modelChoices() : type === 'data' ? dataChoices() : type === 'file' ? dataChoices(() => true, exts) : [];

export function refreshChoices(): void {
  setChoices(form, 'model', modelChoices());
  setChoices(form, 'data', dataChoices());
  setChoices(form, 'test', dataChoices());
  for (const [key, o] of Object.entries(state.kind.options)) {
    const list = form.querySelector(`#opt-${key}-list`);
    if (list) fill(list, ...suggest(o.meta.type as 'file', o.meta.exts).map((c) => h('option', { value: c.value }, c.label)));
  }
  showInfo();
}

export async function loadListings(): Promise<void> {
  try {
    [state.models, state.data] = await Promise.all([api.models(), api.data()]);
    refreshChoices();
  } catch (e) {
    byId('health').textContent = `cannot list the workspace: ${(e as Error).message}`;
  }
}

export function describeInfo(id: 'model' | 'data' | 'test', ref: string): string {
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

export function showInfo(): void {
  for (const id of ['model', 'data', 'test'] as const) {
    const input = form.querySelector<HTMLInputElement>(`#${id}`);
    const info = form.querySelector(`#${id}-info`);
    if (input && info) info.textContent = describeInfo(id, input.value.trim());
  }
}
