// Batch normalisation in inference form, per channel c over [B, C, HW] (HW = 1 for features):
//   x̂ = (x − μ_c)·s_c with s_c = 1/√(σ²_c + ε);  y = γ_c·x̂ + β_c   (μ, σ² fixed statistics)
// R-op (Pearlmutter 1994): R{y} = γ·s·R{x} + v_γ·x̂ + v_β
//   ∂x += γ·s·gy;  ∂γ += Σ gy·x̂;  ∂β += Σ gy
//   R{∂x} += s·(γ·R{gy} + v_γ·gy);  R{∂γ} += Σ (R{gy}·x̂ + gy·s·R{x});  R{∂β} += Σ R{gy}
import { fp } from "../state";

@unmanaged export class NormShape {
  C: i32; HW: i32; scale: i32; bias: i32; mean: i32; variance: i32; epsilon: f32;
}

// @ts-ignore: decorator
@inline function invStd(variance: f32, eps: f32): f64 {
  return 1.0 / Math.sqrt(<f64>variance + <f64>eps);
}

/** mode 0: y = γx̂ + β.  mode 1: R{y} from R{x} (rx may be 0) and v. */
export function normForward(
  B: i32, s: NormShape, consts: usize, theta: usize, v: usize, x: usize, rx: usize, y: usize, mode: i32,
): void {
  for (let c = 0; c < s.C; c++) {
    const mu = <f64>load<f32>(fp(consts, s.mean + c));
    const is = invStd(load<f32>(fp(consts, s.variance + c)), s.epsilon);
    const g = <f64>load<f32>(fp(theta, s.scale + c));
    const vg: f64 = mode ? <f64>load<f32>(fp(v, s.scale + c)) : 0;
    const b: f64 = mode ? <f64>load<f32>(fp(v, s.bias + c)) : <f64>load<f32>(fp(theta, s.bias + c));
    for (let n = 0; n < B; n++) {
      const o = (n * s.C + c) * s.HW;
      for (let k = 0; k < s.HW; k++) {
        const xh = (<f64>load<f32>(fp(x, o + k)) - mu) * is;
        let out: f64;
        if (mode == 0) out = g * xh + b;
        else out = vg * xh + b + (rx ? g * is * <f64>load<f32>(fp(rx, o + k)) : 0);
        store<f32>(fp(y, o + k), <f32>out);
      }
    }
  }
}

/** Adjoint (mode 0) or R-adjoint (mode 1); each output pointer may be 0 when not wanted. */
export function normBackward(
  B: i32, s: NormShape, consts: usize, theta: usize, v: usize, x: usize, rx: usize,
  gy: usize, rgy: usize, dg: usize, db: usize, gx: usize, mode: i32,
): void {
  for (let c = 0; c < s.C; c++) {
    const mu = <f64>load<f32>(fp(consts, s.mean + c));
    const is = invStd(load<f32>(fp(consts, s.variance + c)), s.epsilon);
    const g = <f64>load<f32>(fp(theta, s.scale + c));
    const vg: f64 = mode ? <f64>load<f32>(fp(v, s.scale + c)) : 0;
    let sg: f64 = 0, sb: f64 = 0;
    for (let n = 0; n < B; n++) {
      const o = (n * s.C + c) * s.HW;
      for (let k = 0; k < s.HW; k++) {
        const xh = (<f64>load<f32>(fp(x, o + k)) - mu) * is;
        const a = <f64>load<f32>(fp(gy, o + k));
        if (mode == 0) {
          sg += a * xh;
          sb += a;
          if (gx) store<f32>(fp(gx, o + k), load<f32>(fp(gx, o + k)) + <f32>(g * is * a));
        } else {
          const ra = <f64>load<f32>(fp(rgy, o + k));
          sg += ra * xh + (rx ? a * is * <f64>load<f32>(fp(rx, o + k)) : 0);
          sb += ra;
          if (gx) store<f32>(fp(gx, o + k), load<f32>(fp(gx, o + k)) + <f32>(is * (g * ra + vg * a)));
        }
      }
    }
    if (dg) store<f32>(fp(dg, s.scale + c), load<f32>(fp(dg, s.scale + c)) + <f32>sg);
    if (db) store<f32>(fp(db, s.bias + c), load<f32>(fp(db, s.bias + c)) + <f32>sb);
  }
}
