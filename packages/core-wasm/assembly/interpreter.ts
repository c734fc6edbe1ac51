// Executes the compact program: a list of op records over value buffers, in topological order.
// Forward (optionally with tangents R{·}), then the reverse sweep (adjoints, optionally R-adjoints).
// see: Pearlmutter 1994, "Fast exact multiplication by the Hessian" — the R{·} forward and backward passes.
import {
  gTheta, gParams, gV, gGrad, gRGrad, gGradAcc, gHvAcc, gConsts, gD1, gD2, gThetaK, gParamCount, at, fp, setTheta,
} from "./state";
import { addInto, combine3 } from "./simd";
import { denseForward, denseTangent, denseBackward, denseRBackward } from "./ops/dense";
import { ConvShape, convForward, convTangent, convBackward, convRBackward } from "./ops/conv";
import { PoolShape, maxPoolForward, maxPoolGather, maxPoolScatter, avgPool, globalAvgPool } from "./ops/pool";
import { NormShape, normForward, normBackward } from "./ops/batchnorm";
import { actForward, actSlope, actRBackward } from "./ops/activation";
import { ScaleShape, scaleApply } from "./ops/scale";
import { lossBatch, lossSum, correctSum, resetLoss } from "./loss";

export const OP_DENSE: i32 = 1;
export const OP_CONV: i32 = 2;
export const OP_MAXPOOL: i32 = 3;
export const OP_AVGPOOL: i32 = 4;
export const OP_GAP: i32 = 5;
export const OP_NORM: i32 = 6;
export const OP_ADD: i32 = 7;
export const OP_ACT: i32 = 8;
export const OP_SCALE: i32 = 9;

let opTable: usize = 0; // i32[nOps]: byte pointer of each op record
let nOps: i32 = 0;
let values: usize = 0;  // per value: i32 [val, tan, adj, radj, size, aliases the input]
let nValues: i32 = 0;
let outValue: i32 = 0;
let lossKind: i32 = 0;
let outSize: i32 = 0;
let inSize: i32 = 0;
let maxBatch: i32 = 0;
let dataX: usize = 0;
let dataLabels: usize = 0;
let dataTargets: usize = 0;

export function setProgram(
  ops: usize, count: i32, valueTable: usize, valueCount: i32, output: i32, loss: i32, k: i32, input: i32, batch: i32,
): void {
  opTable = ops; nOps = count; values = valueTable; nValues = valueCount;
  outValue = output; lossKind = loss; outSize = k; inSize = input; maxBatch = batch;
}

export function setData(x: usize, labels: usize, targets: usize): void {
  dataX = x; dataLabels = labels; dataTargets = targets;
}

// @ts-ignore: decorator
@inline function slot(v: i32, k: i32): usize {
  return <usize>load<i32>(values + (<usize>(v * 6 + k) << 2));
}
// @ts-ignore: decorator
@inline function val(v: i32): usize { return slot(v, 0); }
// @ts-ignore: decorator
@inline function tan(v: i32): usize { return slot(v, 1); }
// @ts-ignore: decorator
@inline function adj(v: i32): usize { return slot(v, 2); }
// @ts-ignore: decorator
@inline function radj(v: i32): usize { return slot(v, 3); }
// @ts-ignore: decorator
@inline function size(v: i32): i32 { return <i32>slot(v, 4); }
// @ts-ignore: decorator
@inline function word(op: usize, i: i32): i32 { return load<i32>(op + (<usize>i << 2)); }
// @ts-ignore: decorator
@inline function fword(op: usize, i: i32): f32 { return load<f32>(op + (<usize>i << 2)); }
// @ts-ignore: decorator
@inline function record(i: i32): usize { return <usize>load<i32>(opTable + (<usize>i << 2)); }

/** Points value 0 (the input) and its reshapes at samples [start, …) of the resident data set. */
function bindInput(start: i32): void {
  const p = <i32>(dataX + (<usize>(start * inSize) << 2));
  for (let v = 0; v < nValues; v++) {
    if (slot(v, 5)) store<i32>(values + (<usize>(v * 6) << 2), p);
  }
}

/** z = a + b over n floats, either side optional (0 = zero). */
function sum2(n: i32, a: usize, b: usize, z: usize): void {
  const bytes = <usize>n << 2;
  if (a) memory.copy(z, a, bytes); else memory.fill(z, 0, bytes);
  if (b) addInto(n, b, z);
}

