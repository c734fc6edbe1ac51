/**
 * Built-in architectures by spec string, with PyTorch's default initialisation, seeded:
 *   mlp:784-256-256-10[:relu]            dense layers of the given widths, the activation between
 *   cnn:1x28x28:8-16:10[:relu]           per width a 3×3 conv (pad 1), activation, 2×2 max-pool;
 *                                        then flatten and a dense layer to the classes
 *   resmlp:784-64-4-10[:relu][:noskip]   dense to width 64, 4 residual blocks
 *                                        (dense, act, dense, + skip, act), dense to the classes
 *   rescnn:1x28x28:16-3:10[:relu][:noskip]
 *                                        3×3 conv stem to 16 channels + batch norm + act, 3 residual
 *                                        blocks (conv, bn, act, conv, bn, + skip, act), global
 *                                        average pooling, dense to the classes
 * `noskip` drops the skip connections: the pair with which Li et al. (2018) show that skips
 * smooth the landscape (ResNet-56 against ResNet-56-noshort).
 */
import { NnllInputError } from '../errors.js';
import { ProgramBuilder, resolveProgram, type ActivationKind, type Program } from '@nnll/core-wasm';
import { uniform } from '../random.js';

export class SpecError extends NnllInputError {
  override name = 'SpecError';
}

const ACTIVATIONS: readonly ActivationKind[] = ['relu', 'leaky-relu', 'elu', 'sigmoid', 'tanh', 'softplus', 'gelu'];

export interface BuiltinModel {
  spec: string;
  program: Program;
  /** Batch-norm running statistics at their initial values (mean 0, variance 1). */
  consts: Float32Array;
}

function ints(text: string | undefined, spec: string, what: string, sep = '-'): number[] {
  const v = (text ?? '').split(sep).map(Number);
  if (!text || v.some((s) => !Number.isInteger(s) || s < 1)) throw new SpecError(`invalid ${what} in model spec: ${spec}`);
  return v;
}

function flags(rest: string[], spec: string): { act: ActivationKind; skip: boolean } {
  let act: ActivationKind = 'relu';
  let skip = true;
  for (const f of rest) {
    if (f === 'noskip') skip = false;
    else if (ACTIVATIONS.includes(f as ActivationKind)) act = f as ActivationKind;
    else throw new SpecError(`invalid activation in model spec: ${f} (one of ${ACTIVATIONS.join(', ')}, or noskip)`);
  }
  return { act, skip };
}

function mlp(spec: string, parts: string[]): ProgramBuilder & { out: number } {
  const sizes = ints(parts[1], spec, 'layer widths');
  if (sizes.length < 2) throw new SpecError(`invalid layer widths in model spec: ${spec}`);
  const { act, skip } = flags(parts.slice(2), spec);
  if (!skip) throw new SpecError(`noskip applies to resmlp and rescnn, not mlp: ${spec}`);
  const b = new ProgramBuilder([sizes[0]]);
  let h = b.input;
  sizes.slice(1).forEach((w, i) => {
    h = b.dense(h, w);
    if (i < sizes.length - 2) h = b.activation(h, act);
  });
  return Object.assign(b, { out: h });
}

function cnn(spec: string, parts: string[]): ProgramBuilder & { out: number } {
  const input = ints(parts[1], spec, 'input shape', 'x');
  const widths = ints(parts[2], spec, 'channel widths');
  const [classes] = ints(parts[3], spec, 'class count');
  const { act, skip } = flags(parts.slice(4), spec);
  if (input.length !== 3 || !skip) throw new SpecError(`invalid model spec: ${spec} (expected cnn:CxHxW:W1-W2:CLASSES[:act])`);
  const b = new ProgramBuilder(input);
  let h = b.input;
  for (const w of widths) {
    h = b.activation(b.conv2d(h, { out: w, kernel: 3, pad: 1 }), act);
    const [, H, W] = b.shape(h);
    if (H >= 2 && W >= 2) h = b.maxpool(h, { kernel: 2 });
  }
  return Object.assign(b, { out: b.dense(b.reshape(h), classes) });
}

