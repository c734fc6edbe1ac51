/**
 * Result JSON shapes the notes can draw, as written by `nnll … --json` (see the nnll contract).
 * Validation names the field and echoes what it found; extra fields are ignored.
 */

export interface SurfaceResult2D { command: 'surface'; x: number[]; y: number[]; loss: number[][] }
export interface SurfaceResult1D { command: 'surface'; x: number[]; loss: number[] }
export interface InterpolateResult { command: 'interpolate'; t: number[]; loss: number[]; barrier?: number }
export interface HessianResult {
  command: 'hessian';
  eigenvalues: number[];
  density?: { x: number[]; y: number[] };
}
export interface TrainEpoch { epoch: number; [metric: string]: number }
export interface TrainResult { command: 'train'; history: TrainEpoch[] }

export type FigureResult = SurfaceResult2D | SurfaceResult1D | InterpolateResult | HessianResult | TrainResult;

export class FigureDataError extends Error {
  override name = 'FigureDataError';
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A finite number, or `null` (JSON's stand-in for a diverged NaN/Infinity), read as NaN. */
function numbers(value: unknown, field: string, length?: number): number[] {
  if (!Array.isArray(value)) throw new FigureDataError(`${field} must be an array of numbers, got ${short(value)}`);
  if (length !== undefined && value.length !== length) {
    throw new FigureDataError(`${field} must have ${length} entries, got ${value.length}`);
  }
  return value.map((entry, i) => {
    if (entry === null) return Number.NaN;
    if (typeof entry !== 'number' || !Number.isFinite(entry)) throw new FigureDataError(`${field}[${i}] must be a number, got ${short(entry)}`);
    return entry;
  });
}

function nonEmpty(values: number[], field: string): number[] {
  if (values.length === 0) throw new FigureDataError(`${field} must not be empty`);
  return values;
}

export function parseFigureResult(value: unknown): FigureResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FigureDataError(`result must be a JSON object, got ${short(value)}`);
  }
  const data = value as Record<string, unknown>;
  switch (data.command) {
    case 'surface': {
      const x = nonEmpty(numbers(data.x, 'x'), 'x');
      if (data.y === undefined) return { command: 'surface', x, loss: numbers(data.loss, 'loss', x.length) };
      const y = nonEmpty(numbers(data.y, 'y'), 'y');
      if (!Array.isArray(data.loss) || data.loss.length !== x.length) {
        throw new FigureDataError(`loss must be ${x.length} rows (one per x) of ${y.length} numbers, got ${short(data.loss)}`);
      }
      const loss = data.loss.map((row, i) => numbers(row, `loss[${i}]`, y.length));
      return { command: 'surface', x, y, loss };
    }
    case 'interpolate': {
      const t = nonEmpty(numbers(data.t, 't'), 't');
      const loss = numbers(data.loss, 'loss', t.length);
      if (data.barrier !== undefined && (typeof data.barrier !== 'number' || !Number.isFinite(data.barrier))) {
        throw new FigureDataError(`barrier must be a number, got ${short(data.barrier)}`);
      }
      return { command: 'interpolate', t, loss, barrier: data.barrier as number | undefined };
    }
    case 'hessian': {
      const eigenvalues = data.eigenvalues === undefined ? [] : numbers(data.eigenvalues, 'eigenvalues');
      let density: HessianResult['density'];
      if (data.density !== undefined) {
        const d = data.density as Record<string, unknown>;
        if (typeof d !== 'object' || d === null) throw new FigureDataError(`density must be {x, y}, got ${short(d)}`);
        const x = nonEmpty(numbers(d.x, 'density.x'), 'density.x');
        density = { x, y: numbers(d.y, 'density.y', x.length) };
      }
      if (!density && eigenvalues.length === 0) throw new FigureDataError('hessian result needs eigenvalues or density');
      return { command: 'hessian', eigenvalues, density };
    }
    case 'train': {
      if (!Array.isArray(data.history) || data.history.length === 0) {
        throw new FigureDataError(`history must be a non-empty array of epochs, got ${short(data.history)}`);
      }
      const history = data.history.map((entry, i) => {
        if (typeof entry !== 'object' || entry === null) throw new FigureDataError(`history[${i}] must be an object, got ${short(entry)}`);
        const epoch: TrainEpoch = { epoch: i + 1 };
        for (const [key, metric] of Object.entries(entry as Record<string, unknown>)) {
          if (typeof metric === 'number' && Number.isFinite(metric)) epoch[key] = metric;
        }
        return epoch;
      });
      return { command: 'train', history };
    }
    default:
      throw new FigureDataError(`result command ${short(data.command)} cannot be drawn (expected surface, interpolate, hessian or train)`);
  }
}
