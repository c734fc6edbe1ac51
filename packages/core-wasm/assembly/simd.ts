// SIMD helpers shared by every hot loop.
// The relaxed build (asc --enable relaxed-simd) fuses multiply-add; the plain build does mul then add.

/** a*b + c, four lanes. */
// @ts-ignore: decorator
@inline export function fma4(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f32x4.relaxed_madd(a, b, c);
  } else {
    return f32x4.add(f32x4.mul(a, b), c);
  }
}

/** y[i] += alpha * x[i] for n floats. */
export function axpy(n: i32, alpha: f32, x: usize, y: usize): void {
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, fma4(va, v128.load(x + o), v128.load(y + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, load<f32>(y + o) + alpha * load<f32>(x + o));
  }
}

/** y[i] = x[i] + a*u[i] + b*w[i] for n floats. */
export function combine3(n: i32, x: usize, a: f32, u: usize, b: f32, w: usize, y: usize): void {
  const va = f32x4.splat(a);
  const vb = f32x4.splat(b);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, fma4(vb, v128.load(w + o), fma4(va, v128.load(u + o), v128.load(x + o))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, load<f32>(x + o) + a * load<f32>(u + o) + b * load<f32>(w + o));
  }
}

/** y[i] += x[i] for n floats. */
export function addInto(n: i32, x: usize, y: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, f32x4.add(v128.load(y + o), v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, load<f32>(y + o) + load<f32>(x + o));
  }
}

/** Broadcast a row vector (n floats, or zeros when row == 0) into each of m rows of y. */
export function broadcastRows(m: i32, n: i32, row: usize, y: usize): void {
  const bytes = <usize>n << 2;
  for (let r = 0; r < m; r++) {
    const dst = y + <usize>r * bytes;
    if (row) memory.copy(dst, row, bytes);
    else memory.fill(dst, 0, bytes);
  }
}

/** out[j] += sum over m rows of x[r, j] (column sums of an m×n row-major matrix). */
export function colSumInto(m: i32, n: i32, x: usize, out: usize): void {
  const bytes = <usize>n << 2;
  for (let r = 0; r < m; r++) addInto(n, x + <usize>r * bytes, out);
}
