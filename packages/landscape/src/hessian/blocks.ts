/**
 * Per-layer Hessians: the diagonal block H_BB of a parameter block B as an operator of its own, so
 * any estimator (Lanczos, Hutchinson, SLQ, exact) runs per tensor or per layer. A product pads v
 * with zeros outside the block and keeps H·v inside it: one full HVP per block product.
 * see: Sankar et al. 2021 ("A Deeper Look at the Hessian Eigenspectrum of Deep Neural Networks").
 */
import type { Program } from '@nnll/core-wasm';
import type { Hvp } from './operator.js';

export interface ParameterRange {
  offset: number;
  size: number;
}

export interface ParameterBlock {
  /** Tensor name, or the layer's weight name without its `.weight` suffix. */
  name: string;
  /** Parameter tensors in the block, in flat order. */
  params: string[];
  /** Where the block lives in the flat vector (one range per tensor, merged when adjacent). */
  ranges: ParameterRange[];
  /** Total parameters in the block. */
  size: number;
}

export interface ParameterBlocksOptions {
  /** 'tensor' (one block per parameter tensor) or 'layer' (weight + bias of a dense or conv op, scale + bias of a batch norm). Default 'layer'. */
  by?: 'tensor' | 'layer';
}

/** Blocks of a model's parameters, in flat order of their first parameter. */
export function parameterBlocks(program: Program, options: ParameterBlocksOptions = {}): ParameterBlock[] {
  const by = options.by ?? 'layer';
  if (by !== 'tensor' && by !== 'layer') throw new RangeError(`invalid by: ${by}`);
  const slots = new Map<string, ParameterRange & { index: number }>();
  let offset = 0;
  program.params.forEach((p, index) => {
    const size = p.shape.reduce((a, b) => a * b, 1);
    slots.set(p.name, { offset, size, index });
    offset += size;
  });
  const groups: string[][] = [];
  const grouped = new Set<string>();
  if (by === 'layer') {
    for (const op of program.ops) {
      let names: (string | null | undefined)[] = [];
      if (op.op === 'dense' || op.op === 'conv2d') names = [op.weight, op.bias];
      if (op.op === 'batchnorm') names = [op.scale, op.bias];
      const group = names.filter((x): x is string => x != null && slots.has(x) && !grouped.has(x));
      if (!group.length) continue;
      group.forEach((x) => grouped.add(x));
      groups.push(group);
    }
  }
  for (const p of program.params) if (!grouped.has(p.name)) groups.push([p.name]);
  return groups
    .map((group) => {
      const params = group.sort((a, b) => slots.get(a)!.index - slots.get(b)!.index);
      const ranges: ParameterRange[] = [];
      for (const name of params) {
        const s = slots.get(name)!;
        const last = ranges[ranges.length - 1];
        if (last && last.offset + last.size === s.offset) last.size += s.size;
        else ranges.push({ offset: s.offset, size: s.size });
      }
      const name = params.length > 1 ? params[0].replace(/\.(weight|scale)$/, '') : params[0];
      return { name, params, ranges, size: ranges.reduce((a, r) => a + r.size, 0) };
    })
    .sort((a, b) => a.ranges[0].offset - b.ranges[0].offset);
}

/**
 * The operator v ↦ (H·pad(v))|_B of dimension `block.size` (the diagonal block of H), from the
 * full operator of dimension n. `block` is a ParameterBlock or a single `{ offset, size }`.
 */
export function blockHvp(hvp: Hvp, n: number, block: ParameterRange | Pick<ParameterBlock, 'ranges'>): Hvp {
  const ranges = 'ranges' in block ? block.ranges : [block];
  for (const r of ranges) {
    if (!Number.isInteger(r.offset) || !Number.isInteger(r.size) || r.offset < 0 || r.size < 1 || r.offset + r.size > n) {
      throw new RangeError(`invalid block range: offset ${r.offset}, size ${r.size} (n = ${n})`);
    }
  }
  const size = ranges.reduce((a, r) => a + r.size, 0);
  return async (v) => {
    if (v.length !== size) throw new RangeError(`block vector has length ${v.length}, expected ${size}`);
    const full = new Float64Array(n);
    let at = 0;
    for (const r of ranges) {
      full.set(v.subarray(at, at + r.size), r.offset);
      at += r.size;
    }
    const hv = await hvp(full);
    const out = new Float64Array(size);
    at = 0;
    for (const r of ranges) {
      out.set(hv.subarray(r.offset, r.offset + r.size), at);
      at += r.size;
    }
    return out;
  };
}
