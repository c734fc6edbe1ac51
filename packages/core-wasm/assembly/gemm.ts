// Register-blocked, cache-blocked single-precision GEMM (the BLIS / GotoBLAS loop nest):
//   C[M,N] += A[M,K] · B[K,N]
// with A(m,k) = A[m*ars + k*acs] and B(k,n) = B[k*brs + n*bcs] (element strides), so transposed
// operands cost nothing extra: packing reads them in whatever order they are stored.
// see: Goto & van de Geijn 2008, "Anatomy of high-performance matrix multiplication".
import { fma4 } from "./simd";

export const MR: i32 = 4;
export const NR: i32 = 8;
export const KC: i32 = 256;
export const MC: i32 = 96;
export const NC: i32 = 1536;

/** Scratch for packed panels: MC*KC + KC*NC floats + one MR×NR tile; set by the host. */
let packA: usize = 0;
let packB: usize = 0;
let tile: usize = 0;

export function gemmScratchBytes(): usize {
  return <usize>(MC * KC + KC * (NC + NR) + MR * NR) << 2;
}

export function setGemmScratch(ptr: usize): void {
  packA = ptr;
  packB = ptr + (<usize>(MC * KC) << 2);
  tile = packB + (<usize>(KC * (NC + NR)) << 2);
}

/** Pack A[i0:i0+mc, p0:p0+kc] into MR-row panels: Ap[panel][k][MR], zero-padded. */
function packPanelsA(mc: i32, kc: i32, a: usize, ars: i32, acs: i32): void {
  let dst = packA;
  for (let i = 0; i < mc; i += MR) {
    const rows = min(MR, mc - i);
    for (let r = 0; r < MR; r++) {
      let d = dst + (<usize>r << 2);
      if (r < rows) {
        let s = a + (<usize>((i + r) * ars) << 2);
        const step = <usize>acs << 2;
        for (let k = 0; k < kc; k++) {
          store<f32>(d, load<f32>(s));
          s += step;
          d += <usize>MR << 2;
        }
      } else {
        for (let k = 0; k < kc; k++) {
          store<f32>(d, 0);
          d += <usize>MR << 2;
        }
      }
    }
    dst += <usize>(MR * kc) << 2;
  }
}

/** Pack B[p0:p0+kc, j0:j0+nc] into NR-column panels: Bp[panel][k][NR], zero-padded. */
function packPanelsB(kc: i32, nc: i32, b: usize, brs: i32, bcs: i32): void {
  let dst = packB;
  for (let j = 0; j < nc; j += NR) {
    const cols = min(NR, nc - j);
    if (cols == NR && bcs == 1) {
      for (let k = 0; k < kc; k++) {
        const s = b + (<usize>(k * brs + j) << 2);
        v128.store(dst, v128.load(s));
        v128.store(dst, v128.load(s, 16), 16);
        dst += <usize>NR << 2;
      }
    } else {
      // one source column at a time: contiguous reads when B is stored transposed (brs == 1)
      const rowStep = <usize>NR << 2;
      for (let c = 0; c < NR; c++) {
        let d = dst + (<usize>c << 2);
        if (c < cols) {
          let src = b + (<usize>((j + c) * bcs) << 2);
          const step = <usize>brs << 2;
          for (let k = 0; k < kc; k++) {
            store<f32>(d, load<f32>(src));
            src += step;
            d += rowStep;
          }
        } else {
          for (let k = 0; k < kc; k++) {
            store<f32>(d, 0);
            d += rowStep;
          }
        }
      }
      dst += <usize>(kc * NR) << 2;
    }
  }
}

// @ts-ignore: decorator
@inline function addStore(p: usize, v: v128): void {
  v128.store(p, f32x4.add(v128.load(p), v));
}

/** The MR×NR register tile: 8 accumulators, 2 B vectors and one broadcast A value live in registers. */
function micro(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, rows: i32, cols: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = fma4(a, b0, c00); c01 = fma4(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = fma4(a, b0, c10); c11 = fma4(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = fma4(a, b0, c20); c21 = fma4(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = fma4(a, b0, c30); c31 = fma4(a, b1, c31);
    ap += 16;
    bp += 32;
  }
  const ld = <usize>ldc << 2;
  if (rows == MR && cols == NR) {
    addStore(c, c00); addStore(c + 16, c01);
    c += ld;
    addStore(c, c10); addStore(c + 16, c11);
    c += ld;
    addStore(c, c20); addStore(c + 16, c21);
    c += ld;
    addStore(c, c30); addStore(c + 16, c31);
    return;
  }
  const t = tile;
  v128.store(t, c00); v128.store(t, c01, 16);
  v128.store(t, c10, 32); v128.store(t, c11, 48);
  v128.store(t, c20, 64); v128.store(t, c21, 80);
  v128.store(t, c30, 96); v128.store(t, c31, 112);
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) {
      const p = c + <usize>r * ld + (<usize>q << 2);
      store<f32>(p, load<f32>(p) + load<f32>(t + (<usize>(r * NR + q) << 2)));
    }
  }
}

/**
 * C[M,N] += A·B. C is row-major with leading dimension ldc (elements); callers that want
 * C = A·B clear C first. Element strides: A(m,k) = a[m*ars + k*acs], B(k,n) = b[k*brs + n*bcs].
 */
export function gemm(
  M: i32, N: i32, K: i32,
  a: usize, ars: i32, acs: i32,
  b: usize, brs: i32, bcs: i32,
  c: usize, ldc: i32,
): void {
  if (M <= 0 || N <= 0 || K <= 0) return;
  for (let jc = 0; jc < N; jc += NC) {
    const nc = min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = min(KC, K - pc);
      packPanelsB(kc, nc, b + (<usize>(pc * brs + jc * bcs) << 2), brs, bcs);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = min(MC, M - ic);
        packPanelsA(mc, kc, a + (<usize>(ic * ars + pc * acs) << 2), ars, acs);
        for (let jr = 0; jr < nc; jr += NR) {
          const bp = packB + (<usize>(jr * kc) << 2);
          const cols = min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            micro(
              kc,
              packA + (<usize>(ir * kc) << 2),
              bp,
              c + (<usize>((ic + ir) * ldc + jc + jr) << 2),
              ldc,
              min(MR, mc - ir),
              cols,
            );
          }
        }
      }
    }
  }
}

/**
 * Machine peak of the register tile: the same MR×NR block over operands that stay in L1,
 * `reps` times over kc = 64. Returns a checksum so the work cannot be optimised away.
 */
export function peak(reps: i32, scratch: usize): f32 {
  const kc = 64;
  const ap = scratch;
  const bp = scratch + (<usize>(MR * kc) << 2);
  const c = bp + (<usize>(NR * kc) << 2);
  for (let i = 0; i < MR * kc; i++) store<f32>(ap + (<usize>i << 2), <f32>1e-3 * <f32>(i % 7));
  for (let i = 0; i < NR * kc; i++) store<f32>(bp + (<usize>i << 2), <f32>1e-3 * <f32>(i % 5));
  memory.fill(c, 0, <usize>(MR * NR) << 2);
  for (let r = 0; r < reps; r++) micro(kc, ap, bp, c, NR, MR, NR);
  return load<f32>(c);
}

export function peakFlopsPerRep(): f64 {
  return 2.0 * <f64>MR * <f64>NR * 64.0;
}
