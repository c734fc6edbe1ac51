/**
 * Kendall's rank correlation τ-b between two samples: (concordant − discordant pairs) over
 * √((n₀ − n₁)(n₀ − n₂)), n₀ = n(n − 1)/2 and n₁, n₂ the pairs tied in x and in y — 1 when the
 * orders agree, −1 when they are reversed, ties handled as scipy.stats.kendalltau does. Pairs with
 * a missing value (NaN, null) are left out. O(n²): studies have tens to hundreds of runs.
 * see: Kendall 1945, "The treatment of ties in ranking problems"; Jiang et al. 2020 (τ of a
 * measure with the generalization gap).
 */

export interface KendallResult {
  /** τ-b, or null when it is undefined (fewer than 2 pairs, or one sample constant). */
  tau: number | null;
  /** Samples used (both values finite). */
  n: number;
  concordant: number;
  discordant: number;
}

export function kendallTau(x: ArrayLike<number | null>, y: ArrayLike<number | null>): KendallResult {
  if (x.length !== y.length) throw new RangeError(`kendallTau: ${x.length} x values, ${y.length} y values`);
  const xs: number[] = [], ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const a = x[i], b = y[i];
    if (typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b)) {
      xs.push(a);
      ys.push(b);
    }
  }
  const n = xs.length;
  let concordant = 0, discordant = 0, tiedX = 0, tiedY = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = Math.sign(xs[i] - xs[j]), dy = Math.sign(ys[i] - ys[j]);
      if (dx === 0) tiedX++;
      if (dy === 0) tiedY++;
      if (dx * dy > 0) concordant++;
      else if (dx * dy < 0) discordant++;
    }
  }
  const n0 = (n * (n - 1)) / 2;
  const den = Math.sqrt((n0 - tiedX) * (n0 - tiedY));
  return { tau: den > 0 ? (concordant - discordant) / den : null, n, concordant, discordant };
}
