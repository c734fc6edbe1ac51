/**
 * Builds programs op by op, naming parameters and inferring shapes as it goes:
 *
 *   const b = new ProgramBuilder([1, 28, 28]);
 *   let h = b.conv2d(b.input, { out: 8, kernel: 3, pad: 1 });
 *   h = b.activation(h, 'relu');
 *   h = b.maxpool(h, { kernel: 2 });
 *   h = b.dense(b.reshape(h), 10);
 *   const program = b.build(h, 'cross-entropy');
 */
import type { ActivationKind, LossKind, Op, Program, TensorSpec, WeightLayout } from './program.js';
import { resolveProgram } from './program.js';

type Pair = number | [number, number];
const pair = (p: Pair): [number, number] => (typeof p === 'number' ? [p, p] : p);
const quad = (p: number | [number, number, number, number] | undefined): [number, number, number, number] =>
  p === undefined ? [0, 0, 0, 0] : typeof p === 'number' ? [p, p, p, p] : p;

export class ProgramBuilder {
  readonly input = 0;
  readonly #inputShape: number[];
  readonly #params: TensorSpec[] = [];
  readonly #consts: TensorSpec[] = [];
  readonly #ops: Op[] = [];
  #count = new Map<string, number>();

  constructor(inputShape: number[]) {
    this.#inputShape = [...inputShape];
  }

  /** Per-sample shape of a value. */
  shape(v: number): number[] {
    return resolveProgram(this.#program(0, 'cross-entropy'), true).shapes[v];
  }

  #name(kind: string): string {
    const n = (this.#count.get(kind) ?? 0) + 1;
    this.#count.set(kind, n);
    return `${kind}${n}`;
  }

  /** Appends an op, validating it; a rejected op leaves the builder as it was (with its parameters). */
  #push(op: Op, params = 0, consts = 0): number {
    this.#ops.push(op);
    try {
      this.shape(op.y);
    } catch (e) {
      this.#ops.pop();
      this.#params.splice(this.#params.length - params, params);
      this.#consts.splice(this.#consts.length - consts, consts);
      throw e;
    }
    return op.y;
  }

  get #next(): number {
    return this.#ops.length + 1;
  }

  dense(x: number, out: number, o: { bias?: boolean; layout?: WeightLayout; name?: string } = {}): number {
    const name = o.name ?? this.#name('fc');
    const [inF] = this.shape(x);
    const layout = o.layout ?? 'out-in';
    this.#params.push({ name: `${name}.weight`, shape: layout === 'out-in' ? [out, inF] : [inF, out] });
    if (o.bias !== false) this.#params.push({ name: `${name}.bias`, shape: [out] });
    return this.#push({ op: 'dense', x, y: this.#next, weight: `${name}.weight`, bias: o.bias !== false ? `${name}.bias` : null, layout }, o.bias !== false ? 2 : 1);
  }

  conv2d(x: number, o: { out: number; kernel: Pair; stride?: Pair; pad?: number | [number, number, number, number]; bias?: boolean; name?: string }): number {
    const name = o.name ?? this.#name('conv');
    const [C] = this.shape(x);
    const [kh, kw] = pair(o.kernel);
    this.#params.push({ name: `${name}.weight`, shape: [o.out, C, kh, kw] });
    if (o.bias !== false) this.#params.push({ name: `${name}.bias`, shape: [o.out] });
    return this.#push({
      op: 'conv2d', x, y: this.#next, weight: `${name}.weight`, bias: o.bias !== false ? `${name}.bias` : null,
      stride: pair(o.stride ?? 1), pad: quad(o.pad),
    }, o.bias !== false ? 2 : 1);
  }

  maxpool(x: number, o: { kernel: Pair; stride?: Pair; pad?: number | [number, number, number, number] }): number {
    const kernel = pair(o.kernel);
    return this.#push({ op: 'maxpool', x, y: this.#next, kernel, stride: pair(o.stride ?? kernel), pad: quad(o.pad) });
  }

  avgpool(x: number, o: { kernel: Pair; stride?: Pair; pad?: number | [number, number, number, number]; countIncludePad?: boolean }): number {
    const kernel = pair(o.kernel);
    return this.#push({ op: 'avgpool', x, y: this.#next, kernel, stride: pair(o.stride ?? kernel), pad: quad(o.pad), countIncludePad: o.countIncludePad ?? true });
  }

  globalAvgPool(x: number): number {
    return this.#push({ op: 'global-avgpool', x, y: this.#next });
  }

  reshape(x: number, shape?: number[]): number {
    return this.#push({ op: 'reshape', x, y: this.#next, ...(shape ? { shape } : {}) });
  }

  /** Inference-form batch norm over dim 0; running statistics start at mean 0, variance 1. */
  batchnorm(x: number, o: { epsilon?: number; name?: string } = {}): number {
    const name = o.name ?? this.#name('bn');
    const [C] = this.shape(x);
    this.#params.push({ name: `${name}.weight`, shape: [C] }, { name: `${name}.bias`, shape: [C] });
    this.#consts.push({ name: `${name}.running_mean`, shape: [C] }, { name: `${name}.running_var`, shape: [C] });
    return this.#push({
      op: 'batchnorm', x, y: this.#next, scale: `${name}.weight`, bias: `${name}.bias`,
      mean: `${name}.running_mean`, var: `${name}.running_var`, epsilon: o.epsilon ?? 1e-5,
    }, 2, 2);
  }

  /** y = scale ⊙ x + shift with new constants (values set through the kernel's setConsts). */
  scale(x: number, o: { scale?: number; shift?: number; name?: string }): number {
    const name = o.name ?? this.#name('scale');
    const added: string[] = [];
    for (const [key, n] of [['scale', o.scale], ['shift', o.shift]] as const) {
      if (n !== undefined) {
        this.#consts.push({ name: `${name}.${key}`, shape: [n] });
        added.push(key);
      }
    }
    return this.#push({ op: 'scale', x, y: this.#next, scale: added.includes('scale') ? `${name}.scale` : null, shift: added.includes('shift') ? `${name}.shift` : null }, 0, added.length);
  }

  add(a: number, b: number): number {
    return this.#push({ op: 'add', a, b, y: this.#next });
  }

  activation(x: number, kind: ActivationKind, alpha?: number): number {
    return this.#push({ op: 'activation', x, y: this.#next, kind, ...(alpha !== undefined ? { alpha } : {}) });
  }

  #program(output: number, loss: LossKind): Program {
    return {
      input: [...this.#inputShape],
      params: this.#params.map((p) => ({ ...p, shape: [...p.shape] })),
      consts: this.#consts.map((p) => ({ ...p, shape: [...p.shape] })),
      ops: this.#ops.map((o) => ({ ...o })),
      output,
      loss,
    };
  }

  build(output: number, loss: LossKind): Program {
    const p = this.#program(output, loss);
    resolveProgram(p);
    return p;
  }
}
