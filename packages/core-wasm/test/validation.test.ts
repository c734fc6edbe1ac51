// Bad programs and bad inputs fail with one clear message naming the op, tensor or shape.
import { describe, expect, it } from 'vitest';
import { Kernel, KernelError } from '../src/kernel.js';
import { ProgramBuilder } from '../src/builder.js';
import { resolveProgram, ProgramError, type Program } from '../src/program.js';

const mlp = (): Program => {
  const b = new ProgramBuilder([4]);
  return b.build(b.dense(b.activation(b.dense(b.input, 5), 'relu'), 3), 'cross-entropy');
};

describe('program validation', () => {
  it('names an unknown parameter and its op', () => {
    const p = mlp();
    (p.ops[0] as { weight: string }).weight = 'nope';
    expect(() => resolveProgram(p)).toThrow(new ProgramError('op 0 (dense): unknown parameter nope'));
  });
  it('names both shapes on a mismatch', () => {
    const p = mlp();
    p.input = [7];
    expect(() => resolveProgram(p)).toThrow(/op 0 \(dense\): input shape \[7\] does not match weight \[5,4\]/);
  });
  it('rejects a value used before it is defined', () => {
    const p = mlp();
    p.ops[1] = { op: 'activation', x: 9, y: 2, kind: 'relu' };
    expect(() => resolveProgram(p)).toThrow(/op 1 \(activation\): value 9 is used before it is defined/);
  });
  it('rejects an unsupported op by name', () => {
    const p = mlp();
    (p.ops[1] as unknown as { op: string }).op = 'softmax';
    expect(() => resolveProgram(p)).toThrow(/op 1 \(softmax\): unsupported op softmax/);
  });
  it('rejects an impossible reshape and an empty pooling output', () => {
    const b = new ProgramBuilder([1, 4, 4]);
    expect(() => b.reshape(b.input, [5, 3])).toThrow(/cannot reshape \[1,4,4\] to \[5,3\]/);
    expect(() => b.maxpool(b.input, { kernel: 5 })).toThrow(/output would be empty/);
  });
  it('rejects an output that depends on no parameter', () => {
    const b = new ProgramBuilder([1, 4, 4]);
    expect(() => b.build(b.maxpool(b.input, { kernel: 2 }), 'mse')).toThrow(/does not depend on any parameter/);
  });
});

describe('kernel input validation', () => {
  it('rejects labels out of range, partial samples and wrong lengths', async () => {
    const k = await Kernel.create(mlp());
    expect(() => k.setData({ x: new Float32Array(8), labels: Int32Array.from([0, 3]) })).toThrow(new KernelError('data: label 3 of sample 1 is outside [0, 3)'));
    expect(() => k.setData({ x: new Float32Array(7), labels: Int32Array.from([0, 1]) })).toThrow(/7 input values do not make whole samples of 4/);
    expect(() => k.setParams(new Float32Array(3))).toThrow(/parameters: expected 43 values, got 3/);
    expect(() => k.loss()).toThrow(/no data/);
    k.setData({ x: new Float32Array(8), labels: Int32Array.from([0, 2]) });
    expect(() => k.accumulateLoss(1, 5)).toThrow(/sample range \[1, 6\) is outside the 2 resident samples/);
  });
  it('rejects invalid options', async () => {
    await expect(Kernel.create(mlp(), { batchSize: 0 })).rejects.toThrow(/invalid batchSize: 0/);
    await expect(Kernel.create(mlp(), { simd: 'avx' as never })).rejects.toThrow(/invalid simd: avx/);
  });
});

describe('accumulation across calls', () => {
  it('sums over sample ranges and over data sets loaded one after another', async () => {
    const p = mlp();
    const k = await Kernel.create(p, { batchSize: 3 });
    const theta = Float32Array.from({ length: k.paramCount }, (_, i) => Math.sin(i));
    k.setParams(theta);
    const x = Float32Array.from({ length: 40 }, (_, i) => Math.cos(i * 0.7));
    const labels = Int32Array.from({ length: 10 }, (_, i) => i % 3);
    k.setData({ x, labels });
    const whole = k.gradient();
    k.reset();
    k.accumulateGradient(0, 4);
    k.accumulateGradient(4, 6);
    const split = k.gradientSum();
    // Second route: two halves loaded separately, sums kept across setData.
    k.reset();
    k.setData({ x: x.slice(0, 20), labels: labels.slice(0, 5) });
    k.accumulateGradient();
    k.setData({ x: x.slice(20), labels: labels.slice(5) });
    k.accumulateGradient();
    const loaded = k.gradientSum();
    for (let i = 0; i < theta.length; i++) {
      // Same f32 batches summed in a different grouping: agreement to float32 rounding.
      expect(split[i] / 10).toBeCloseTo(whole.gradient[i], 6);
      expect(loaded[i] / 10).toBeCloseTo(whole.gradient[i], 6);
    }
    expect(k.sums().lossSum / 10).toBeCloseTo(whole.loss, 6);
  });
});
