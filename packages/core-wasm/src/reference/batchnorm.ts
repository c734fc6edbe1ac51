// Batch normalisation, inference form: y = γ·(x − μ)·s + β with s = 1/√(σ² + ε), per channel.
import type { OpRules, Vec } from './rules.js';

export interface NormSpec { C: number; HW: number; scale: number; bias: number; mean: number; variance: number; epsilon: number }

function eachChannel(s: NormSpec, ctx: { B: number; consts: Vec }, f: (c: number, mu: number, is: number, idx: number[]) => void): void {
  for (let c = 0; c < s.C; c++) {
    const idx: number[] = [];
    for (let n = 0; n < ctx.B; n++) for (let k = 0; k < s.HW; k++) idx.push((n * s.C + c) * s.HW + k);
    f(c, ctx.consts[s.mean + c], 1 / Math.sqrt(ctx.consts[s.variance + c] + s.epsilon), idx);
  }
}

export const batchNorm: OpRules<NormSpec> = {
  forward(s, ctx, [x]) {
    const y = new Float64Array(x.length);
    eachChannel(s, ctx, (c, mu, is, idx) => {
      for (const i of idx) y[i] = ctx.theta[s.scale + c] * (x[i] - mu) * is + ctx.theta[s.bias + c];
    });
    return y;
  },
  tangent(s, ctx, [x], [rx]) {
    const ry = new Float64Array(x.length);
    eachChannel(s, ctx, (c, mu, is, idx) => {
      for (const i of idx) {
        ry[i] = ctx.v![s.scale + c] * (x[i] - mu) * is + ctx.v![s.bias + c] + (rx ? ctx.theta[s.scale + c] * is * rx[i] : 0);
      }
    });
    return ry;
  },
  vjp(s, ctx, [x], gy, d, [gx]) {
    eachChannel(s, ctx, (c, mu, is, idx) => {
      for (const i of idx) {
        if (d) {
          d[s.scale + c] += gy[i] * (x[i] - mu) * is;
          d[s.bias + c] += gy[i];
        }
        if (gx) gx[i] += ctx.theta[s.scale + c] * is * gy[i];
      }
    });
  },
  rvjp(s, ctx, [x], [rx], gy, rgy, rd, [rgx]) {
    eachChannel(s, ctx, (c, mu, is, idx) => {
      for (const i of idx) {
        rd[s.scale + c] += rgy[i] * (x[i] - mu) * is + (rx ? gy[i] * is * rx[i] : 0);
        rd[s.bias + c] += rgy[i];
        if (rgx) rgx[i] += is * (ctx.theta[s.scale + c] * rgy[i] + ctx.v![s.scale + c] * gy[i]);
      }
    });
  },
};
