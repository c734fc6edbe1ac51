// y = s ⊙ x + t with constant s, t broadcast per sample as a scalar, per channel (dim 0) or per
// element — ONNX Sub / Mul / Div by constants, e.g. input normalisation. Affine in x with no
// parameters: R{y} = s ⊙ R{x};  ∂x += s ⊙ gy;  R{∂x} += s ⊙ R{gy}  (Pearlmutter 1994).
import { fp } from "../state";

export const BROADCAST_SCALAR: i32 = 0;
export const BROADCAST_CHANNEL: i32 = 1;
export const BROADCAST_ELEMENT: i32 = 2;

@unmanaged export class ScaleShape {
  C: i32; HW: i32; scale: i32; scaleMode: i32; shift: i32; shiftMode: i32;
}

// @ts-ignore: decorator
@inline function pick(mode: i32, c: i32, i: i32): i32 {
  return mode == BROADCAST_SCALAR ? 0 : mode == BROADCAST_CHANNEL ? c : i;
}

/** out = s ⊙ x (+ t when withShift), or out += s ⊙ x when accumulate. */
export function scaleApply(B: i32, s: ScaleShape, consts: usize, x: usize, out: usize, withShift: bool, accumulate: bool): void {
  const per = s.C * s.HW;
  for (let n = 0; n < B; n++) {
    for (let c = 0; c < s.C; c++) {
      for (let k = 0; k < s.HW; k++) {
        const i = c * s.HW + k;
        const o = n * per + i;
        let v = load<f32>(fp(x, o));
        if (s.scale >= 0) v *= load<f32>(fp(consts, s.scale + pick(s.scaleMode, c, i)));
        if (withShift && s.shift >= 0) v += load<f32>(fp(consts, s.shift + pick(s.shiftMode, c, i)));
        if (accumulate) v += load<f32>(fp(out, o));
        store<f32>(fp(out, o), v);
      }
    }
  }
}
