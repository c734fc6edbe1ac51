/**
 * Dense symmetric eigenproblems in float64 the fast way: Householder reduction to tridiagonal form
 * (O(4n³/3) without vectors), then the implicit QL algorithm with Wilkinson-type shifts on the
 * tridiagonal matrix (O(n²) without vectors). Rotations can be applied to any set of rows of the
 * eigenvector matrix, so Gauss quadrature weights (first row) and Ritz residuals (last row) cost
 * O(m²) rather than O(m³).
 * see: Golub & Van Loan, "Matrix Computations", §8.3 (Householder tridiagonalisation, symmetric QR);
 *      Bowdler, Martin, Reinsch & Wilkinson 1968 (the QL algorithm); Golub & Welsch 1969.
 */

const EPS = 2 ** -52;

export interface Tridiagonal {
  /** Diagonal, length n. */
  d: Float64Array;
  /** Off-diagonal: e[i] couples i and i + 1; length n − 1. */
  e: Float64Array;
  /** Orthogonal Q (row-major n×n) with A = Q·T·Qᵀ, when asked for. */
  q?: Float64Array;
}

/**
 * Householder reduction A = Q·T·Qᵀ of a symmetric row-major n×n matrix. Only the lower triangle is
 * read. `overwrite: true` works in place on `a` (must then be a Float64Array) instead of a copy.
 */
