/**
 * Loss surfaces L(a, b) = loss(θ + a·d₁ + b·d₂) on a grid (2-D), or along one direction (1-D),
 * with `loss[i][j]` at a = x[i], b = y[j]. Points are evaluated in chunks through the backend's
 * multi-point evaluation (the first layer is shared by all points of a chunk), stream out as they
 * finish, coarse preview lattice first; an AbortSignal stops between chunks and the partial result
 * can be resumed by passing its points back.
 */
import type { Backend } from '../backend/backend.js';
import { linspace, type Range } from './range.js';
import { coarseToFine } from './order.js';

export interface SurfacePoint {
  i: number;
  j: number;
  loss: number;
  accuracy: number | null;
  test_loss?: number;
  test_accuracy?: number | null;
}

export interface SurfaceOptions {
  d1: ArrayLike<number>;
  /** Absent: a 1-D surface along d₁. */
  d2?: ArrayLike<number>;
  x: Range;
  y?: Range;
  /** Backend holding θ and the test data, for test loss and accuracy. */
  test?: Backend;
  /** Points per backend call. Default 64. */
  chunk?: number;
  /** Points already computed (a resumed run): not computed again. */
  resume?: readonly SurfacePoint[];
  signal?: AbortSignal;
  /** Called after every chunk with the new points and the running count. */
  onPoints?: (points: SurfacePoint[], done: number, total: number) => void;
}

export interface SurfaceResult {
  x: number[];
  /** Absent for a 1-D surface. */
  y?: number[];
  /** [i][j] for 2-D, [i] for 1-D; NaN where not computed (an interrupted run). */
  loss: number[][] | number[];
  accuracy: (number | null)[][] | (number | null)[] | null;
  test_loss?: number[][] | number[];
  test_accuracy?: (number | null)[][] | (number | null)[] | null;
  complete: boolean;
  /** Every point computed so far, in the order it was computed (for --resume). */
  points: SurfacePoint[];
  /** Full-data loss evaluations this call made (train and test). */
  forward_passes: number;
}

export async function computeSurface(backend: Backend, o: SurfaceOptions): Promise<SurfaceResult> {
  const xs = linspace(o.x);
  const twoD = o.d2 !== undefined;
  if (twoD && !o.y) throw new RangeError('a 2-D surface needs a y range');
  const ys = twoD ? linspace(o.y!) : [0];
  const zero = new Float32Array(o.d1.length);
  const d2 = o.d2 ?? zero;
  const chunk = o.chunk ?? 64;
  const done = new Map<string, SurfacePoint>();
  for (const p of o.resume ?? []) if (p.i < xs.length && p.j < ys.length) done.set(`${p.i},${p.j}`, p);
  const { order } = coarseToFine(xs.length, ys.length);
  const todo = order.filter(([i, j]) => !done.has(`${i},${j}`));
  const total = xs.length * ys.length;
  const computed: SurfacePoint[] = [...done.values()];
  let passes = 0;
  let complete = true;
  for (let k = 0; k < todo.length; k += chunk) {
    if (o.signal?.aborted) {
      complete = false;
      break;
    }
    const part = todo.slice(k, k + chunk);
    const coords = part.map(([i, j]) => [xs[i], ys[j]] as const);
    const train = await backend.points(o.d1, d2, coords);
    const test = o.test ? await o.test.points(o.d1, d2, coords) : null;
    passes += part.length * (o.test ? 2 : 1);
    const fresh = part.map(([i, j], q): SurfacePoint => {
      const p: SurfacePoint = { i, j, loss: train.loss[q], accuracy: train.accuracy ? train.accuracy[q] : null };
      if (test) {
        p.test_loss = test.loss[q];
        p.test_accuracy = test.accuracy ? test.accuracy[q] : null;
      }
      done.set(`${i},${j}`, p);
      return p;
    });
    computed.push(...fresh);
    o.onPoints?.(fresh, done.size, total);
  }
  if (done.size < total) complete = false;
  const grid = <T>(f: (p: SurfacePoint) => T, missing: T): T[][] =>
    xs.map((_, i) => ys.map((_, j) => {
      const p = done.get(`${i},${j}`);
      return p ? f(p) : missing;
    }));
  const shape = <T>(g: T[][]): T[][] | T[] => (twoD ? g : g.map((r) => r[0]));
  const classification = computed.length === 0 || computed[0].accuracy !== null;
  const result: SurfaceResult = {
    x: xs,
    loss: shape(grid((p) => p.loss, NaN)),
    accuracy: classification ? shape(grid((p) => p.accuracy, null)) : null,
    complete,
    points: computed,
    forward_passes: passes,
  };
  if (twoD) result.y = ys;
  if (o.test) {
    result.test_loss = shape(grid((p) => p.test_loss ?? NaN, NaN));
    result.test_accuracy = classification ? shape(grid((p) => p.test_accuracy ?? null, null)) : null;
  }
  return result;
}