function forwardOp(B: i32, op: usize, tangent: bool): void {
  const code = word(op, 0);
  const x = word(op, 1);
  const y = word(op, 2);
  switch (code) {
    case OP_DENSE: {
      const I = word(op, 3), O = word(op, 4), w = word(op, 5), b = word(op, 6), layout = word(op, 7);
      denseForward(B, I, O, val(x), at(gTheta, w), at(gTheta, b), layout, val(y));
      if (tangent) denseTangent(B, I, O, val(x), tan(x), at(gTheta, w), at(gV, w), at(gV, b), layout, tan(y));
      break;
    }
    case OP_CONV: {
      const s = changetype<ConvShape>(op + 20);
      const w = word(op, 3), b = word(op, 4);
      convForward(B, s, val(x), at(gTheta, w), at(gTheta, b), val(y));
      if (tangent) convTangent(B, s, val(x), tan(x), at(gTheta, w), at(gV, w), at(gV, b), tan(y));
      break;
    }
    case OP_MAXPOOL: {
      const s = changetype<PoolShape>(op + 16);
      const idx = <usize>word(op, 3);
      maxPoolForward(B, s, val(x), val(y), idx);
      if (tangent && tan(y)) maxPoolGather(B, s, tan(x), idx, tan(y));
      break;
    }
    case OP_AVGPOOL: {
      const s = changetype<PoolShape>(op + 16);
      avgPool(B, s, val(x), val(y), false);
      if (tangent && tan(y)) avgPool(B, s, tan(x), tan(y), false);
      break;
    }
    case OP_GAP: {
      const C = word(op, 3), HW = word(op, 4);
      globalAvgPool(B, C, HW, val(x), val(y), false);
      if (tangent && tan(y)) globalAvgPool(B, C, HW, tan(x), tan(y), false);
      break;
    }
    case OP_NORM: {
      const s = changetype<NormShape>(op + 12);
      normForward(B, s, gConsts, gTheta, gV, val(x), 0, val(y), 0);
      if (tangent) normForward(B, s, gConsts, gTheta, gV, val(x), tan(x), tan(y), 1);
      break;
    }
    case OP_ADD: {
      const b = word(op, 3);
      const n = B * size(y);
      sum2(n, val(x), val(b), val(y));
      if (tangent && tan(y)) sum2(n, tan(x), tan(b), tan(y));
      break;
    }
    case OP_ACT: {
      const kind = word(op, 3), alpha = fword(op, 4);
      const n = B * size(y);
      actForward(kind, alpha, n, val(x), val(y));
      if (tangent && tan(y)) actSlope(kind, alpha, n, val(x), tan(x), tan(y), false);
      break;
    }
    case OP_SCALE: {
      const s = changetype<ScaleShape>(op + 12);
      scaleApply(B, s, gConsts, val(x), val(y), true, false);
      if (tangent && tan(y)) scaleApply(B, s, gConsts, tan(x), tan(y), false, false);
      break;
    }
    default: unreachable();
  }
}