function resmlp(spec: string, parts: string[]): ProgramBuilder & { out: number } {
  const [inF, width, depth, classes] = ints(parts[1], spec, 'sizes (IN-WIDTH-BLOCKS-CLASSES)');
  if (classes === undefined) throw new SpecError(`invalid model spec: ${spec} (expected resmlp:IN-WIDTH-BLOCKS-CLASSES[:act][:noskip])`);
  const { act, skip } = flags(parts.slice(2), spec);
  const b = new ProgramBuilder([inF]);
  let h = b.activation(b.dense(b.input, width), act);
  for (let k = 0; k < depth; k++) {
    const r = b.dense(b.activation(b.dense(h, width), act), width);
    h = b.activation(skip ? b.add(r, h) : r, act);
  }
  return Object.assign(b, { out: b.dense(h, classes) });
}

function rescnn(spec: string, parts: string[]): ProgramBuilder & { out: number } {
  const input = ints(parts[1], spec, 'input shape', 'x');
  const [width, depth] = ints(parts[2], spec, 'width and block count (WIDTH-BLOCKS)');
  const [classes] = ints(parts[3], spec, 'class count');
  const { act, skip } = flags(parts.slice(4), spec);
  if (input.length !== 3 || depth === undefined) throw new SpecError(`invalid model spec: ${spec} (expected rescnn:CxHxW:WIDTH-BLOCKS:CLASSES[:act][:noskip])`);
  const b = new ProgramBuilder(input);
  const conv = (x: number) => b.batchnorm(b.conv2d(x, { out: width, kernel: 3, pad: 1, bias: false }));
  let h = b.activation(conv(b.input), act);
  for (let k = 0; k < depth; k++) {
    const r = conv(b.activation(conv(h), act));
    h = b.activation(skip ? b.add(r, h) : r, act);
  }
  return Object.assign(b, { out: b.dense(b.globalAvgPool(h), classes) });
}

const KINDS: Record<string, (spec: string, parts: string[]) => ProgramBuilder & { out: number }> = { mlp, cnn, resmlp, rescnn };

/** Parses a built-in spec (see the file header). */
export function builtinModel(spec: string): BuiltinModel {
  const parts = spec.split(':');
  const make = Object.hasOwn(KINDS, parts[0]) ? KINDS[parts[0]] : undefined;
  if (!make) throw new SpecError(`invalid model spec: ${spec} (expected mlp:…, cnn:…, resmlp:… or rescnn:…)`);
  const b = make(spec, parts);
  const program = b.build(b.out, 'cross-entropy');
  const r = resolveProgram(program);
  const consts = new Float32Array(r.constCount);
  for (const c of r.consts) if (c.name.endsWith('running_var')) consts.fill(1, c.offset, c.offset + c.size);
  return { spec, program, consts };
}

/**
 * PyTorch's default initialisation: nn.Linear and nn.Conv2d draw weight and bias from
 * U(−1/√fan_in, 1/√fan_in) (kaiming_uniform with a = √5); batch norm starts at γ = 1, β = 0.
 */
export function defaultInit(program: Program, seed: number): Float32Array {
  const r = resolveProgram(program);
  const theta = new Float32Array(r.paramCount);
  const u = uniform(seed);
  const fanIn = new Map<string, number>();
  for (const op of program.ops) {
    if (op.op === 'dense' || op.op === 'conv2d') {
      const w = r.paramIndex.get(op.weight)!;
      const fan = op.op === 'conv2d' ? w.size / w.shape[0] : op.layout === 'in-out' ? w.shape[0] : w.shape[1];
      fanIn.set(op.weight, fan);
      if (op.bias) fanIn.set(op.bias, fan);
    }
    if (op.op === 'batchnorm') {
      const s = r.paramIndex.get(op.scale)!;
      theta.fill(1, s.offset, s.offset + s.size);
    }
  }
  for (const p of r.params) {
    const fan = fanIn.get(p.name);
    if (fan === undefined) continue;
    const bound = 1 / Math.sqrt(fan);
    for (let i = 0; i < p.size; i++) theta[p.offset + i] = (2 * u() - 1) * bound;
  }
  return theta;
}
