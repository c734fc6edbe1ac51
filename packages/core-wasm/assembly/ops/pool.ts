// Max, average and global-average pooling over NCHW. All three are piecewise linear in x, so the
// tangent and R-adjoint rules are the forward and adjoint rules applied to R{x} and R{gy}.
// see: Pearlmutter 1994 — a linear map L has R{L x} = L R{x}.
import { fp } from "../state";

@unmanaged export class PoolShape {
  C: i32; H: i32; W: i32; kh: i32; kw: i32; sh: i32; sw: i32; pt: i32; pl: i32; Ho: i32; Wo: i32;
  /** AveragePool: 1 = divide by kh·kw (PyTorch's default), 0 = by the count of in-bounds cells. */
  countIncludePad: i32;
}

/** y = max over each window; idx records the chosen input offset (within the sample) for the adjoint. */
export function maxPoolForward(B: i32, s: PoolShape, x: usize, y: usize, idx: usize): void {
  const xs = s.C * s.H * s.W;
  const ys = s.C * s.Ho * s.Wo;
  for (let n = 0; n < B; n++) {
    const xb = x + (<usize>(n * xs) << 2);
    let o = n * ys;
    for (let c = 0; c < s.C; c++) {
      for (let oh = 0; oh < s.Ho; oh++) {
        for (let ow = 0; ow < s.Wo; ow++) {
          let best: f32 = -Infinity;
          let arg = -1;
          for (let i = 0; i < s.kh; i++) {
            const h = oh * s.sh - s.pt + i;
            if (h < 0 || h >= s.H) continue;
            for (let j = 0; j < s.kw; j++) {
              const w = ow * s.sw - s.pl + j;
              if (w < 0 || w >= s.W) continue;
              const k = (c * s.H + h) * s.W + w;
              const v = load<f32>(fp(xb, k));
              // strict '>' keeps the first maximum, as PyTorch does; NaN propagates.
              if (v > best || arg < 0 || isNaN(v)) { best = v; arg = k; if (isNaN(v)) break; }
            }
          }
          store<f32>(fp(y, o), best);
          store<i32>(idx + (<usize>o << 2), arg);
          o++;
        }
      }
    }
  }
}

/** out[o] = z[idx[o]] : the forward map applied to a tangent. */
export function maxPoolGather(B: i32, s: PoolShape, z: usize, idx: usize, out: usize): void {
  const xs = s.C * s.H * s.W;
  const ys = s.C * s.Ho * s.Wo;
  for (let n = 0; n < B; n++) {
    const zb = z + (<usize>(n * xs) << 2);
    for (let q = 0; q < ys; q++) {
      const o = n * ys + q;
      store<f32>(fp(out, o), load<f32>(fp(zb, load<i32>(idx + (<usize>o << 2)))));
    }
  }
}

/** gx[idx[o]] += gy[o] : the adjoint. */
export function maxPoolScatter(B: i32, s: PoolShape, gy: usize, idx: usize, gx: usize): void {
  const xs = s.C * s.H * s.W;
  const ys = s.C * s.Ho * s.Wo;
  for (let n = 0; n < B; n++) {
    const gb = gx + (<usize>(n * xs) << 2);
    for (let q = 0; q < ys; q++) {
      const o = n * ys + q;
      const p = fp(gb, load<i32>(idx + (<usize>o << 2)));
      store<f32>(p, load<f32>(p) + load<f32>(fp(gy, o)));
    }
  }
}

function windowCount(s: PoolShape, oh: i32, ow: i32): f32 {
  if (s.countIncludePad) return <f32>(s.kh * s.kw);
  const h0 = max(oh * s.sh - s.pt, 0), h1 = min(oh * s.sh - s.pt + s.kh, s.H);
  const w0 = max(ow * s.sw - s.pl, 0), w1 = min(ow * s.sw - s.pl + s.kw, s.W);
  return <f32>(max(h1 - h0, 0) * max(w1 - w0, 0));
}

/** y = window mean of x (adjoint = false), or gx += spread of gy (adjoint = true). */
export function avgPool(B: i32, s: PoolShape, x: usize, y: usize, adjoint: bool): void {
  const xs = s.C * s.H * s.W;
  const ys = s.C * s.Ho * s.Wo;
  for (let n = 0; n < B; n++) {
    const xb = x + (<usize>(n * xs) << 2);
    let o = n * ys;
    for (let c = 0; c < s.C; c++) {
      for (let oh = 0; oh < s.Ho; oh++) {
        for (let ow = 0; ow < s.Wo; ow++) {
          const inv: f32 = <f32>1 / windowCount(s, oh, ow);
          const g: f32 = adjoint ? load<f32>(fp(y, o)) * inv : 0;
          let acc: f32 = 0;
          for (let i = 0; i < s.kh; i++) {
            const h = oh * s.sh - s.pt + i;
            if (h < 0 || h >= s.H) continue;
            for (let j = 0; j < s.kw; j++) {
              const w = ow * s.sw - s.pl + j;
              if (w < 0 || w >= s.W) continue;
              const p = fp(xb, (c * s.H + h) * s.W + w);
              if (adjoint) store<f32>(p, load<f32>(p) + g);
              else acc += load<f32>(p);
            }
          }
          if (!adjoint) store<f32>(fp(y, o), acc * inv);
          o++;
        }
      }
    }
  }
}

/** Global average pooling [B, C, HW] → [B, C] (adjoint = false) or its adjoint. */
export function globalAvgPool(B: i32, C: i32, HW: i32, x: usize, y: usize, adjoint: bool): void {
  const inv: f32 = <f32>1 / <f32>HW;
  for (let n = 0; n < B; n++) {
    for (let c = 0; c < C; c++) {
      const row = x + (<usize>((n * C + c) * HW) << 2);
      const o = fp(y, n * C + c);
      if (adjoint) {
        const g = load<f32>(o) * inv;
        for (let k = 0; k < HW; k++) store<f32>(fp(row, k), load<f32>(fp(row, k)) + g);
      } else {
        let acc: f32 = 0;
        for (let k = 0; k < HW; k++) acc += load<f32>(fp(row, k));
        store<f32>(o, acc * inv);
      }
    }
  }
}
