// Kendall's τ-b against values worked out by hand (and as scipy.stats.kendalltau prints them).
import { describe, expect, it } from 'vitest';
import { kendallTau } from '../src/stats/kendall.js';

describe('kendallTau', () => {
  it('is 1 for the same order, −1 for the reverse, and counts pairs', () => {
    expect(kendallTau([1, 2, 3, 4], [10, 20, 30, 40]).tau).toBe(1);
    expect(kendallTau([1, 2, 3, 4], [4, 3, 2, 1]).tau).toBe(-1);
    // (1,2,3,4) vs (1,3,2,4): pairs 6, one discordant (2↔3): τ = (5 − 1)/6
    const r = kendallTau([1, 2, 3, 4], [1, 3, 2, 4]);
    expect(r).toEqual({ tau: 4 / 6, n: 4, concordant: 5, discordant: 1 });
  });

  it('handles ties as τ-b', () => {
    // x = (1,2,2,3), y = (1,2,3,3): n0 = 6, tied in x 1 pair, in y 1 pair, concordant 4, discordant 0
    // τ-b = 4 / √(5·5) = 0.8 (scipy.stats.kendalltau([1,2,2,3],[1,2,3,3]) → 0.8)
    expect(kendallTau([1, 2, 2, 3], [1, 2, 3, 3]).tau).toBeCloseTo(0.8, 15);
    // x = (12,2,1,12,2), y = (1,4,7,1,0): scipy's documented example, τ = −0.4714045207910316
    expect(kendallTau([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]).tau).toBeCloseTo(-0.4714045207910316, 14);
  });

  it('leaves out missing values and is undefined for a constant sample', () => {
    expect(kendallTau([1, null, 3, NaN, 5], [2, 7, 4, 1, 6]).n).toBe(3);
    expect(kendallTau([1, 1, 1], [1, 2, 3]).tau).toBeNull();
    expect(kendallTau([1], [1]).tau).toBeNull();
  });
});
