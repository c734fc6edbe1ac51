// Conv2d NCHW, groups 1: A(W, x)[o, oh, ow] = Σ_{c,i,j} W[o,c,i,j] · x[c, oh·sh − pt + i, ow·sw − pl + j].
import { type Bilinear, bilinearRules } from './rules.js';

export interface ConvSpec {
  C: number; H: number; W: number; O: number; kh: number; kw: number;
  sh: number; sw: number; pt: number; pl: number; Ho: number; Wo: number; w: number; b: number;
}

/** Calls f(inputIndex, weightIndex, outputIndex) for every product term of one sample. */
function taps(s: ConvSpec, f: (xi: number, wi: number, yi: number) => void): void {
  for (let o = 0; o < s.O; o++)
    for (let oh = 0; oh < s.Ho; oh++)
      for (let ow = 0; ow < s.Wo; ow++)
        for (let c = 0; c < s.C; c++)
          for (let i = 0; i < s.kh; i++) {
            const h = oh * s.sh - s.pt + i;
            if (h < 0 || h >= s.H) continue;
            for (let j = 0; j < s.kw; j++) {
              const w = ow * s.sw - s.pl + j;
              if (w < 0 || w >= s.W) continue;
              f((c * s.H + h) * s.W + w, s.w + ((o * s.C + c) * s.kh + i) * s.kw + j, (o * s.Ho + oh) * s.Wo + ow);
            }
          }
}

const A: Bilinear<ConvSpec> = {
  outSize: (s) => s.O * s.Ho * s.Wo,
  bias: (s) => ({ offset: s.b, channels: s.O, positions: s.Ho * s.Wo }),
  apply(s, B, p, x, y) {
    const xs = s.C * s.H * s.W, ys = A.outSize(s);
    for (let n = 0; n < B; n++) taps(s, (xi, wi, yi) => { y[n * ys + yi] += p[wi] * x[n * xs + xi]; });
  },
  adjointInput(s, B, p, gy, gx) {
    const xs = s.C * s.H * s.W, ys = A.outSize(s);
    for (let n = 0; n < B; n++) taps(s, (xi, wi, yi) => { gx[n * xs + xi] += p[wi] * gy[n * ys + yi]; });
  },
  adjointWeight(s, B, x, gy, d) {
    const xs = s.C * s.H * s.W, ys = A.outSize(s);
    for (let n = 0; n < B; n++) taps(s, (xi, wi, yi) => { d[wi] += x[n * xs + xi] * gy[n * ys + yi]; });
  },
};

export const conv2d = bilinearRules(A);
