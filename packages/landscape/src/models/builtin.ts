/**
 * Built-in architectures by spec string, with PyTorch's default initialisation, seeded:
 *   mlp:784-256-256-10:relu   dense layers of the given widths, the activation between them
 */
import { ProgramBuilder, resolveProgram, type ActivationKind, type Program } from '@nnll/core-wasm';
import { uniform } from '../random.js';

export class SpecError extends Error {
  override name = 'SpecError';
}

const ACTIVATIONS: readonly ActivationKind[] = ['relu', 'leaky-relu', 'elu', 'sigmoid', 'tanh', 'softplus', 'gelu'];

export interface BuiltinModel {
  spec: string;
  program: Program;
}

/** Parses `mlp:W0-W1-…-Wn[:activation]` (activation default relu). */
export function builtinModel(spec: string): BuiltinModel {
  const [kind, widths, act = 'relu', ...rest] = spec.split(':');
  if (kind !== 'mlp' || !widths || rest.length) throw new SpecError(`invalid model spec: ${spec} (expected mlp:784-256-10[:relu])`);
  const sizes = widths.split('-').map(Number);
  if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) throw new SpecError(`invalid layer widths in model spec: ${spec}`);
  if (!ACTIVATIONS.includes(act as ActivationKind)) throw new SpecError(`invalid activation in model spec: ${act} (one of ${ACTIVATIONS.join(', ')})`);
  const b = new ProgramBuilder([sizes[0]]);
  let h = b.input;
  sizes.slice(1).forEach((w, i) => {
    h = b.dense(h, w);
    if (i < sizes.length - 2) h = b.activation(h, act as ActivationKind);
  });
  return { spec, program: b.build(h, 'cross-entropy') };
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
