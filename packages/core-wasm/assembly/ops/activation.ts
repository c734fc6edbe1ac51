// Element-wise activations y = σ(x) with σ', σ'' for the R-op (Pearlmutter 1994):
//   R{y} = σ'(x)·R{x};  ∂x += σ'(x)·gy;  R{∂x} += σ''(x)·R{x}·gy + σ'(x)·R{gy}
// Arithmetic in f64, storage in f32. ReLU and leaky ReLU take a 4-wide SIMD path.
import { fp } from "../state";

export const RELU: i32 = 0;
export const LEAKY_RELU: i32 = 1;
export const ELU: i32 = 2;
export const SIGMOID: i32 = 3;
export const TANH: i32 = 4;
export const SOFTPLUS: i32 = 5;
export const GELU: i32 = 6;

const INV_SQRT2: f64 = 0.7071067811865476;
const INV_SQRT2PI: f64 = 0.3989422804014327;

/** erf(z) in f64: the all-positive series for |z| < 3, a continued fraction for erfc beyond. */
export function erf(z: f64): f64 {
  const a = Math.abs(z);
  let r: f64;
  if (a < 3.0) {
    // erf z = 2/√π · e^(−z²) · Σ 2ⁿ z^(2n+1) / (1·3·…·(2n+1))   (no cancellation)
    let term = a, sum = a;
    const z2 = a * a;
    for (let n = 1; n < 200; n++) {
      term *= 2.0 * z2 / <f64>(2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    r = 1.1283791670955126 * Math.exp(-z2) * sum;
  } else {
    // erfc z = e^(−z²)/√π · 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + …))))
    let f = a;
    for (let k = 60; k >= 1; k--) f = a + (<f64>k * 0.5) / f;
    r = 1.0 - Math.exp(-a * a) / (f * 1.7724538509055159);
  }
  return z < 0 ? -r : r;
}

function sigmoid(x: f64): f64 {
  if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1.0 + e);
}

/** σ(x) */
export function act(kind: i32, x: f64, alpha: f64): f64 {
  switch (kind) {
    case RELU: return x > 0 ? x : 0;
    case LEAKY_RELU: return x > 0 ? x : alpha * x;
    case ELU: return x > 0 ? x : alpha * (Math.exp(x) - 1.0);
    case SIGMOID: return sigmoid(x);
    case TANH: return Math.tanh(x);
    case SOFTPLUS: return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    case GELU: return 0.5 * x * (1.0 + erf(x * INV_SQRT2));
  }
  return x;
}

/** σ'(x) (derivative at 0 follows PyTorch: ReLU' = 0, leaky' = α, ELU' = α). */
export function actD1(kind: i32, x: f64, alpha: f64): f64 {
  switch (kind) {
    case RELU: return x > 0 ? 1 : 0;
    case LEAKY_RELU: return x > 0 ? 1 : alpha;
    case ELU: return x > 0 ? 1 : alpha * Math.exp(x);
    case SIGMOID: { const s = sigmoid(x); return s * (1.0 - s); }
    case TANH: { const t = Math.tanh(x); return 1.0 - t * t; }
    case SOFTPLUS: return sigmoid(x);
    case GELU: return 0.5 * (1.0 + erf(x * INV_SQRT2)) + x * INV_SQRT2PI * Math.exp(-0.5 * x * x);
  }
  return 1;
}

/** σ''(x) */
export function actD2(kind: i32, x: f64, alpha: f64): f64 {
  switch (kind) {
    case ELU: return x > 0 ? 0 : alpha * Math.exp(x);
    case SIGMOID: { const s = sigmoid(x); return s * (1.0 - s) * (1.0 - 2.0 * s); }
    case TANH: { const t = Math.tanh(x); return -2.0 * t * (1.0 - t * t); }
    case SOFTPLUS: { const s = sigmoid(x); return s * (1.0 - s); }
    case GELU: return (2.0 - x * x) * INV_SQRT2PI * Math.exp(-0.5 * x * x);
  }
  return 0;
}

/** mask lanes: x > 0 → all ones. */
// @ts-ignore: decorator
@inline function slope(x: v128, alpha: v128): v128 {
  return v128.bitselect(f32x4.splat(1), alpha, f32x4.gt(x, f32x4.splat(0)));
}

/** y = σ(x) over n elements. */
export function actForward(kind: i32, alpha: f32, n: i32, x: usize, y: usize): void {
  let i = 0;
  if (kind == RELU || kind == LEAKY_RELU) {
    const va = f32x4.splat(kind == RELU ? 0 : alpha);
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(fp(x, i));
      v128.store(fp(y, i), f32x4.mul(v, slope(v, va)));
    }
  }
  for (; i < n; i++) store<f32>(fp(y, i), <f32>act(kind, <f64>load<f32>(fp(x, i)), <f64>alpha));
}

/** out (+)= σ'(x) ⊙ g over n elements: the tangent (accumulate = false) or the adjoint (true). */
export function actSlope(kind: i32, alpha: f32, n: i32, x: usize, g: usize, out: usize, accumulate: bool): void {
  let i = 0;
  if (kind == RELU || kind == LEAKY_RELU) {
    const va = f32x4.splat(kind == RELU ? 0 : alpha);
    for (; i + 4 <= n; i += 4) {
      let v = f32x4.mul(v128.load(fp(g, i)), slope(v128.load(fp(x, i)), va));
      if (accumulate) v = f32x4.add(v, v128.load(fp(out, i)));
      v128.store(fp(out, i), v);
    }
  }
  for (; i < n; i++) {
    let v = <f32>(actD1(kind, <f64>load<f32>(fp(x, i)), <f64>alpha) * <f64>load<f32>(fp(g, i)));
    if (accumulate) v += load<f32>(fp(out, i));
    store<f32>(fp(out, i), v);
  }
}

/** R{∂x} += σ''(x)·R{x}·gy + σ'(x)·R{gy}; rx == 0 means R{x} = 0. */
export function actRBackward(kind: i32, alpha: f32, n: i32, x: usize, rx: usize, gy: usize, rgy: usize, rgx: usize): void {
  actSlope(kind, alpha, n, x, rgy, rgx, true);
  if (!rx || kind == RELU || kind == LEAKY_RELU) return;
  for (let i = 0; i < n; i++) {
    const d2 = actD2(kind, <f64>load<f32>(fp(x, i)), <f64>alpha);
    const p = fp(rgx, i);
    store<f32>(p, load<f32>(p) + <f32>(d2 * <f64>load<f32>(fp(rx, i)) * <f64>load<f32>(fp(gy, i))));
  }
}
