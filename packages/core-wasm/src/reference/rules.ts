/**
 * Rule shapes of the float64 reference. Every op states, side by side:
 *   forward  y = f(θ, x)
 *   tangent  R{y} = ∂f/∂θ·v + ∂f/∂x·R{x}                       (forward mode)
 *   vjp      ∂θ += (∂f/∂θ)ᵀ gy,  ∂x += (∂f/∂x)ᵀ gy                (reverse mode)
 *   rvjp     R{∂θ}, R{∂x}: the tangent of vjp along (v, R{x}, R{gy})  (Pearlmutter 1994)
 * A null R{x} or adjoint means "identically zero" / "not needed".
 */
export type Vec = Float64Array;

export interface Ctx {
  /** Batch size. */
  B: number;
  theta: Vec;
  /** HVP direction (same layout as theta), when tangents are wanted. */
  v: Vec | null;
  consts: Vec;
}

export interface OpRules<S> {
  forward(s: S, ctx: Ctx, x: Vec[]): Vec;
  tangent(s: S, ctx: Ctx, x: Vec[], rx: (Vec | null)[]): Vec;
  vjp(s: S, ctx: Ctx, x: Vec[], gy: Vec, dTheta: Vec | null, gx: (Vec | null)[]): void;
  rvjp(s: S, ctx: Ctx, x: Vec[], rx: (Vec | null)[], gy: Vec, rgy: Vec, rdTheta: Vec, rgx: (Vec | null)[]): void;
}

/**
 * An op bilinear in (weights W, input x) plus a bias: y = A(W, x) + b. Its four rules follow
 * from three maps: A, the input adjoint Aᵀₓ(W, gy) and the weight adjoint Aᵀ_W(x, gy).
 */
export interface Bilinear<S> {
  /** y += A(W, x) with W at offset `w` of `params`. */
  apply(s: S, B: number, params: Vec, x: Vec, y: Vec): void;
  /** gx += Aᵀₓ(W, gy). */
  adjointInput(s: S, B: number, params: Vec, gy: Vec, gx: Vec): void;
  /** dParams[w…] += Aᵀ_W(x, gy). */
  adjointWeight(s: S, B: number, x: Vec, gy: Vec, dParams: Vec): void;
  /** Bias offset (or -1), output channels and the per-sample positions each channel spans. */
  bias(s: S): { offset: number; channels: number; positions: number };
  outSize(s: S): number;
}

function addBias(B: number, channels: number, positions: number, params: Vec, offset: number, y: Vec): void {
  if (offset < 0) return;
  for (let n = 0; n < B; n++)
    for (let c = 0; c < channels; c++)
      for (let p = 0; p < positions; p++) y[(n * channels + c) * positions + p] += params[offset + c];
}

function biasAdjoint(B: number, channels: number, positions: number, gy: Vec, d: Vec, offset: number): void {
  if (offset < 0) return;
  for (let n = 0; n < B; n++)
    for (let c = 0; c < channels; c++)
      for (let p = 0; p < positions; p++) d[offset + c] += gy[(n * channels + c) * positions + p];
}

/** The four rules of a bilinear op. */
export function bilinearRules<S>(A: Bilinear<S>): OpRules<S> {
  return {
    forward(s, ctx, [x]) {
      const y = new Float64Array(ctx.B * A.outSize(s));
      const b = A.bias(s);
      addBias(ctx.B, b.channels, b.positions, ctx.theta, b.offset, y);
      A.apply(s, ctx.B, ctx.theta, x, y);
      return y;
    },
    tangent(s, ctx, [x], [rx]) {
      const ry = new Float64Array(ctx.B * A.outSize(s));
      const b = A.bias(s);
      addBias(ctx.B, b.channels, b.positions, ctx.v!, b.offset, ry);
      A.apply(s, ctx.B, ctx.v!, x, ry); // ∂f/∂θ · v
      if (rx) A.apply(s, ctx.B, ctx.theta, rx, ry); // ∂f/∂x · R{x}
      return ry;
    },
    vjp(s, ctx, [x], gy, dTheta, [gx]) {
      if (dTheta) {
        A.adjointWeight(s, ctx.B, x, gy, dTheta);
        const b = A.bias(s);
        biasAdjoint(ctx.B, b.channels, b.positions, gy, dTheta, b.offset);
      }
      if (gx) A.adjointInput(s, ctx.B, ctx.theta, gy, gx);
    },
    rvjp(s, ctx, [x], [rx], gy, rgy, rdTheta, [rgx]) {
      A.adjointWeight(s, ctx.B, x, rgy, rdTheta);
      if (rx) A.adjointWeight(s, ctx.B, rx, gy, rdTheta);
      const b = A.bias(s);
      biasAdjoint(ctx.B, b.channels, b.positions, rgy, rdTheta, b.offset);
      if (rgx) {
        A.adjointInput(s, ctx.B, ctx.theta, rgy, rgx);
        A.adjointInput(s, ctx.B, ctx.v!, gy, rgx);
      }
    },
  };
}

/**
 * A parameter-free op that is linear in x for a fixed selection (pooling, sums): y = L(x).
 * Its tangent is L applied to R{x}; its adjoints are Lᵀ applied to gy and R{gy}.
 */
export interface Linear<S> {
  apply(s: S, B: number, x: Vec[], y: Vec, selection: Vec[]): void;
  adjoint(s: S, B: number, gy: Vec, gx: (Vec | null)[], selection: Vec[]): void;
  outSize(s: S): number;
}

export function linearRules<S>(L: Linear<S>): OpRules<S> {
  // The selection (e.g. max-pool argmax) is taken from the forward inputs, so L is fixed per x.
  const apply = (s: S, B: number, sel: Vec[], x: (Vec | null)[]): Vec => {
    const y = new Float64Array(B * L.outSize(s));
    L.apply(s, B, x.map((v, i) => v ?? new Float64Array(sel[i].length)), y, sel);
    return y;
  };
  return {
    forward: (s, ctx, x) => apply(s, ctx.B, x, x),
    tangent: (s, ctx, x, rx) => apply(s, ctx.B, x, rx),
    vjp(s, ctx, x, gy, _d, gx) {
      L.adjoint(s, ctx.B, gy, gx, x);
    },
    rvjp(s, ctx, x, _rx, _gy, rgy, _rd, rgx) {
      L.adjoint(s, ctx.B, rgy, rgx, x);
    },
  };
}
