/**
 * The float64 reference interpreter: the same program, run op by op with the rules in this
 * folder. Slow and plain on purpose; it is the first oracle for the WebAssembly kernel.
 */
import { type Program, type ResolvedProgram, type Op, resolveProgram, sizeOf } from '../program.js';
import { DEFAULT_ALPHA } from '../encode.js';
import type { Ctx, OpRules, Vec } from './rules.js';
import { dense } from './dense.js';
import { conv2d } from './conv.js';
import { maxPool, avgPool, globalAvgPool, add } from './pool.js';
import { batchNorm } from './batchnorm.js';
import { activation } from './activation.js';
import { scale } from './scale.js';
import { crossEntropy, squaredError } from './loss.js';

interface Step { rules: OpRules<unknown>; spec: unknown; inputs: number[]; y: number }

export interface ReferenceData {
  x: ArrayLike<number>;
  labels?: ArrayLike<number>;
  targets?: ArrayLike<number>;
}

export interface ReferenceResult {
  /** Sum of per-sample losses (or squared errors), and the divisor that makes it the mean. */
  lossSum: number;
  divisor: number;
  loss: number;
  correct: number;
  gradient?: Float64Array;
  hv?: Float64Array;
  /** Every value's forward output, when asked for with `trace`. */
  values?: Float64Array[];
}

const identity: OpRules<null> = {
  forward: (_s, _c, [x]) => x,
  tangent: (_s, _c, _x, [rx]) => rx ?? new Float64Array(0),
  vjp(_s, _c, _x, gy, _d, [gx]) { if (gx) for (let i = 0; i < gy.length; i++) gx[i] += gy[i]; },
  rvjp(_s, _c, _x, _rx, _gy, rgy, _rd, [rgx]) { if (rgx) for (let i = 0; i < rgy.length; i++) rgx[i] += rgy[i]; },
};

function step(r: ResolvedProgram, op: Op): Step {
  const P = (n: string | null | undefined): number => (n == null ? -1 : r.paramIndex.get(n)!.offset);
  const win = (xv: number, yv: number, kernel: [number, number], stride?: [number, number], pad?: number[]) => {
    const [C, H, W] = r.shapes[xv];
    const [, Ho, Wo] = r.shapes[yv];
    const [sh, sw] = stride ?? kernel;
    const [pt, pl] = pad ?? [0, 0];
    return { C, H, W, kh: kernel[0], kw: kernel[1], sh, sw, pt, pl, Ho, Wo };
  };
  switch (op.op) {
    case 'dense': {
      const w = r.paramIndex.get(op.weight)!;
      const inOut = op.layout === 'in-out';
      const [I, O] = inOut ? w.shape : [w.shape[1], w.shape[0]];
      return { rules: dense as OpRules<unknown>, spec: { I, O, w: w.offset, b: P(op.bias), inOut }, inputs: [op.x], y: op.y };
    }
    case 'conv2d': {
      const w = r.paramIndex.get(op.weight)!;
      const g = win(op.x, op.y, [w.shape[2], w.shape[3]], op.stride ?? [1, 1], op.pad);
      return { rules: conv2d as OpRules<unknown>, spec: { ...g, O: w.shape[0], w: w.offset, b: P(op.bias) }, inputs: [op.x], y: op.y };
    }
    case 'maxpool':
    case 'avgpool': {
      const spec = { ...win(op.x, op.y, op.kernel, op.stride, op.pad), countIncludePad: op.countIncludePad !== false };
      return { rules: (op.op === 'maxpool' ? maxPool : avgPool) as OpRules<unknown>, spec, inputs: [op.x], y: op.y };
    }
    case 'global-avgpool': {
      const [C, H, W] = r.shapes[op.x];
      return { rules: globalAvgPool as OpRules<unknown>, spec: { C, HW: H * W }, inputs: [op.x], y: op.y };
    }
    case 'reshape':
      return { rules: identity as OpRules<unknown>, spec: null, inputs: [op.x], y: op.y };
    case 'batchnorm': {
      const xs = r.shapes[op.x];
      const spec = {
        C: xs[0], HW: sizeOf(xs) / xs[0], scale: P(op.scale), bias: P(op.bias),
        mean: r.constIndex.get(op.mean)!.offset, variance: r.constIndex.get(op.var)!.offset,
        // The kernel stores epsilon as float32; so does ONNX.
        epsilon: Math.fround(op.epsilon ?? 1e-5),
      };
      return { rules: batchNorm as OpRules<unknown>, spec, inputs: [op.x], y: op.y };
    }
    case 'add':
      return { rules: add as OpRules<unknown>, spec: { size: sizeOf(r.shapes[op.y]) }, inputs: [op.a, op.b], y: op.y };
    case 'scale': {
      const slot = (n: string | null | undefined) => (n == null ? { o: -1, n: 0 } : { o: r.constIndex.get(n)!.offset, n: r.constIndex.get(n)!.size });
      const a = slot(op.scale), t = slot(op.shift);
      const spec = { shape: r.shapes[op.x], scale: a.o, scaleSize: a.n, shift: t.o, shiftSize: t.n };
      return { rules: scale as OpRules<unknown>, spec, inputs: [op.x], y: op.y };
    }
    case 'activation': {
      const alpha = Math.fround(op.alpha ?? DEFAULT_ALPHA[op.kind] ?? 0);
      return { rules: activation as OpRules<unknown>, spec: { kind: op.kind, alpha }, inputs: [op.x], y: op.y };
    }
  }
}

