// Dense: A(W, x) = x·Wᵀ (W stored [out,in]) or x·W ([in,out]).
import { type Bilinear, bilinearRules } from './rules.js';

export interface DenseSpec { I: number; O: number; w: number; b: number; inOut: boolean }

/** Index of W(o, i) in the flat parameters. */
const wi = (s: DenseSpec, o: number, i: number): number => s.w + (s.inOut ? i * s.O + o : o * s.I + i);

export const dense = bilinearRules<DenseSpec>({
  outSize: (s) => s.O,
  bias: (s) => ({ offset: s.b, channels: s.O, positions: 1 }),
  apply(s, B, p, x, y) {
    for (let n = 0; n < B; n++)
      for (let o = 0; o < s.O; o++) {
        let acc = 0;
        for (let i = 0; i < s.I; i++) acc += p[wi(s, o, i)] * x[n * s.I + i];
        y[n * s.O + o] += acc;
      }
  },
  adjointInput(s, B, p, gy, gx) {
    for (let n = 0; n < B; n++)
      for (let i = 0; i < s.I; i++) {
        let acc = 0;
        for (let o = 0; o < s.O; o++) acc += p[wi(s, o, i)] * gy[n * s.O + o];
        gx[n * s.I + i] += acc;
      }
  },
  adjointWeight(s, B, x, gy, d) {
    for (let n = 0; n < B; n++)
      for (let o = 0; o < s.O; o++)
        for (let i = 0; i < s.I; i++) d[wi(s, o, i)] += gy[n * s.O + o] * x[n * s.I + i];
  },
});
