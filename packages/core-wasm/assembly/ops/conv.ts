// 2-D convolution, NCHW, groups = 1, through im2col and the blocked GEMM, one sample at a time:
//   Y_b[O, P] = W[O, Q] · col(x_b)[Q, P] + b     (Q = C·kh·kw, P = Ho·Wo)
// R-op rules as for a dense layer whose input is col(x) (Pearlmutter 1994):
//   R{Y} = V·col(x) + W·col(R{x}) + v_b
//   ∂W += gY·colᵀ     ∂x += col2im(Wᵀ·gY)
//   R{∂W} += R{gY}·colᵀ + gY·col(R{x})ᵀ     R{∂x} += col2im(Wᵀ·R{gY} + Vᵀ·gY)
import { gemm } from "../gemm";
import { fp } from "../state";
import { addInto } from "../simd";

/** Geometry of one conv: packed by the host into the op record. */
@unmanaged export class ConvShape {
  C: i32; H: i32; W: i32; O: i32; kh: i32; kw: i32; sh: i32; sw: i32; pt: i32; pl: i32; Ho: i32; Wo: i32;
}

let colA: usize = 0;
let colB: usize = 0;
let colG: usize = 0;

/** Three im2col buffers of `floats` floats each, after `ptr`. */
export function setConvScratch(ptr: usize, floats: i32): void {
  colA = ptr;
  colB = ptr + (<usize>floats << 2);
  colG = colB + (<usize>floats << 2);
}

// @ts-ignore: decorator
@inline function isPointwise(s: ConvShape): bool {
  return s.kh == 1 && s.kw == 1 && s.sh == 1 && s.sw == 1 && s.pt == 0 && s.pl == 0 && s.Ho == s.H && s.Wo == s.W;
}

/** Output columns ow whose input column ow·sw − pl + j lies inside [0, W): [lo, hi). */
// @ts-ignore: decorator
@inline function validSpan(s: ConvShape, j: i32): i64 {
  // smallest ow with ow·sw ≥ pl − j, and smallest ow with ow·sw ≥ W + pl − j
  const a = s.pl - j;
  const lo = a <= 0 ? 0 : (a + s.sw - 1) / s.sw;
  const b = s.W + s.pl - j;
  const hi = b <= 0 ? 0 : min((b + s.sw - 1) / s.sw, s.Wo);
  return (<i64>min(lo, hi) << 32) | <i64>hi;
}

/** col[(c·kh + i)·kw + j, oh·Wo + ow] = x[c, oh·sh − pt + i, ow·sw − pl + j] (0 outside). */
function im2col(s: ConvShape, x: usize, col: usize): void {
  const P = s.Ho * s.Wo;
  let row = 0;
  for (let c = 0; c < s.C; c++) {
    for (let i = 0; i < s.kh; i++) {
      for (let j = 0; j < s.kw; j++) {
        const span = validSpan(s, j);
        const lo = <i32>(span >> 32), hi = <i32>span;
        const dst = col + (<usize>(row * P) << 2);
        for (let oh = 0; oh < s.Ho; oh++) {
          const h = oh * s.sh - s.pt + i;
          const d = dst + (<usize>(oh * s.Wo) << 2);
          if (h < 0 || h >= s.H || lo >= hi) {
            memory.fill(d, 0, <usize>s.Wo << 2);
            continue;
          }
          if (lo > 0) memory.fill(d, 0, <usize>lo << 2);
          if (hi < s.Wo) memory.fill(d + (<usize>hi << 2), 0, <usize>(s.Wo - hi) << 2);
          const src = x + (<usize>((c * s.H + h) * s.W + lo * s.sw - s.pl + j) << 2);
          if (s.sw == 1) {
            memory.copy(d + (<usize>lo << 2), src, <usize>(hi - lo) << 2);
          } else {
            const step = <usize>s.sw << 2;
            let q = src;
            for (let ow = lo; ow < hi; ow++) {
              store<f32>(d + (<usize>ow << 2), load<f32>(q));
              q += step;
            }
          }
        }
        row++;
      }
    }
  }
}

/** The adjoint of im2col: gx[c, h, w] += every col entry that was read from it. */
function col2im(s: ConvShape, col: usize, gx: usize): void {
  const P = s.Ho * s.Wo;
  let row = 0;
  for (let c = 0; c < s.C; c++) {
    for (let i = 0; i < s.kh; i++) {
      for (let j = 0; j < s.kw; j++) {
        const span = validSpan(s, j);
        const lo = <i32>(span >> 32), hi = <i32>span;
        const src = col + (<usize>(row * P) << 2);
        row++;
        if (lo >= hi) continue;
        for (let oh = 0; oh < s.Ho; oh++) {
          const h = oh * s.sh - s.pt + i;
          if (h < 0 || h >= s.H) continue;
          const dst = gx + (<usize>((c * s.H + h) * s.W + lo * s.sw - s.pl + j) << 2);
          const srow = src + (<usize>(oh * s.Wo + lo) << 2);
          if (s.sw == 1) {
            addInto(hi - lo, srow, dst);
          } else {
            const step = <usize>s.sw << 2;
            let q = dst;
            for (let ow = 0; ow < hi - lo; ow++) {
              store<f32>(q, load<f32>(q) + load<f32>(srow + (<usize>ow << 2)));
              q += step;
            }
          }
        }
      }
    }
  }
}