export class ReferenceNetwork {
  readonly resolved: ResolvedProgram;
  readonly consts: Float64Array;
  readonly #steps: Step[];

  constructor(program: Program, consts: ArrayLike<number> = []) {
    this.resolved = resolveProgram(program);
    this.consts = Float64Array.from(consts);
    this.#steps = program.ops.map((op) => step(this.resolved, op));
  }

  /**
   * Loss over all samples of `data` at θ; with `gradient`, ∂L/∂θ; with `v`, the exact H·v.
   * Means are over N (cross-entropy) or N·K (mse), as the kernel reports them.
   */
  run(theta: ArrayLike<number>, data: ReferenceData, opts: { gradient?: boolean; v?: ArrayLike<number>; trace?: boolean } = {}): ReferenceResult {
    const r = this.resolved;
    const inSize = sizeOf(r.program.input);
    const B = data.x.length / inSize;
    const K = sizeOf(r.shapes[r.program.output]);
    const ctx: Ctx = { B, theta: Float64Array.from(theta), v: opts.v ? Float64Array.from(opts.v) : null, consts: this.consts };
    const tangents = ctx.v !== null;
    const vals: Vec[] = [Float64Array.from(data.x)];
    const tans: (Vec | null)[] = [null];
    for (const s of this.#steps) {
      const x = s.inputs.map((i) => vals[i]);
      vals[s.y] = s.rules.forward(s.spec, ctx, x);
      if (tangents) {
        const rx = s.inputs.map((i) => tans[i]);
        tans[s.y] = r.dependent[s.y] ? s.rules.tangent(s.spec, ctx, x, rx) : null;
      }
    }
    const out = r.program.output;
    const ce = r.program.loss === 'cross-entropy';
    const L = ce ? crossEntropy(B, K, vals[out], data.labels!, tans[out]) : squaredError(B, K, vals[out], data.targets!, tans[out]);
    const divisor = ce ? B : B * K;
    const result: ReferenceResult = { lossSum: L.lossSum, divisor, loss: L.lossSum / divisor, correct: L.correct };
    if (opts.trace) result.values = vals;
    if (!opts.gradient && !tangents) return result;
    const adj: (Vec | null)[] = vals.map((v, i) => (r.dependent[i] ? new Float64Array(v.length) : null));
    const radj: (Vec | null)[] = vals.map((v, i) => (tangents && r.dependent[i] ? new Float64Array(v.length) : null));
    adj[out]!.set(L.g);
    if (tangents) radj[out]!.set(L.rg!);
    const grad = new Float64Array(r.paramCount);
    const hv = new Float64Array(r.paramCount);
    for (let k = this.#steps.length - 1; k >= 0; k--) {
      const s = this.#steps[k];
      if (!r.dependent[s.y]) continue;
      const x = s.inputs.map((i) => vals[i]);
      s.rules.vjp(s.spec, ctx, x, adj[s.y]!, grad, s.inputs.map((i) => adj[i]));
      if (tangents) {
        s.rules.rvjp(s.spec, ctx, x, s.inputs.map((i) => tans[i]), adj[s.y]!, radj[s.y]!, hv, s.inputs.map((i) => radj[i]));
      }
    }
    if (opts.gradient) result.gradient = grad.map((g) => g / divisor);
    if (tangents) result.hv = hv.map((h) => h / divisor);
    return result;
  }
}
