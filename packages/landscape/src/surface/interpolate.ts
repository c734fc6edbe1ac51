/**
 * Linear interpolation between two models A and B of the same architecture:
 *   L(t) = loss((1−t)·A + t·B)
 * and the barrier: max over the grid's t ∈ [0, 1] of L(t) − ((1−t)·L(A) + t·L(B)) (linear
 * barrier), beside max L(t) − max(L(A), L(B)) (above the higher endpoint).
 * The backend holds A; the path is the multi-point evaluation along d = B − A.
 */
import type { Backend } from '../backend/backend.js';

export interface InterpolationOptions {
  t: readonly number[];
  /** Backend holding A and the test data. */
  test?: Backend;
  chunk?: number;
  signal?: AbortSignal;
  onPoints?: (done: number, total: number) => void;
}

export interface InterpolationResult {
  t: number[];
  loss: number[];
  accuracy: (number | null)[] | null;
  test_loss?: number[];
  test_accuracy?: (number | null)[] | null;
  loss_a: number;
  loss_b: number;
  /** null when no grid point lies in [0, 1]. */
  barrier: number | null;
  barrier_above_max: number | null;
  /** t of the linear barrier's maximum. */
  barrier_t: number | null;
  complete: boolean;
  forward_passes: number;
}

export async function interpolate(backend: Backend, A: ArrayLike<number>, B: ArrayLike<number>, o: InterpolationOptions): Promise<InterpolationResult> {
  if (A.length !== B.length) throw new RangeError(`models differ in size: ${A.length} and ${B.length} parameters`);
  const d = Float32Array.from(B, (b, i) => b - A[i]);
  const zero = new Float32Array(d.length);
  const ts = [...o.t];
  const coords = [...ts, 0, 1].map((t) => [t, 0] as const);
  const chunk = o.chunk ?? 64;
  const loss: number[] = [];
  const acc: (number | null)[] = [];
  const tl: number[] = [];
  const ta: (number | null)[] = [];
  let complete = true;
  let passes = 0;
  for (let k = 0; k < coords.length; k += chunk) {
    if (o.signal?.aborted) {
      complete = false;
      break;
    }
    const part = coords.slice(k, k + chunk);
    const r = await backend.points(d, zero, part);
    loss.push(...r.loss);
    acc.push(...(r.accuracy ? Array.from(r.accuracy) : part.map(() => null)));
    if (o.test) {
      const s = await o.test.points(d, zero, part);
      tl.push(...s.loss);
      ta.push(...(s.accuracy ? Array.from(s.accuracy) : part.map(() => null)));
    }
    passes += part.length * (o.test ? 2 : 1);
    o.onPoints?.(Math.min(loss.length, ts.length), ts.length);
  }
  const n = ts.length;
  const la = complete ? loss[n] : NaN;
  const lb = complete ? loss[n + 1] : NaN;
  let barrier: number | null = null, above: number | null = null, bt: number | null = null;
  ts.forEach((t, i) => {
    if (!complete || t < 0 || t > 1) return;
    const lin = loss[i] - ((1 - t) * la + t * lb);
    if (barrier === null || lin > barrier) {
      barrier = lin;
      bt = t;
    }
    const ab = loss[i] - Math.max(la, lb);
    if (above === null || ab > above) above = ab;
  });
  const pad = <T>(a: T[], fill: T): T[] => ts.map((_, i) => (i < a.length ? a[i] : fill));
  const classification = acc.length === 0 || acc[0] !== null;
  const result: InterpolationResult = {
    t: ts,
    loss: pad(loss, NaN),
    accuracy: classification ? pad(acc, null) : null,
    loss_a: la,
    loss_b: lb,
    barrier,
    barrier_above_max: above,
    barrier_t: bt,
    complete,
    forward_passes: passes,
  };
  if (o.test) {
    result.test_loss = pad(tl, NaN);
    result.test_accuracy = classification ? pad(ta, null) : null;
  }
  return result;
}
