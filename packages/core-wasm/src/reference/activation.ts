// Element-wise activations: R{y} = σ'(x)R{x}; ∂x += σ'(x)gy; R{∂x} += σ''(x)R{x}gy + σ'(x)R{gy}.
import type { ActivationKind } from '../program.js';
import type { OpRules } from './rules.js';

export interface ActSpec { kind: ActivationKind; alpha: number }

/** erf in float64 (Abramowitz–Stegun-free: the positive series below 3, a continued fraction above). */
export function erf(z: number): number {
  const a = Math.abs(z);
  let r: number;
  if (a < 3) {
    let term = a, sum = a;
    for (let n = 1; n < 200; n++) {
      term *= (2 * a * a) / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    r = (2 / Math.sqrt(Math.PI)) * Math.exp(-a * a) * sum;
  } else {
    let f = a;
    for (let k = 60; k >= 1; k--) f = a + (k / 2) / f;
    r = 1 - Math.exp(-a * a) / (f * Math.sqrt(Math.PI));
  }
  return z < 0 ? -r : r;
}

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const phi = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/** [σ, σ', σ''] for each kind; derivatives at the kinks follow PyTorch (ReLU'(0) = 0). */
export const ACTIVATIONS: Record<ActivationKind, (x: number, alpha: number) => [number, number, number]> = {
  relu: (x) => [x > 0 ? x : 0, x > 0 ? 1 : 0, 0],
  'leaky-relu': (x, a) => [x > 0 ? x : a * x, x > 0 ? 1 : a, 0],
  elu: (x, a) => (x > 0 ? [x, 1, 0] : [a * (Math.exp(x) - 1), a * Math.exp(x), a * Math.exp(x)]),
  sigmoid: (x) => {
    const s = sigmoid(x);
    return [s, s * (1 - s), s * (1 - s) * (1 - 2 * s)];
  },
  tanh: (x) => {
    const t = Math.tanh(x);
    return [t, 1 - t * t, -2 * t * (1 - t * t)];
  },
  softplus: (x) => {
    const s = sigmoid(x);
    return [Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))), s, s * (1 - s)];
  },
  gelu: (x) => {
    const P = 0.5 * (1 + erf(x / Math.SQRT2));
    return [x * P, P + x * phi(x), (2 - x * x) * phi(x)];
  },
};

export const activation: OpRules<ActSpec> = {
  forward: (s, _c, [x]) => x.map((v) => ACTIVATIONS[s.kind](v, s.alpha)[0]),
  tangent: (s, _c, [x], [rx]) => x.map((v, i) => (rx ? ACTIVATIONS[s.kind](v, s.alpha)[1] * rx[i] : 0)),
  vjp(s, _c, [x], gy, _d, [gx]) {
    if (gx) for (let i = 0; i < x.length; i++) gx[i] += ACTIVATIONS[s.kind](x[i], s.alpha)[1] * gy[i];
  },
  rvjp(s, _c, [x], [rx], gy, rgy, _rd, [rgx]) {
    if (!rgx) return;
    for (let i = 0; i < x.length; i++) {
      const [, d1, d2] = ACTIVATIONS[s.kind](x[i], s.alpha);
      rgx[i] += d1 * rgy[i] + (rx ? d2 * rx[i] * gy[i] : 0);
    }
  },
};