export function householderTridiagonal(matrix: ArrayLike<number>, n: number, options: { vectors?: boolean; overwrite?: boolean } = {}): Tridiagonal {
  if (matrix.length !== n * n) throw new Error(`householderTridiagonal: expected ${n}×${n} values, got ${matrix.length}`);
  const a = options.overwrite && matrix instanceof Float64Array ? matrix : Float64Array.from(matrix);
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(n - 1, 0));
  const betas = new Float64Array(n);
  let p = new Float64Array(n);
  let pNext = new Float64Array(n);
  const q = new Float64Array(n);
  const u = new Float64Array(n);
  const v = new Float64Array(n);
  // Step i annihilates row i left of the subdiagonal with a reflector P = I − β·u·uᵀ acting on
  // coordinates 0..i−1 (u kept in row i), then updates the leading i×i block: A ← P·A·P, i.e.
  // A ← A − u·qᵀ − q·uᵀ with p = β·A·u, q = p − (β·uᵀp/2)·u. Only the lower triangle is used. The
  // update of the leading block and the product A·u of the next step share one pass over memory.
  const reflect = (i: number): void => {
    const l = i - 1;
    const row = i * n;
    d[i] = a[row + i];
    let scale = 0;
    for (let c = 0; c <= l; c++) scale = Math.max(scale, Math.abs(a[row + c]));
    let xx = 0;
    if (scale > 0) for (let c = 0; c < l; c++) xx += (a[row + c] / scale) ** 2;
    if (xx === 0) {
      e[l] = a[row + l];
      betas[i] = 0;
      return;
    }
    const xl = a[row + l] / scale;
    const norm = Math.sqrt(xx + xl * xl);
    const sigma = xl >= 0 ? -norm : norm;
    // u = x/scale − σ·e_l, so uᵀu = 2σ(σ − x_l) and β = 2/uᵀu.
    for (let c = 0; c < l; c++) a[row + c] /= scale;
    a[row + l] = xl - sigma;
    betas[i] = 1 / (sigma * (sigma - xl));
    e[l] = sigma * scale;
  };
  const product = (i: number): void => {
    // p = A[0:i, 0:i]·u over the lower triangle; four partial sums break the add-latency chain.
    const row = i * n;
    p.fill(0, 0, i);
    for (let r = 0; r < i; r++) {
      const rr = r * n;
      const ur = a[row + r];
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let c = 0;
      for (; c + 3 < r; c += 4) {
        const a0 = a[rr + c], a1 = a[rr + c + 1], a2 = a[rr + c + 2], a3 = a[rr + c + 3];
        s0 += a0 * a[row + c];
        s1 += a1 * a[row + c + 1];
        s2 += a2 * a[row + c + 2];
        s3 += a3 * a[row + c + 3];
        p[c] += a0 * ur;
        p[c + 1] += a1 * ur;
        p[c + 2] += a2 * ur;
        p[c + 3] += a3 * ur;
      }
      for (; c < r; c++) {
        const arc = a[rr + c];
        s0 += arc * a[row + c];
        p[c] += arc * ur;
      }
      p[r] += s0 + s1 + s2 + s3 + a[rr + r] * ur;
    }
  };
  if (n >= 3) {
    reflect(n - 1);
    if (betas[n - 1] !== 0) product(n - 1);
  }
  for (let i = n - 1; i >= 2; i--) {
    const l = i - 1;
    const row = i * n;
    const beta = betas[i];
    if (beta === 0) {
      if (l >= 2) {
        reflect(l);
        if (betas[l] !== 0) product(l);
      }
      continue;
    }
    let up = 0;
    for (let r = 0; r < i; r++) {
      p[r] *= beta;
      up += a[row + r] * p[r];
    }
    const K = (beta * up) / 2;
    for (let r = 0; r < i; r++) q[r] = p[r] - K * a[row + r];
    // Row l first: the next reflector is built from it.
    const lr = l * n;
    for (let c = 0; c <= l; c++) a[lr + c] -= a[row + l] * q[c] + q[l] * a[row + c];
    let fused = false;
    if (l >= 2) {
      reflect(l);
      fused = betas[l] !== 0;
    }
    if (fused) pNext.fill(0, 0, l);
    u.set(a.subarray(row, row + i));
    if (fused) v.set(a.subarray(lr, lr + l));
    for (let r = 0; r < l; r++) {
      const rr = r * n;
      const ur = a[row + r], qr = q[r];
      if (!fused) {
        for (let c = 0; c <= r; c++) a[rr + c] -= ur * q[c] + qr * a[row + c];
        continue;
      }
      const vr = a[lr + r];
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let c = 0;
      for (; c + 3 < r; c += 4) {
        const x0 = a[rr + c] - ur * q[c] - qr * u[c];
        const x1 = a[rr + c + 1] - ur * q[c + 1] - qr * u[c + 1];
        const x2 = a[rr + c + 2] - ur * q[c + 2] - qr * u[c + 2];
        const x3 = a[rr + c + 3] - ur * q[c + 3] - qr * u[c + 3];
        a[rr + c] = x0;
        a[rr + c + 1] = x1;
        a[rr + c + 2] = x2;
        a[rr + c + 3] = x3;
        s0 += x0 * v[c];
        s1 += x1 * v[c + 1];
        s2 += x2 * v[c + 2];
        s3 += x3 * v[c + 3];
        pNext[c] += x0 * vr;
        pNext[c + 1] += x1 * vr;
        pNext[c + 2] += x2 * vr;
        pNext[c + 3] += x3 * vr;
      }
      for (; c < r; c++) {
        const x = a[rr + c] - ur * q[c] - qr * u[c];
        a[rr + c] = x;
        s0 += x * v[c];
        pNext[c] += x * vr;
      }
      const x = a[rr + r] - 2 * ur * qr;
      a[rr + r] = x;
      s0 += s2 + s3;
      pNext[r] += s0 + s1 + x * vr;
    }
    if (fused) [p, pNext] = [pNext, p];
  }
  if (n >= 2) {
    e[0] = a[n];
    d[1] = a[n + 1];
  }
  if (n >= 1) d[0] = a[0];
  if (!options.vectors) return { d, e };
  // Q = P_{n−1}·…·P_2, accumulated right to left so each product touches only its leading rows.
  const Q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) Q[i * n + i] = 1;
  const w = new Float64Array(n);
  for (let i = 2; i < n; i++) {
    const beta = betas[i];
    if (beta === 0) continue;
    const row = i * n;
    // Q[0:i, :] −= β·u·(uᵀ·Q[0:i, :]); columns ≥ i are still zero in those rows.
    w.fill(0, 0, i);
    for (let r = 0; r < i; r++) {
      const ur = a[row + r];
      for (let c = 0; c < i; c++) w[c] += ur * Q[r * n + c];
    }
    for (let r = 0; r < i; r++) {
      const f = beta * a[row + r];
      for (let c = 0; c < i; c++) Q[r * n + c] -= f * w[c];
    }
  }
  return { d, e, q: Q };
}

