/**
 * `--csv` tables of results, one row per point, RFC 4180 with a header row and `\n` line ends.
 * Numbers are written in JavaScript's shortest round-trip form (the value read back is the same
 * float64); NaN, ±Infinity and null (a point not computed, a regression's accuracy) are empty fields,
 * which pandas and numpy's genfromtxt read as NaN.
 */

type Num = number | null | undefined;
type Grid = readonly (readonly Num[])[] | readonly Num[];

const field = (v: Num): string => (typeof v === 'number' && Number.isFinite(v) ? String(v) : '');

function table(header: string[], rows: Num[][]): string {
  return `${header.join(',')}\n${rows.map((r) => r.map(field).join(',')).join('\n')}${rows.length ? '\n' : ''}`;
}

function column(values: Grid | null | undefined, i: number, j?: number): Num {
  if (!Array.isArray(values)) return null;
  const row = values[i];
  return j === undefined ? (row as Num) : Array.isArray(row) ? (row[j] as Num) : null;
}

export interface SurfaceCsvData {
  x: readonly number[];
  y?: readonly number[];
  loss: Grid;
  accuracy?: Grid | null;
  test_loss?: Grid;
  test_accuracy?: Grid | null;
}

/**
 * Surfaces: `x,y,loss,accuracy` (2-D, x outer and y inner, so row i·ny + j is `loss[i][j]`) or
 * `x,loss,accuracy` (1-D); `test_loss,test_accuracy` columns when the result has them.
 */
export function surfaceCsv(result: SurfaceCsvData): string {
  const test = result.test_loss !== undefined;
  const extra = test ? ['test_loss', 'test_accuracy'] : [];
  if (result.y === undefined) {
    return table(['x', 'loss', 'accuracy', ...extra], result.x.map((x, i) => [
      x, column(result.loss, i), column(result.accuracy, i), ...(test ? [column(result.test_loss, i), column(result.test_accuracy, i)] : []),
    ]));
  }
  const y = result.y;
  const rows: Num[][] = [];
  result.x.forEach((x, i) => y.forEach((b, j) => rows.push([
    x, b, column(result.loss, i, j), column(result.accuracy, i, j), ...(test ? [column(result.test_loss, i, j), column(result.test_accuracy, i, j)] : []),
  ])));
  return table(['x', 'y', 'loss', 'accuracy', ...extra], rows);
}

export interface InterpolationCsvData {
  t: readonly number[];
  loss: readonly Num[];
  accuracy?: readonly Num[] | null;
  test_loss?: readonly Num[];
  test_accuracy?: readonly Num[] | null;
}

/** Interpolation: `t,loss,accuracy` (+ `test_loss,test_accuracy`). */
export function interpolationCsv(result: InterpolationCsvData): string {
  const test = result.test_loss !== undefined;
  return table(['t', 'loss', 'accuracy', ...(test ? ['test_loss', 'test_accuracy'] : [])], result.t.map((t, k) => [
    t, result.loss[k], result.accuracy?.[k], ...(test ? [result.test_loss?.[k], result.test_accuracy?.[k]] : []),
  ]));
}

export interface SpectrumCsvData {
  eigenvalues?: readonly Num[] | null;
  density?: { x: readonly number[]; y: readonly Num[] } | null;
}

/** Spectral density: `x,density` rows of the grid. */
export function densityCsv(result: SpectrumCsvData): string {
  const d = result.density;
  return table(['x', 'density'], d ? d.x.map((x, k) => [x, d.y[k]]) : []);
}

/** Eigenvalues as the result lists them (largest first): `rank,eigenvalue`, rank from 1. */
export function eigenvaluesCsv(result: SpectrumCsvData): string {
  return table(['rank', 'eigenvalue'], (result.eigenvalues ?? []).map((v, k) => [k + 1, v]));
}

export interface HistoryCsvData {
  history: readonly Record<string, Num>[];
}

