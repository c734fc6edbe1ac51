// Dense layer y = x·Wᵀ + b (weight stored [out,in]) or y = x·W + b ([in,out]), over a batch of B rows.
// Forward, tangent (R-op), vector-Jacobian and R-vector-Jacobian rules side by side.
// see: Pearlmutter 1994, "Fast exact multiplication by the Hessian", R{·} rules for linear maps:
//   R{y} = R{x}·Wᵀ + x·Vᵀ + v_b
//   ∂W += gyᵀ·x            R{∂W} += R{gy}ᵀ·x + gyᵀ·R{x}
//   ∂x += gy·W             R{∂x} += R{gy}·W + gy·V
import { gemm } from "../gemm";
import { broadcastRows, colSumInto } from "../simd";

export const LAYOUT_OUT_IN: i32 = 0;
export const LAYOUT_IN_OUT: i32 = 1;

/** y (+)= x·W for x [B,I] and W in its storage layout, as one GEMM. */
export function xW(B: i32, I: i32, O: i32, x: usize, w: usize, layout: i32, y: usize): void {
  if (layout == LAYOUT_OUT_IN) gemm(B, O, I, x, I, 1, w, 1, I, y, O);
  else gemm(B, O, I, x, I, 1, w, O, 1, y, O);
}

/** gx += gy·W for gy [B,O], i.e. the transpose of xW. */
export function gyW(B: i32, I: i32, O: i32, gy: usize, w: usize, layout: i32, gx: usize): void {
  if (layout == LAYOUT_OUT_IN) gemm(B, I, O, gy, O, 1, w, I, 1, gx, I);
  else gemm(B, I, O, gy, O, 1, w, 1, O, gx, I);
}

/** dW += the outer products gyᵀ·x summed over the batch, in W's storage layout. */
export function outer(B: i32, I: i32, O: i32, gy: usize, x: usize, layout: i32, dw: usize): void {
  if (layout == LAYOUT_OUT_IN) gemm(O, I, B, gy, 1, O, x, I, 1, dw, I);
  else gemm(I, O, B, x, 1, I, gy, O, 1, dw, O);
}

export function denseForward(B: i32, I: i32, O: i32, x: usize, w: usize, b: usize, layout: i32, y: usize): void {
  broadcastRows(B, O, b, y);
  xW(B, I, O, x, w, layout, y);
}

/** R{y} = R{x}·W + x·V + v_b; rx == 0 when x does not depend on the parameters. */
export function denseTangent(
  B: i32, I: i32, O: i32, x: usize, rx: usize, w: usize, vw: usize, vb: usize, layout: i32, ry: usize,
): void {
  broadcastRows(B, O, vb, ry);
  xW(B, I, O, x, vw, layout, ry);
  if (rx) xW(B, I, O, rx, w, layout, ry);
}

/** ∂W += gyᵀx, ∂b += Σ gy, ∂x += gy·W (gx == 0: x needs no adjoint). */
export function denseBackward(
  B: i32, I: i32, O: i32, x: usize, gy: usize, w: usize, layout: i32, dw: usize, db: usize, gx: usize,
): void {
  if (dw) outer(B, I, O, gy, x, layout, dw);
  if (db) colSumInto(B, O, gy, db);
  if (gx) gyW(B, I, O, gy, w, layout, gx);
}

/** R{∂W} += R{gy}ᵀx + gyᵀR{x}, R{∂b} += Σ R{gy}, R{∂x} += R{gy}·W + gy·V. */
export function denseRBackward(
  B: i32, I: i32, O: i32, x: usize, rx: usize, gy: usize, rgy: usize, w: usize, vw: usize, layout: i32,
  rdw: usize, rdb: usize, rgx: usize,
): void {
  outer(B, I, O, rgy, x, layout, rdw);
  if (rx) outer(B, I, O, gy, rx, layout, rdw);
  if (rdb) colSumInto(B, O, rgy, rdb);
  if (rgx) {
    gyW(B, I, O, rgy, w, layout, rgx);
    gyW(B, I, O, gy, vw, layout, rgx);
  }
}
