// Pointers the host lays out once per plan. Every buffer lives in linear memory; ops read them
// through these globals so that a point of a multi-point evaluation can swap the parameter base.

/** Parameters θ (f32[P]) used by the ops; swapped for θ + a·d₁ + b·d₂ in multi-point evaluation. */
export let gTheta: usize = 0;
/** The host's θ (f32[P]). */
export let gParams: usize = 0;
/** Tangent direction v (f32[P]) of the Hessian-vector product. */
export let gV: usize = 0;
/** Per-batch gradient (f32[P]), cleared before each batch, added into gGradAcc after it. */
export let gGrad: usize = 0;
/** Per-batch R{gradient} = H·v (f32[P]). */
export let gRGrad: usize = 0;
/** Accumulators across batches (f64[P]). */
export let gGradAcc: usize = 0;
export let gHvAcc: usize = 0;
/** Constants that are not parameters (BatchNormalization running statistics), f32. */
export let gConsts: usize = 0;
/** Multi-point: directions d₁, d₂ (f32[P]), the perturbed parameters (f32[P]). */
export let gD1: usize = 0;
export let gD2: usize = 0;
export let gThetaK: usize = 0;
export let gParamCount: i32 = 0;

export function setParamBuffers(
  params: usize, v: usize, grad: usize, rgrad: usize, gradAcc: usize, hvAcc: usize,
  consts: usize, d1: usize, d2: usize, thetaK: usize, count: i32,
): void {
  gParams = params; gTheta = params; gV = v; gGrad = grad; gRGrad = rgrad;
  gGradAcc = gradAcc; gHvAcc = hvAcc; gConsts = consts;
  gD1 = d1; gD2 = d2; gThetaK = thetaK; gParamCount = count;
}

export function setTheta(p: usize): void { gTheta = p; }

/** Float pointer to element `off` of a parameter-shaped buffer; 0 stays 0 (no tensor). */
// @ts-ignore: decorator
@inline export function at(base: usize, off: i32): usize {
  return off < 0 || base == 0 ? 0 : base + (<usize>off << 2);
}

/** Float pointer to element `i` of buffer `p`. */
// @ts-ignore: decorator
@inline export function fp(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}
