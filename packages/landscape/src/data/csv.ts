/**
 * CSV data sets: a header row, then one sample per row, comma-separated numbers. The label
 * column is the one named `label`, else the last column. If every value in it is an integer
 * it holds class labels (classification, classes = max + 1), else regression targets (one per
 * sample). Cells may be double-quoted; `nan`, `inf`, `-inf` (any case) are read as numbers so
 * that checkData can report them. Browser-safe.
 */
import type { Dataset } from './dataset.js';
import { DataError } from './errors.js';
import { toLabels, type Task } from './from-arrays.js';

export interface CsvOptions {
  /** Overrides the task implied by the label column's values. */
  task?: Task;
}

/** Reads CSV text (or UTF-8 bytes); `source` names the file in errors as `source:line`. */
export function parseCsv(input: string | Uint8Array, source = 'CSV', options: CsvOptions = {}): Dataset {
  const text = (typeof input === 'string' ? input : new TextDecoder().decode(input)).replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  let h = 0;
  while (h < lines.length && lines[h].trim() === '') h++;
  if (h === lines.length) throw new DataError(`${source}: empty CSV file`);
  const header = splitRow(lines[h], `${source}:${h + 1}`);
  if (header.length < 2) throw new DataError(`${source}:${h + 1}: header has ${header.length} column; expected inputs and a label column`);
  const named = header.indexOf('label');
  const labelCol = named >= 0 ? named : header.length - 1;
  const width = header.length, d = width - 1;
  const xs: number[] = [], ys: number[] = [];
  for (let l = h + 1; l < lines.length; l++) {
    if (lines[l].trim() === '') continue;
    const where = `${source}:${l + 1}`;
    const cells = splitRow(lines[l], where);
    if (cells.length !== width) throw new DataError(`${where}: expected ${width} cells as in the header, found ${cells.length}`);
    for (let c = 0; c < width; c++) {
      const v = toNumber(cells[c]);
      if (Number.isNaN(v) && !/^[+-]?nan$/i.test(cells[c])) throw new DataError(`${where}: column ${JSON.stringify(header[c])}: not a number: ${JSON.stringify(cells[c])}`);
      if (c === labelCol) ys.push(v);
      else xs.push(v);
    }
  }
  const n = ys.length;
  if (n === 0) throw new DataError(`${source}: no data rows after the header`);
  const x = Float32Array.from(xs);
  const task = options.task ?? (ys.every(Number.isInteger) ? 'classification' : 'regression');
  if (task === 'regression') return { name: source, shape: [d], x, targets: Float32Array.from(ys), n };
  const labels = toLabels(ys, source);
  return { name: source, shape: [d], x, labels, n, classes: labels.reduce((m, v) => Math.max(m, v + 1), 0) };
}

function toNumber(cell: string): number {
  if (cell === '') return NaN;
  if (/^[+-]?inf(inity)?$/i.test(cell)) return cell.startsWith('-') ? -Infinity : Infinity;
  return Number(cell);
}

/** Splits one row at commas outside double quotes ("" inside quotes is a quote); trims cells. */
function splitRow(line: string, where: string): string[] {
  const cells: string[] = [];
  let cell = '', quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell.trim() === '') { cell = ''; quoted = true; }
    else if (ch === ',') { cells.push(cell.trim()); cell = ''; }
    else cell += ch;
  }
  if (quoted) throw new DataError(`${where}: unterminated quoted cell`);
  cells.push(cell.trim());
  return cells;
}
