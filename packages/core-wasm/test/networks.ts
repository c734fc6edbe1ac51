// Random small networks, one family per op under test, for property tests.
import fc from 'fast-check';
import { ProgramBuilder } from '../src/builder.js';
import type { ActivationKind, Program } from '../src/program.js';
import { resolveProgram } from '../src/program.js';
import { gaussian, randomData, rng } from './util.js';

export interface Case {
  family: string;
  program: Program;
  consts: Float32Array;
  theta: Float32Array;
  v: Float32Array;
  d1: Float32Array;
  d2: Float32Array;
  data: { x: Float32Array; labels?: Int32Array; targets?: Float32Array };
  n: number;
}

const ACTS: ActivationKind[] = ['relu', 'leaky-relu', 'elu', 'sigmoid', 'tanh', 'softplus', 'gelu'];
export const FAMILIES = [
  'dense-out-in', 'dense-in-out', 'conv2d', 'maxpool', 'avgpool', 'global-avgpool',
  'batchnorm2d', 'batchnorm1d', 'add', 'scale', ...ACTS, 'mse',
] as const;
export type Family = (typeof FAMILIES)[number];

interface Dims { seed: number; a: number; b: number; c: number; k: number; s: number; p: number; q: number; n: number; flag: boolean }

const dims: fc.Arbitrary<Dims> = fc.record({
  seed: fc.integer({ min: 1, max: 1e9 }),
  a: fc.integer({ min: 1, max: 6 }),
  b: fc.integer({ min: 1, max: 6 }),
  c: fc.integer({ min: 3, max: 7 }),
  k: fc.integer({ min: 1, max: 3 }),
  s: fc.integer({ min: 1, max: 2 }),
  p: fc.integer({ min: 0, max: 2 }),
  q: fc.integer({ min: 0, max: 2 }),
  n: fc.integer({ min: 1, max: 13 }),
  flag: fc.boolean(),
});

/** An image stem: input [a, c, c+1] → conv → shape [b, H, W]. */
function stem(b: ProgramBuilder, d: Dims, x = b.input): number {
  const k = Math.min(d.k, d.c);
  return b.conv2d(x, { out: d.b, kernel: [k, Math.min(d.k + 1, d.c + 1)], stride: [d.s, 1], pad: [Math.min(d.p, k - 1), 0, Math.min(d.q, k - 1), 1] });
}

function build(family: Family, d: Dims): { program: Program; n: number } {
  const image = ['conv2d', 'maxpool', 'avgpool', 'global-avgpool', 'batchnorm2d', 'scale'].includes(family);
  const b = new ProgramBuilder(image ? [d.a, d.c, d.c + 1] : [d.a + 1]);
  let h: number;
  const pool = (kind: 'maxpool' | 'avgpool', x: number): number => {
    const [, H, W] = b.shape(x);
    const k = Math.min(d.k + 1, H, W);
    const pad = Math.min(d.p, k - 1);
    return kind === 'maxpool'
      ? b.maxpool(x, { kernel: [k, Math.min(2, W)], stride: [d.s, 1], pad: [pad, 0, 0, 0] })
      : b.avgpool(x, { kernel: [k, Math.min(2, W)], stride: [d.s, 1], pad: [pad, 0, Math.min(d.q, k - 1), 0], countIncludePad: d.flag });
  };
  switch (family) {
    case 'dense-out-in':
    case 'dense-in-out': {
      const layout = family === 'dense-out-in' ? 'out-in' : 'in-out';
      h = b.activation(b.dense(b.input, d.b + 2, { layout, bias: d.flag }), 'tanh');
      h = b.dense(h, d.k + 1, { layout });
      break;
    }
    case 'conv2d': {
      // a second conv whose input depends on the parameters exercises every R-op term
      const x1 = b.activation(stem(b, d), 'tanh');
      const [, H, W] = b.shape(x1);
      const k = Math.min(2, H, W);
      const x2 = b.conv2d(x1, { out: d.a + 1, kernel: [k, 1], stride: [1, d.s], pad: [d.q % k, 1, 0, d.p % 2], bias: d.flag });
      h = b.dense(b.reshape(b.activation(x2, 'gelu')), 3);
      break;
    }
    case 'maxpool':
    case 'avgpool':
      h = b.dense(b.reshape(pool(family, b.activation(stem(b, d), 'tanh'))), 3);
      break;
    case 'global-avgpool':
      h = b.dense(b.globalAvgPool(b.activation(stem(b, d), 'softplus')), 3);
      break;
    case 'batchnorm2d':
      h = b.dense(b.reshape(b.activation(b.batchnorm(stem(b, d)), 'tanh')), 3);
      break;
    case 'scale': {
      // input normalisation (per channel), then a scalar scale after a conv, then element-wise
      const [C] = b.shape(b.input);
      const x0 = b.scale(b.input, { scale: C, shift: d.flag ? C : 1 });
      const x1 = b.scale(b.activation(stem(b, d, x0), 'tanh'), { scale: 1 });
      const [C1, H1, W1] = b.shape(x1);
      const x2 = b.scale(x1, { shift: C1 * H1 * W1, scale: d.flag ? C1 * H1 * W1 : undefined });
      h = b.dense(b.reshape(b.add(x2, x1)), 3);
      break;
    }
    case 'batchnorm1d':
      h = b.dense(b.activation(b.batchnorm(b.dense(b.input, d.b + 1)), 'sigmoid'), 3);
      break;
    case 'add': {
      const x1 = b.activation(b.dense(b.input, d.b + 1), 'tanh');
      const x2 = b.activation(b.dense(x1, d.b + 1), 'tanh');
      const r = b.add(b.dense(x2, d.b + 1), d.flag ? x1 : x2);
      h = b.dense(b.activation(r, 'elu'), 3);
      break;
    }
    case 'mse':
      h = b.dense(b.activation(b.dense(b.input, d.b + 2), 'sigmoid'), d.k);
      return { program: b.build(h, 'mse'), n: d.n + 8 };
    default: {
      const kind = family as ActivationKind;
      const alpha = kind === 'leaky-relu' ? 0.1 + 0.1 * d.k : kind === 'elu' ? 0.5 + 0.25 * d.k : undefined;
      h = b.dense(b.activation(b.dense(b.input, d.b + 3), kind, alpha), 3);
    }
  }
  return { program: b.build(h, 'cross-entropy'), n: d.n + 8 };
}

export function makeCase(family: Family, d: Dims): Case {
  const { program, n } = build(family, d);
  const r = resolveProgram(program);
  const g = rng(d.seed);
  const theta = gaussian(r.paramCount, d.seed + 10, 0.6);
  const consts = new Float32Array(r.constCount);
  for (const c of r.consts) {
    for (let i = 0; i < c.size; i++) consts[c.offset + i] = /(running_var|\.scale)$/.test(c.name) ? 0.5 + g() : 0.3 * (g() - 0.5);
  }
  return {
    family, program, consts, theta, n,
    v: gaussian(r.paramCount, d.seed + 20),
    d1: gaussian(r.paramCount, d.seed + 30, 0.3),
    d2: gaussian(r.paramCount, d.seed + 40, 0.3),
    data: randomData(program, n, d.seed + 50),
  };
}

export const caseArb = (family: Family): fc.Arbitrary<Case> => dims.map((d) => makeCase(family, d));

/** Reproducible property runs; NNLL_FC_SEED overrides the seed. */
export const FC = { seed: Number(process.env.NNLL_FC_SEED ?? 20260), numRuns: 12 };