export interface TridiagonalEigen {
  /** Eigenvalues, descending (algebraic). */
  values: Float64Array;
  /**
   * Row-major rows.length×n: row k is row rows[k] of Z·V, where Z is the given (or identity) matrix
   * and V holds the eigenvectors of T in columns ordered like `values`.
   */
  vectors: Float64Array;
}

export interface TridiagonalEigenOptions {
  /**
   * The matrix whose rows the rotations are applied to (row-major, rows×n), e.g. Householder's Q
   * for eigenvectors of the original matrix. Default: the identity restricted to `rows`.
   */
  z?: Float64Array;
  /** Rows of the identity to track when `z` is not given: [0] gives Gauss quadrature weights. Default none. */
  rows?: readonly number[];
  /** Most QL sweeps per eigenvalue. Default 60. */
  maxSweeps?: number;
}

/** Eigen-decomposition of the symmetric tridiagonal matrix with diagonal d and off-diagonal e (not modified). */
export function tridiagonalEigen(diagonal: ArrayLike<number>, offDiagonal: ArrayLike<number>, options: TridiagonalEigenOptions = {}): TridiagonalEigen {
  const n = diagonal.length;
  const d = Float64Array.from(diagonal);
  const e = new Float64Array(n);
  for (let i = 0; i + 1 < n; i++) e[i] = offDiagonal[i];
  let z: Float64Array;
  let r: number;
  if (options.z) {
    z = Float64Array.from(options.z);
    r = z.length / n;
    if (!Number.isInteger(r)) throw new Error(`tridiagonalEigen: z has ${z.length} values, not a multiple of ${n}`);
  } else {
    const rows = options.rows ?? [];
    r = rows.length;
    z = new Float64Array(r * n);
    rows.forEach((row, k) => (z[k * n + row] = 1));
  }
  const maxSweeps = options.maxSweeps ?? 60;
  // An off-diagonal entry is negligible when it is small next to its two diagonal neighbours or
  // next to the whole matrix (‖T‖∞ ≤ norm): the second test (EISPACK tql2's) deflates blocks of
  // entries far below EPS·‖T‖, such as a graded run from 1e-66 up, that the relative test alone
  // leaves cycling, and it moves no eigenvalue by more than EPS·‖T‖ — the accuracy QL has anyway.
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i]) + Math.abs(e[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0));
  const floor = EPS * norm;
  for (let l = 0; l < n; l++) {
    for (let sweep = 0; ; sweep++) {
      let m = l;
      while (m < n - 1 && Math.abs(e[m]) > Math.max(floor, EPS * (Math.abs(d[m]) + Math.abs(d[m + 1])))) m++;
      if (m === l) break;
      if (sweep === maxSweeps) throw new Error(`tridiagonalEigen: no convergence after ${maxSweeps} sweeps at eigenvalue ${l}`);
      // Shift: the eigenvalue of the leading 2×2 block nearer d[l]; g = d[m] − shift.
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let h = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? h : -h));
      let s = 1, c = 1, p = 0;
      let deflated = false;
      // Chase the bulge from the bottom of the block up with Givens rotations in planes (i, i+1).
      for (let i = m - 1; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        h = Math.hypot(f, g);
        e[i + 1] = h;
        if (h === 0) {
          d[i + 1] -= p;
          e[m] = 0;
          deflated = true;
          break;
        }
        s = f / h;
        c = g / h;
        g = d[i + 1] - p;
        h = (d[i] - g) * s + 2 * c * b;
        p = s * h;
        d[i + 1] = g + p;
        g = c * h - b;
        for (let k = 0; k < r; k++) {
          const zi = k * n + i;
          const t = z[zi + 1];
          z[zi + 1] = s * z[zi] + c * t;
          z[zi] = c * z[zi] - s * t;
        }
      }
      if (deflated) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => d[j] - d[i]);
  const values = Float64Array.from(order, (i) => d[i]);
  const vectors = new Float64Array(r * n);
  for (let k = 0; k < r; k++) order.forEach((src, dst) => (vectors[k * n + dst] = z[k * n + src]));
  return { values, vectors };
}
