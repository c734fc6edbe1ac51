/**
 * The job form, generated from the job registry: a field per option of the chosen kind (its type,
 * help, default and choices come from the kind's option definitions), the model, data and test
 * pickers the kind takes, and the seed. Values are read into a raw spec and validated with the job
 * layer's own schemas — each field on its own (flagged as you type) and the whole spec (the checks
 * across options) — with the messages the CLI and the server give.
 */
import { describeIssue, flagName, jobKinds, kindOf, parseSpec, type JobKind, type JobSpec, type OptionMeta } from '@nnll/landscape';
import { h } from './dom.js';

export interface Choice {
  value: string;
  label: string;
  group: string;
}

/** Suggestions for a path field of a type (`model`, `data`, `file`, …) and extensions. */
export type Suggest = (type: 'model' | 'data' | 'file' | 'output' | 'folder', exts?: readonly string[]) => Choice[];

const PATH_TYPES = new Set(['model', 'data', 'file', 'output', 'folder']);

const defaultText = (meta: OptionMeta): string | undefined => {
  if (meta.default === undefined || meta.type === 'boolean') return undefined;
  return Array.isArray(meta.default) ? meta.default.join(',') : String(meta.default);
};

function described(id: string, label: Node | string, control: HTMLElement, help: string, extra: Node[] = []): HTMLElement {
  control.setAttribute('aria-describedby', `${id}-help ${id}-error`);
  return h('div', { class: 'field', 'data-field': id },
    typeof label === 'string' ? h('label', { for: id }, label) : label,
    control,
    ...extra,
    h('p', { class: 'help', id: `${id}-help` }, help),
    h('p', { class: 'error', id: `${id}-error`, role: 'alert' }),
  );
}