function backwardOp(B: i32, op: usize, grad: bool, rop: bool): void {
  const code = word(op, 0);
  const x = word(op, 1);
  const y = word(op, 2);
  const g = grad ? gGrad : 0;
  switch (code) {
    case OP_DENSE: {
      const I = word(op, 3), O = word(op, 4), w = word(op, 5), b = word(op, 6), layout = word(op, 7);
      denseBackward(B, I, O, val(x), adj(y), at(gTheta, w), layout, at(g, w), at(g, b), adj(x));
      if (rop) {
        denseRBackward(B, I, O, val(x), tan(x), adj(y), radj(y), at(gTheta, w), at(gV, w), layout,
          at(gRGrad, w), at(gRGrad, b), radj(x));
      }
      break;
    }
    case OP_CONV: {
      const s = changetype<ConvShape>(op + 20);
      const w = word(op, 3), b = word(op, 4);
      convBackward(B, s, val(x), adj(y), at(gTheta, w), at(g, w), at(g, b), adj(x));
      if (rop) {
        convRBackward(B, s, val(x), tan(x), adj(y), radj(y), at(gTheta, w), at(gV, w),
          at(gRGrad, w), at(gRGrad, b), radj(x));
      }
      break;
    }
    case OP_MAXPOOL: {
      const s = changetype<PoolShape>(op + 16);
      const idx = <usize>word(op, 3);
      if (adj(x)) maxPoolScatter(B, s, adj(y), idx, adj(x));
      if (rop && radj(x)) maxPoolScatter(B, s, radj(y), idx, radj(x));
      break;
    }
    case OP_AVGPOOL: {
      const s = changetype<PoolShape>(op + 16);
      if (adj(x)) avgPool(B, s, adj(x), adj(y), true);
      if (rop && radj(x)) avgPool(B, s, radj(x), radj(y), true);
      break;
    }
    case OP_GAP: {
      const C = word(op, 3), HW = word(op, 4);
      if (adj(x)) globalAvgPool(B, C, HW, adj(x), adj(y), true);
      if (rop && radj(x)) globalAvgPool(B, C, HW, radj(x), radj(y), true);
      break;
    }
    case OP_NORM: {
      const s = changetype<NormShape>(op + 12);
      normBackward(B, s, gConsts, gTheta, gV, val(x), 0, adj(y), 0, g, g, adj(x), 0);
      if (rop) normBackward(B, s, gConsts, gTheta, gV, val(x), tan(x), adj(y), radj(y), gRGrad, gRGrad, radj(x), 1);
      break;
    }
    case OP_ADD: {
      const b = word(op, 3);
      const n = B * size(y);
      if (adj(x)) addInto(n, adj(y), adj(x));
      if (adj(b)) addInto(n, adj(y), adj(b));
      if (rop) {
        if (radj(x)) addInto(n, radj(y), radj(x));
        if (radj(b)) addInto(n, radj(y), radj(b));
      }
      break;
    }
    case OP_ACT: {
      const kind = word(op, 3), alpha = fword(op, 4);
      const n = B * size(y);
      if (adj(x)) actSlope(kind, alpha, n, val(x), adj(y), adj(x), true);
      if (rop && radj(x)) actRBackward(kind, alpha, n, val(x), tan(x), adj(y), radj(y), radj(x));
      break;
    }
    case OP_SCALE: {
      const s = changetype<ScaleShape>(op + 12);
      if (adj(x)) scaleApply(B, s, gConsts, adj(y), adj(x), false, true);
      if (rop && radj(x)) scaleApply(B, s, gConsts, radj(y), radj(x), false, true);
      break;
    }
    default: unreachable();
  }
}

function forward(B: i32, from: i32, tangent: bool): void {
  for (let i = from; i < nOps; i++) forwardOp(B, record(i), tangent);
}

function clearAdjoints(B: i32, rop: bool): void {
  for (let v = 0; v < nValues; v++) {
    const bytes = <usize>(B * size(v)) << 2;
    if (adj(v)) memory.fill(adj(v), 0, bytes);
    if (rop && radj(v)) memory.fill(radj(v), 0, bytes);
  }
}

function backward(B: i32, grad: bool, rop: bool): void {
  for (let i = nOps - 1; i >= 0; i--) backwardOp(B, record(i), grad, rop);
}

function labelsAt(start: i32): usize {
  return dataLabels ? dataLabels + (<usize>start << 2) : 0;
}
function targetsAt(start: i32): usize {
  return dataTargets ? dataTargets + (<usize>(start * outSize) << 2) : 0;
}

/** acc[i] += g[i] in f64 over the P parameters. */
function accumulate(g: usize, acc: usize): void {
  for (let i = 0; i < gParamCount; i++) {
    const p = acc + (<usize>i << 3);
    store<f64>(p, load<f64>(p) + <f64>load<f32>(fp(g, i)));
  }
}

export function resetAccumulators(): void {
  resetLoss();
  if (gGradAcc) memory.fill(gGradAcc, 0, <usize>gParamCount << 3);
  if (gHvAcc) memory.fill(gHvAcc, 0, <usize>gParamCount << 3);
}

export function lossTotal(): f64 { return lossSum; }
export function correctTotal(): f64 { return correctSum; }

/** Loss and correct count over samples [start, start + count), added to the running sums. */
export function evaluate(start: i32, count: i32): void {
  setTheta(gParams);
  const end = start + count;
  for (let s = start; s < end; s += maxBatch) {
    const B = min(maxBatch, end - s);
    bindInput(s);
    forward(B, 0, false);
    lossBatch(lossKind, B, outSize, val(outValue), labelsAt(s), targetsAt(s), 0, 0, 0);
  }
}

/**
 * Reverse mode over samples [start, start + count): gradient sums into the f64 accumulator.
 * With hvp, also the exact Hessian-vector product H·v (R-op through both passes) into its
 * accumulator; with hvp and not grad, the gradient itself is skipped.
 */