/** col(x_b), or x_b itself for a pointwise conv. */
function columns(s: ConvShape, xb: usize, buf: usize): usize {
  if (isPointwise(s)) return xb;
  im2col(s, xb, buf);
  return buf;
}

function fillChannels(O: i32, P: i32, bias: usize, yb: usize): void {
  for (let o = 0; o < O; o++) {
    const v: f32 = bias ? load<f32>(fp(bias, o)) : 0;
    const d = yb + (<usize>(o * P) << 2);
    for (let p = 0; p < P; p++) store<f32>(d + (<usize>p << 2), v);
  }
}

function channelSumsInto(O: i32, P: i32, gy: usize, db: usize): void {
  for (let o = 0; o < O; o++) {
    let acc: f32 = 0;
    const s = gy + (<usize>(o * P) << 2);
    for (let p = 0; p < P; p++) acc += load<f32>(s + (<usize>p << 2));
    store<f32>(fp(db, o), load<f32>(fp(db, o)) + acc);
  }
}

/** gx_b += col2im(Wᵀ·gy_b) (+ col2im(Vᵀ·gy2_b) when v is given). */
function inputAdjoint(s: ConvShape, w: usize, gyb: usize, v: usize, gy2b: usize, gxb: usize): void {
  const P = s.Ho * s.Wo;
  const Q = s.C * s.kh * s.kw;
  if (isPointwise(s)) {
    gemm(Q, P, s.O, w, 1, Q, gyb, P, 1, gxb, P);
    if (v) gemm(Q, P, s.O, v, 1, Q, gy2b, P, 1, gxb, P);
    return;
  }
  memory.fill(colG, 0, <usize>(Q * P) << 2);
  gemm(Q, P, s.O, w, 1, Q, gyb, P, 1, colG, P);
  if (v) gemm(Q, P, s.O, v, 1, Q, gy2b, P, 1, colG, P);
  col2im(s, colG, gxb);
}

export function convForward(B: i32, s: ConvShape, x: usize, w: usize, b: usize, y: usize): void {
  const P = s.Ho * s.Wo;
  const Q = s.C * s.kh * s.kw;
  const xs = <usize>(s.C * s.H * s.W) << 2;
  const ys = <usize>(s.O * P) << 2;
  for (let n = 0; n < B; n++) {
    const yb = y + <usize>n * ys;
    fillChannels(s.O, P, b, yb);
    gemm(s.O, P, Q, w, Q, 1, columns(s, x + <usize>n * xs, colA), P, 1, yb, P);
  }
}

export function convTangent(
  B: i32, s: ConvShape, x: usize, rx: usize, w: usize, vw: usize, vb: usize, ry: usize,
): void {
  const P = s.Ho * s.Wo;
  const Q = s.C * s.kh * s.kw;
  const xs = <usize>(s.C * s.H * s.W) << 2;
  const ys = <usize>(s.O * P) << 2;
  for (let n = 0; n < B; n++) {
    const ryb = ry + <usize>n * ys;
    fillChannels(s.O, P, vb, ryb);
    gemm(s.O, P, Q, vw, Q, 1, columns(s, x + <usize>n * xs, colA), P, 1, ryb, P);
    if (rx) gemm(s.O, P, Q, w, Q, 1, columns(s, rx + <usize>n * xs, colB), P, 1, ryb, P);
  }
}

export function convBackward(
  B: i32, s: ConvShape, x: usize, gy: usize, w: usize, dw: usize, db: usize, gx: usize,
): void {
  const P = s.Ho * s.Wo;
  const Q = s.C * s.kh * s.kw;
  const xs = <usize>(s.C * s.H * s.W) << 2;
  const ys = <usize>(s.O * P) << 2;
  for (let n = 0; n < B; n++) {
    const gyb = gy + <usize>n * ys;
    if (dw) gemm(s.O, Q, P, gyb, P, 1, columns(s, x + <usize>n * xs, colA), 1, P, dw, Q);
    if (db) channelSumsInto(s.O, P, gyb, db);
    if (gx) inputAdjoint(s, w, gyb, 0, 0, gx + <usize>n * xs);
  }
}

export function convRBackward(
  B: i32, s: ConvShape, x: usize, rx: usize, gy: usize, rgy: usize, w: usize, vw: usize,
  rdw: usize, rdb: usize, rgx: usize,
): void {
  const P = s.Ho * s.Wo;
  const Q = s.C * s.kh * s.kw;
  const xs = <usize>(s.C * s.H * s.W) << 2;
  const ys = <usize>(s.O * P) << 2;
  for (let n = 0; n < B; n++) {
    const gyb = gy + <usize>n * ys;
    const rgyb = rgy + <usize>n * ys;
    gemm(s.O, Q, P, rgyb, P, 1, columns(s, x + <usize>n * xs, colA), 1, P, rdw, Q);
    if (rx) gemm(s.O, Q, P, gyb, P, 1, columns(s, rx + <usize>n * xs, colB), 1, P, rdw, Q);
    if (rdb) channelSumsInto(s.O, P, rgyb, rdb);
    if (rgx) inputAdjoint(s, w, rgyb, vw, gyb, rgx + <usize>n * xs);
  }
}