/** A picker: a list of choices beside a free text field (paths, built-in specs). */
function picker(id: string, label: string, help: string, placeholder: string): HTMLElement {
  const input = h('input', { id, name: id, type: 'text', autocomplete: 'off', spellcheck: false, placeholder });
  const select = h('select', { id: `${id}-choice`, class: 'choice', 'aria-label': `Choose ${label.toLowerCase()}` }, h('option', { value: '' }, 'choose…'));
  select.addEventListener('change', () => {
    if (select.value) {
      input.value = select.value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
  });
  input.addEventListener('input', () => {
    if ([...select.options].some((o) => o.value === input.value)) select.value = input.value;
    else select.value = '';
  });
  const field = described(id, h('label', { for: id }, label), h('div', { class: 'picker' }, select, input), help, [h('p', { class: 'info', id: `${id}-info`, 'aria-live': 'polite' })]);
  input.setAttribute('aria-describedby', `${id}-help ${id}-info ${id}-error`);
  return field;
}

/** Sets a picker's choices, grouped (workspace, built-in, dropped in this browser). */
export function setChoices(form: HTMLFormElement, id: string, choices: Choice[]): void {
  const select = form.querySelector<HTMLSelectElement>(`#${id}-choice`);
  const input = form.querySelector<HTMLInputElement>(`#${id}`);
  if (!select || !input) return;
  const groups = new Map<string, Choice[]>();
  for (const c of choices) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
  select.replaceChildren(h('option', { value: '' }, choices.length ? 'choose…' : 'nothing to choose'));
  for (const [group, list] of groups) select.append(h('optgroup', { label: group }, ...list.map((c) => h('option', { value: c.value }, c.label))));
  select.value = [...select.options].some((o) => o.value === input.value) ? input.value : '';
}

function optionField(key: string, meta: OptionMeta, suggest: Suggest): HTMLElement {
  const id = `opt-${key}`;
  const label = `--${flagName(key)}`;
  const def = defaultText(meta);
  const help = meta.help;
  switch (meta.type) {
    case 'boolean':
      return h('div', { class: 'field check', 'data-field': id },
        h('input', { id, name: key, type: 'checkbox', 'aria-describedby': `${id}-help ${id}-error` }),
        h('label', { for: id }, label),
        h('p', { class: 'help', id: `${id}-help` }, help),
        h('p', { class: 'error', id: `${id}-error`, role: 'alert' }));
    case 'choice':
      return described(id, label, h('select', { id, name: key },
        h('option', { value: '' }, def !== undefined ? `${def} (default)` : '(default)'),
        ...(meta.choices ?? []).map((c) => h('option', { value: c }, c))), help);
    default: {
      const list = PATH_TYPES.has(meta.type) ? `${id}-list` : undefined;
      const input = h('input', { id, name: key, type: 'text', autocomplete: 'off', spellcheck: false, inputmode: meta.type === 'int' || meta.type === 'number' ? 'decimal' : undefined, placeholder: def !== undefined ? `${def} (default)` : meta.placeholder ?? '', list });
      const extra = list ? [h('datalist', { id: list }, ...suggest(meta.type as 'file', meta.exts).map((c) => h('option', { value: c.value }, c.label)))] : [];
      return described(id, label, input, help, extra);
    }
  }
}

/** The fields of a kind: its inputs, options and the seed. */
export function kindFields(kind: JobKind, suggest: Suggest): HTMLElement[] {
  const fields: HTMLElement[] = [];
  const inputs = kind.inputs;
  if (inputs.model) fields.push(picker('model', 'Model', inputs.model.help ?? 'ONNX file, TF.js model.json or built-in spec', inputs.model.default ? `${inputs.model.default} (default)` : 'path or spec, e.g. mlp:2-16-3:tanh'));
  if (inputs.data) fields.push(picker('data', 'Data', inputs.data.help ?? '.npz, .csv, IDX folder or a built-in set', inputs.data.default ? `${inputs.data.default} (default)` : inputs.data.optional ? '(optional)' : 'path or name, e.g. spirals'));
  if (inputs.test) fields.push(picker('test', 'Test data', inputs.test.help ?? 'a held-out data set, evaluated too', '(optional)'));
  const options = Object.entries(kind.options);
  if (options.length) fields.push(h('details', { class: 'options', open: true }, h('summary', null, `Options (${options.length})`), ...options.map(([k, o]) => optionField(k, o.meta, suggest))));
  fields.push(described('seed', 'Seed', h('input', { id: 'seed', name: 'seed', type: 'text', inputmode: 'numeric', placeholder: '0 (default)', autocomplete: 'off' }), 'random seed: directions, initialisation, data order'));
  return fields;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const asNumber = (text: string): number | string => (NUMBER.test(text) ? Number(text) : text);

/** The raw spec the form holds (empty fields left out: their defaults apply). */
export function readForm(form: HTMLFormElement, kind: JobKind): Record<string, unknown> & { options: Record<string, unknown> } {
  const value = (id: string) => form.querySelector<HTMLInputElement>(`#${id}`)?.value.trim() ?? '';
  const raw: Record<string, unknown> & { options: Record<string, unknown> } = { kind: kind.kind, options: {} };
  for (const k of ['model', 'data', 'test'] as const) if (value(k)) raw[k] = value(k);
  if (value('seed')) raw.seed = asNumber(value('seed'));
  for (const [key, o] of Object.entries(kind.options)) {
    const el = form.querySelector<HTMLInputElement | HTMLSelectElement>(`#opt-${key}`);
    if (!el) continue;
    if (o.meta.type === 'boolean') {
      if ((el as HTMLInputElement).checked) raw.options[key] = true;
      continue;
    }
    const text = el.value.trim();
    if (text === '') continue;
    if (o.meta.type === 'int' || o.meta.type === 'number') raw.options[key] = asNumber(text);
    else if (o.meta.type === 'list') raw.options[key] = text.split(',').map((s) => s.trim()).map((s) => (o.meta.items === 'string' ? s : asNumber(s)));
    else raw.options[key] = text;
  }
  return raw;
}

/** Puts a spec's values into the form (after the kind's fields are built). */
export function fillForm(form: HTMLFormElement, spec: Partial<JobSpec>): void {
  const set = (id: string, v: unknown) => {
    const el = form.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`);
    if (!el) return;
    if (el instanceof HTMLInputElement && el.type === 'checkbox') el.checked = v === true;
    else el.value = v === undefined || v === null ? '' : Array.isArray(v) ? v.join(',') : String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  };
  for (const k of ['model', 'data', 'test'] as const) set(k, spec[k]);
  set('seed', spec.seed === undefined || spec.seed === 0 ? '' : spec.seed);
  for (const [k, v] of Object.entries(spec.options ?? {})) set(`opt-${k}`, v);
}

export interface Validation {
  spec?: JobSpec;
  /** Messages by field id (`model`, `opt-top_k`, `seed`). */
  fields: Map<string, string>;
  /** A problem across options, or one no field shows. */
  form?: string;
}

const integerOption = (kind: JobKind, key: string) => kind.options[key]?.meta.type === 'int' || kind.options[key]?.meta.items === 'int';

/** Each field against its own schema, then the whole spec through the job layer's validator. */
export function validate(kind: JobKind, raw: Record<string, unknown> & { options: Record<string, unknown> }): Validation {
  const fields = new Map<string, string>();
  for (const [key, o] of Object.entries(kind.options)) {
    const r = o.schema.safeParse(raw.options[key], { reportInput: true });
    if (!r.success) fields.set(`opt-${key}`, describeIssue(r.error.issues[0] as never, (p) => [key, ...p.map(String)].join('.'), () => integerOption(kind, key)));
  }
  if (raw.seed !== undefined && !(Number.isInteger(raw.seed) && (raw.seed as number) >= 0 && (raw.seed as number) < 2 ** 32)) fields.set('seed', `invalid seed: ${JSON.stringify(raw.seed)} (expected an integer ≥ 0)`);
  for (const k of ['model', 'data'] as const) {
    const input = kind.inputs[k];
    if (input && input.default === undefined && !(input as { optional?: boolean }).optional && raw[k] === undefined) fields.set(k, `missing ${k}`);
  }
  if (fields.size) return { fields };
  try {
    return { spec: parseSpec(raw), fields };
  } catch (e) {
    const message = (e as Error).message;
    const m = /^(?:invalid|missing) ([a-z_]+)\b/.exec(message);
    const key = m?.[1];
    if (key && kind.options[key]) fields.set(`opt-${key}`, message);
    else if (key === 'model' || key === 'data' || key === 'test' || key === 'seed') fields.set(key, message);
    else return { fields, form: message };
    return { fields };
  }
}

/** Shows a validation on the form: messages under fields, aria-invalid set, the form-level line. */
export function showValidation(form: HTMLFormElement, v: Validation, only?: Set<string>): void {
  for (const field of form.querySelectorAll<HTMLElement>('[data-field]')) {
    const id = field.dataset.field!;
    if (only && !only.has(id)) continue;
    const message = v.fields.get(id) ?? '';
    const control = form.querySelector<HTMLElement>(`#${id}`);
    control?.toggleAttribute('aria-invalid', message !== '');
    if (control && message) control.setAttribute('aria-invalid', 'true');
    const error = field.querySelector(`#${id}-error`);
    if (error) error.textContent = message;
  }
  const formError = form.querySelector('#form-error');
  if (formError && !only) formError.textContent = v.form ?? '';
}

/** Kinds the form offers: every kind of the registry. */
export const formKinds = (): JobKind[] => jobKinds();
export { kindOf };