export function differentiate(start: i32, count: i32, grad: bool, hvp: bool): void {
  setTheta(gParams);
  const end = start + count;
  for (let s = start; s < end; s += maxBatch) {
    const B = min(maxBatch, end - s);
    bindInput(s);
    forward(B, 0, hvp);
    clearAdjoints(B, hvp);
    lossBatch(lossKind, B, outSize, val(outValue), labelsAt(s), targetsAt(s), adj(outValue),
      hvp ? tan(outValue) : 0, hvp ? radj(outValue) : 0);
    if (grad) memory.fill(gGrad, 0, <usize>gParamCount << 2);
    if (hvp) memory.fill(gRGrad, 0, <usize>gParamCount << 2);
    backward(B, grad, hvp);
    if (grad) accumulate(gGrad, gGradAcc);
    if (hvp) accumulate(gRGrad, gHvAcc);
  }
}

/**
 * Loss at K points θ + aₖ·d₁ + bₖ·d₂ over samples [start, start + count).
 * The first op (dense or conv on the input) is affine in its parameters, so its output at every
 * point is Z₀ + aₖ·Z₁ + bₖ·Z₂; the Z are computed once for a span of up to `span` samples and only
 * the ops after the first run per point. θₖ is formed once per point and span, for the parameters
 * the later ops read. coefs: f32 pairs (aₖ, bₖ); tail: i32 pairs (offset, length); z: three
 * buffers of span × (first op's output size) floats; sums are added into lossOut / correctOut (f64[K]).
 */
export function multiEvaluate(
  start: i32, count: i32, K: i32, coefs: usize, tail: usize, tailCount: i32, z: usize, span: i32,
  lossOut: usize, correctOut: usize, reuse: i32,
): void {
  const op0 = record(0);
  const y0 = word(op0, 2);
  const width = size(y0);
  const zBytes = <usize>(span * width) << 2;
  const end = start + count;
  for (let s0 = start; s0 < end; s0 += span) {
    const stop = min(s0 + span, end);
    // reuse: z already holds the three terms of this span (one span covers the range; the host
    // checked that θ, d₁, d₂ and the data are unchanged since they were computed)
    if (!reuse) for (let s = s0; s < stop; s += maxBatch) {
      const B = min(maxBatch, stop - s);
      const off = <usize>((s - s0) * width) << 2;
      bindInput(s);
      firstOp(B, op0, gParams, z + off);
      firstOp(B, op0, gD1, z + zBytes + off);
      firstOp(B, op0, gD2, z + 2 * zBytes + off);
    }
    for (let k = 0; k < K; k++) {
      const a = load<f32>(coefs + (<usize>k << 3));
      const b = load<f32>(coefs + (<usize>k << 3) + 4);
      for (let r = 0; r < tailCount; r++) {
        const o = load<i32>(tail + (<usize>r << 3));
        const len = load<i32>(tail + (<usize>r << 3) + 4);
        combine3(len, fp(gParams, o), a, fp(gD1, o), b, fp(gD2, o), fp(gThetaK, o));
      }
      setTheta(gThetaK);
      resetLoss();
      for (let s = s0; s < stop; s += maxBatch) {
        const B = min(maxBatch, stop - s);
        const off = <usize>((s - s0) * width) << 2;
        bindInput(s);
        combine3(B * width, z + off, a, z + zBytes + off, b, z + 2 * zBytes + off, val(y0));
        forward(B, 1, false);
        lossBatch(lossKind, B, outSize, val(outValue), labelsAt(s), targetsAt(s), 0, 0, 0);
      }
      const lp = lossOut + (<usize>k << 3);
      const cp = correctOut + (<usize>k << 3);
      store<f64>(lp, load<f64>(lp) + lossSum);
      store<f64>(cp, load<f64>(cp) + correctSum);
    }
  }
  setTheta(gParams);
  resetLoss();
}

/** The first op's output with parameter base `theta`, into `out`. */
function firstOp(B: i32, op: usize, theta: usize, out: usize): void {
  const x = word(op, 1);
  if (word(op, 0) == OP_DENSE) {
    denseForward(B, word(op, 3), word(op, 4), val(x), at(theta, word(op, 5)), at(theta, word(op, 6)), word(op, 7), out);
  } else {
    convForward(B, changetype<ConvShape>(op + 20), val(x), at(theta, word(op, 3)), at(theta, word(op, 4)), out);
  }
}
