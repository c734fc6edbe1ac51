// y = s ⊙ x + t with constants broadcast per sample (scalar, per channel, element-wise).
import { broadcastMode } from '../program.js';
import type { OpRules, Vec } from './rules.js';

export interface ScaleSpec { shape: number[]; scale: number; scaleSize: number; shift: number; shiftSize: number }

/** Index into a broadcast constant of `size` elements for element i of a sample. */
function at(s: ScaleSpec, size: number, i: number): number {
  const per = s.shape.reduce((a, b) => a * b, 1);
  const mode = broadcastMode(size, s.shape);
  return mode === 0 ? 0 : mode === 1 ? Math.floor(i / (per / s.shape[0])) : i;
}

function apply(s: ScaleSpec, consts: Vec, x: Vec, shift: boolean): Vec {
  const per = s.shape.reduce((a, b) => a * b, 1);
  return x.map((v, j) => {
    const i = j % per;
    const m = s.scale >= 0 ? consts[s.scale + at(s, s.scaleSize, i)] : 1;
    const t = shift && s.shift >= 0 ? consts[s.shift + at(s, s.shiftSize, i)] : 0;
    return v * m + t;
  });
}

export const scale: OpRules<ScaleSpec> = {
  forward: (s, ctx, [x]) => apply(s, ctx.consts, x, true),
  tangent: (s, ctx, [x], [rx]) => (rx ? apply(s, ctx.consts, rx, false) : new Float64Array(x.length)),
  vjp(s, ctx, _x, gy, _d, [gx]) {
    if (gx) apply(s, ctx.consts, gy, false).forEach((v, i) => { gx[i] += v; });
  },
  rvjp(s, ctx, _x, _rx, _gy, rgy, _rd, [rgx]) {
    if (rgx) apply(s, ctx.consts, rgy, false).forEach((v, i) => { rgx[i] += v; });
  },
};
