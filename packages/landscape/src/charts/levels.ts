/**
 * Contour levels a reader can read: "nice" values (1, 2, 5 × 10ᵏ steps on a linear scale; 1, 2, 5
 * per decade on a log scale) strictly inside (lo, hi), about `count` of them.
 */

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * power;
}

/** Levels strictly between lo and hi; empty when hi ≤ lo. With `log`, lo must be > 0. */
export function niceLevels(lo: number, hi: number, count: number, log: boolean): number[] {
  if (!(hi > lo)) return [];
  const clean = (v: number) => Number(v.toPrecision(12));
  if (log) {
    const decades = Math.log10(hi / lo);
    const mantissas = decades / count >= 1 ? [1] : decades * 3 > count ? [1, 3] : decades * 6 > count ? [1, 2, 5] : [1, 1.5, 2, 3, 5, 7];
    const every = Math.max(1, Math.round(decades / count));
    const out: number[] = [];
    for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
      if (mantissas.length === 1 && k % every !== 0) continue;
      for (const m of mantissas) {
        const v = clean(m * 10 ** k);
        if (v > lo && v < hi) out.push(v);
      }
    }
    if (out.length >= 2) return out;
    // Less than a decade: fall back to linear levels.
  }
  const step = niceStep(hi - lo, count);
  const out: number[] = [];
  for (let v = Math.floor(lo / step) * step + step; v < hi - step * 1e-9; v += step) {
    const c = clean(v);
    if (c > lo) out.push(c);
  }
  return out;
}