/** Training history: `epoch` first, then every metric any epoch has, in order of first appearance. */
export function historyCsv(result: HistoryCsvData): string {
  const names: string[] = ['epoch'];
  for (const e of result.history) for (const key of Object.keys(e)) if (!names.includes(key) && (typeof e[key] === 'number' || e[key] === null)) names.push(key);
  return table(names, result.history.map((e) => names.map((n) => e[n])));
}

const text = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Sharpness: `measure,value,noise`, one row per measure (ε-sharpness per ε). */
export function sharpnessCsv(result: { details: Record<string, unknown> }): string {
  const rows: string[] = [];
  for (const [name, d] of Object.entries(result.details)) {
    if (name === 'eps_sharpness') for (const [eps, e] of Object.entries(d as Record<string, { value: Num; noise: Num }>)) rows.push(`${text(`eps_sharpness(${eps})`)},${field(e.value)},${field(e.noise)}`);
    else rows.push(`${name},${field((d as { value: Num }).value)},${field((d as { noise: Num }).noise)}`);
  }
  return `measure,value,noise\n${rows.map((r) => `${r}\n`).join('')}`;
}

/** Reparametrisation: `alpha,measure,before,after,ratio,invariant`, one row per α and measure. */
export function reparamCsv(result: { alphas: { alpha: number; measures: { name: string; before: Num; after: Num; ratio: Num; invariant: boolean }[] }[] }): string {
  const rows = result.alphas.flatMap((a) => a.measures.map((m) => `${field(a.alpha)},${text(m.name)},${field(m.before)},${field(m.after)},${field(m.ratio)},${m.invariant}`));
  return `alpha,measure,before,after,ratio,invariant\n${rows.map((r) => `${r}\n`).join('')}`;
}

/** Study: one row per run — id, optimizer, lr, batch size, seed, end state, gap, every measure (ε-sharpness per ε). */
export function studyCsv(result: { runs: Record<string, unknown>[] }): string {
  const fixed = ['id', 'optimizer', 'lr', 'batch_size', 'seed', 'epochs', 'lr_over_b', 'train_loss', 'train_accuracy', 'test_loss', 'test_accuracy', 'gap', 'loss_gap', 'lambda_max', 'trace', 'lambda_max_filter', 'trace_filter', 'adaptive_worst', 'adaptive_average', 'pac_bayes_sigma', 'pac_bayes_sigma_mag'];
  const eps = [...new Set(result.runs.flatMap((r) => Object.keys((r.eps_sharpness ?? {}) as object)))];
  const rows = result.runs.map((r) => [
    ...fixed.map((k) => (typeof r[k] === 'string' ? text(r[k] as string) : field(r[k] as Num))),
    ...eps.map((e) => field(((r.eps_sharpness ?? {}) as Record<string, Num>)[e])),
  ].join(','));
  return `${[...fixed, ...eps.map((e) => text(`eps_sharpness(${e})`))].join(',')}\n${rows.map((r) => `${r}\n`).join('')}`;
}

/** The table of a result, by its command: surface, interpolate, hessian (density, else eigenvalues), train, sharpness, reparam or study; null for kinds without one. */
export function resultCsv(result: { command: string } & Record<string, unknown>): string | null {
  switch (result.command) {
    case 'surface':
      return surfaceCsv(result as unknown as SurfaceCsvData);
    case 'interpolate':
      return interpolationCsv(result as unknown as InterpolationCsvData);
    case 'hessian':
      return result.density ? densityCsv(result as SpectrumCsvData) : eigenvaluesCsv(result as SpectrumCsvData);
    case 'train':
      return historyCsv(result as unknown as HistoryCsvData);
    case 'sharpness':
      return sharpnessCsv(result as never);
    case 'reparam':
      return reparamCsv(result as never);
    case 'study':
      return studyCsv(result as never);
    default:
      return null;
  }
}
