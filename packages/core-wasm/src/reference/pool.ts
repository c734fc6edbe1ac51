// Pooling and element-wise sums: linear in x for a fixed selection (max-pool's argmax comes from the forward input).
import { type Linear, linearRules, type Vec } from './rules.js';

export interface PoolSpec {
  C: number; H: number; W: number; kh: number; kw: number; sh: number; sw: number; pt: number; pl: number;
  Ho: number; Wo: number; countIncludePad: boolean;
}

/** Input indices (within a sample) of output (c, oh, ow)'s window. */
function windowOf(s: PoolSpec, c: number, oh: number, ow: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.kh; i++) {
    const h = oh * s.sh - s.pt + i;
    if (h < 0 || h >= s.H) continue;
    for (let j = 0; j < s.kw; j++) {
      const w = ow * s.sw - s.pl + j;
      if (w >= 0 && w < s.W) out.push((c * s.H + h) * s.W + w);
    }
  }
  return out;
}

/** Calls f(outputIndex, inputIndex, weight) for each term of the pooling, per sample n. */
function eachTerm(s: PoolSpec, max: boolean, B: number, sel: Vec, f: (yi: number, xi: number, wt: number) => void): void {
  const xs = s.C * s.H * s.W, ys = s.C * s.Ho * s.Wo;
  for (let n = 0; n < B; n++)
    for (let c = 0; c < s.C; c++)
      for (let oh = 0; oh < s.Ho; oh++)
        for (let ow = 0; ow < s.Wo; ow++) {
          const yi = n * ys + (c * s.Ho + oh) * s.Wo + ow;
          const win = windowOf(s, c, oh, ow);
          if (max) {
            let best = win[0];
            for (const k of win) if (sel[n * xs + k] > sel[n * xs + best]) best = k;
            f(yi, n * xs + best, 1);
          } else {
            const wt = 1 / (s.countIncludePad ? s.kh * s.kw : win.length);
            for (const k of win) f(yi, n * xs + k, wt);
          }
        }
}

function pool(max: boolean): Linear<PoolSpec> {
  return {
    outSize: (s) => s.C * s.Ho * s.Wo,
    apply(s, B, [x], y, [sel]) {
      eachTerm(s, max, B, sel, (yi, xi, wt) => { y[yi] += wt * x[xi]; });
    },
    adjoint(s, B, gy, [gx], [sel]) {
      if (gx) eachTerm(s, max, B, sel, (yi, xi, wt) => { gx[xi] += wt * gy[yi]; });
    },
  };
}

export const maxPool = linearRules(pool(true));
export const avgPool = linearRules(pool(false));

export interface GapSpec { C: number; HW: number }
export const globalAvgPool = linearRules<GapSpec>({
  outSize: (s) => s.C,
  apply(s, B, [x], y) {
    for (let r = 0; r < B * s.C; r++) for (let k = 0; k < s.HW; k++) y[r] += x[r * s.HW + k] / s.HW;
  },
  adjoint(s, B, gy, [gx]) {
    if (gx) for (let r = 0; r < B * s.C; r++) for (let k = 0; k < s.HW; k++) gx[r * s.HW + k] += gy[r] / s.HW;
  },
});

export interface AddSpec { size: number }
export const add = linearRules<AddSpec>({
  outSize: (s) => s.size,
  apply(s, B, [a, b], y) {
    for (let i = 0; i < B * s.size; i++) y[i] += a[i] + b[i];
  },
  adjoint(s, B, gy, gx) {
    for (const g of gx) if (g) for (let i = 0; i < B * s.size; i++) g[i] += gy[i];
  },
});
