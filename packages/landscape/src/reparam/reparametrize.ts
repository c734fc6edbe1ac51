/**
 * Function-preserving rescaling of a layer (Dinh, Pascanu, Bengio & Bengio 2017, §4–5): a dense
 * or conv layer's weights and bias × α and the next weighted layer's weights × 1/α, through a chain
 * of positively homogeneous ops between them (ReLU, leaky ReLU, max / average pooling, reshape:
 * f(αx) = α·f(x) for α > 0) — the same function, with every sharpness measure that is not
 * scale-invariant changed at will. A layer followed by batch normalisation is rescaled alone
 * (weights and bias × α): in inference form the running mean × α, the running variance × α² and
 * ε × α² keep (x − μ)/√(σ² + ε) exactly as it was.
 * No rescaling exists for a layer whose output goes through tanh, sigmoid, ELU, softplus or GELU
 * (not homogeneous), branches (a residual sum), or is the network's output: those are refused.
 */
import { resolveProgram, type Op, type Program } from '@nnll/core-wasm';
import { NnllInputError } from '../errors.js';
import { sha256Hex } from '../data/sha256.js';
import type { Model } from '../models/model.js';

export class ReparamError extends NnllInputError {
  override name = 'ReparamError';
}

export interface ReparametrizeOptions {
  /** The layer: its weight parameter's name, or its 0-based index among the dense and conv layers. */
  layer: string | number;
  /** α > 0. */
  alpha: number;
}

export interface Reparametrized {
  model: Model;
  /** The layer's weight parameter. */
  layer: string;
  /** How the function is kept: through a homogeneous chain into the next layer, or by batch normalisation. */
  via: 'next-layer' | 'batchnorm';
  /** The next layer's weight (next-layer) or the batch norm's scale parameter. */
  next: string;
  /** The ops between the layer and `next`, e.g. ['relu']. */
  chain: string[];
  /** Every tensor changed, with its factor (`eps` for the batch norm's ε). */
  scaled: { name: string; factor: number }[];
}

type Weighted = Extract<Op, { op: 'dense' | 'conv2d' }>;

const HOMOGENEOUS_ACTIVATIONS = new Set(['relu', 'leaky-relu']);

/** The dense and conv layers in program order. */
export function weightedLayers(program: Program): Weighted[] {
  return program.ops.filter((op): op is Weighted => op.op === 'dense' || op.op === 'conv2d');
}

function describeOp(op: Op): string {
  return op.op === 'activation' ? op.kind : op.op;
}

export function reparametrize(model: Model, o: ReparametrizeOptions): Reparametrized {
  const { program } = model;
  if (!(o.alpha > 0) || !Number.isFinite(o.alpha)) throw new ReparamError(`invalid alpha: ${o.alpha} (a positive number: ReLU is homogeneous only for α > 0)`);
  const layers = weightedLayers(program);
  const names = layers.map((l) => l.weight);
  let layer: Weighted | undefined;
  if (typeof o.layer === 'number' || /^\d+$/.test(o.layer)) {
    const k = Number(o.layer);
    layer = layers[k];
    if (!layer) throw new ReparamError(`invalid layer: ${o.layer} (the model has ${layers.length} dense or conv layers, 0–${layers.length - 1}: ${names.join(', ')})`);
  } else {
    layer = layers.find((l) => l.weight === o.layer);
    if (!layer) throw new ReparamError(`invalid layer: ${JSON.stringify(o.layer)} (a dense or conv layer's weight: ${names.join(', ')}, or its index)`);
  }
  const where = `layer ${layer.weight}`;
  // consumers of every value
  const readers = new Map<number, Op[]>();
  const read = (v: number, op: Op) => readers.set(v, [...(readers.get(v) ?? []), op]);
  for (const op of program.ops) {
    if (op.op === 'add') {
      read(op.a, op);
      read(op.b, op);
    } else read(op.x, op);
  }
  const r = resolveProgram(program);
  const params = Float32Array.from(model.params);
  const consts = Float32Array.from(model.consts);
  const scaled: { name: string; factor: number }[] = [];
  const scaleParam = (name: string, f: number) => {
    const slot = r.paramIndex.get(name)!;
    for (let i = slot.offset; i < slot.offset + slot.size; i++) params[i] *= f;
    scaled.push({ name, factor: f });
  };
  const scaleConst = (name: string, f: number) => {
    const slot = r.constIndex.get(name)!;
    for (let i = slot.offset; i < slot.offset + slot.size; i++) consts[i] *= f;
    scaled.push({ name, factor: f });
  };
  const a = o.alpha;
  let value = layer.y;
  const chain: string[] = [];
  let newProgram: Program = program;
  let via: Reparametrized['via'];
  let next: string;
  for (;;) {
    if (value === program.output) throw new ReparamError(`${where}: ${chain.length ? `after ${chain.join(', ')} it is` : 'it is'} the network's output (the last layer): no next layer takes the 1/α`);
    const rs = readers.get(value) ?? [];
    if (rs.length !== 1) throw new ReparamError(`${where}: its output${chain.length ? ` (after ${chain.join(', ')})` : ''} feeds ${rs.length} ops (a branch); no function-preserving rescaling`);
    const op = rs[0];
    if (op.op === 'dense' || op.op === 'conv2d') {
      scaleParam(layer.weight, a);
      if (layer.bias) scaleParam(layer.bias, a);
      scaleParam(op.weight, 1 / a);
      via = 'next-layer';
      next = op.weight;
      break;
    }
    if (op.op === 'batchnorm' && chain.length === 0) {
      scaleParam(layer.weight, a);
      if (layer.bias) scaleParam(layer.bias, a);
      scaleConst(op.mean, a);
      scaleConst(op.var, a * a);
      const epsilon = (op.epsilon ?? 1e-5) * a * a;
      scaled.push({ name: 'epsilon', factor: a * a });
      newProgram = { ...program, ops: program.ops.map((q) => (q === op ? { ...op, epsilon } : q)) };
      via = 'batchnorm';
      next = op.scale;
      break;
    }
    const homogeneous = (op.op === 'activation' && HOMOGENEOUS_ACTIVATIONS.has(op.kind)) || op.op === 'maxpool' || op.op === 'avgpool' || op.op === 'global-avgpool' || op.op === 'reshape';
    if (!homogeneous) {
      const why = op.op === 'activation' ? `${op.kind}(αx) ≠ α·${op.kind}(x)` : op.op === 'add' ? 'a residual sum mixes it with an unscaled path' : op.op === 'batchnorm' ? 'batch norm after a nonlinearity' : `${describeOp(op)} is not positively homogeneous`;
      throw new ReparamError(`${where}: followed by ${describeOp(op)} (${why}); no function-preserving rescaling`);
    }
    chain.push(describeOp(op));
    value = op.y;
  }
  const out: Model = {
    ...model,
    program: newProgram,
    params,
    consts,
    source: { kind: 'derived', ...(model.source.path ? { path: model.source.path } : {}), ...(model.source.spec ? { spec: model.source.spec } : {}), sha256: sha256Hex(new Uint8Array(params.buffer)) },
  };
  return { model: out, layer: layer.weight, via, next, chain, scaled };
}
