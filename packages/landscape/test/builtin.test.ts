import { describe, expect, it } from 'vitest';
import { resolveProgram } from '@nnll/core-wasm';
import { builtinModel, defaultInit, SpecError } from '../src/models/builtin.js';

describe('built-in models', () => {
  it('parses mlp specs into dense layers with the activation between them', () => {
    const { program } = builtinModel('mlp:784-256-256-10:relu');
    const r = resolveProgram(program);
    expect(r.paramCount).toBe(784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10);
    expect(program.ops.map((o) => o.op)).toEqual(['dense', 'activation', 'dense', 'activation', 'dense']);
    expect(r.params.map((p) => p.name)).toEqual(['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias', 'fc3.weight', 'fc3.bias']);
  });
  it('rejects malformed specs naming the spec', () => {
    expect(() => builtinModel('mlp:784-x-10')).toThrow(new SpecError('invalid layer widths in model spec: mlp:784-x-10'));
    expect(() => builtinModel('mlp:4-3:swish')).toThrow(/invalid activation in model spec: swish/);
    expect(() => builtinModel('resnet:9')).toThrow(/invalid model spec: resnet:9/);
    expect(() => builtinModel('cnn:28x28:8:10')).toThrow(/expected cnn:CxHxW/);
    expect(() => builtinModel('mlp:4-3:noskip')).toThrow(/noskip applies to resmlp and rescnn/);
  });
  it('builds the small CNN and the residual pair with and without skips', () => {
    const c = resolveProgram(builtinModel('cnn:1x28x28:8-16:10').program);
    expect(c.shapes[c.program.output]).toEqual([10]);
    expect(c.paramCount).toBe(8 * 9 + 8 + 16 * 8 * 9 + 16 + 16 * 7 * 7 * 10 + 10);
    const withSkip = builtinModel('rescnn:1x12x12:6-2:10');
    const without = builtinModel('rescnn:1x12x12:6-2:10:noskip');
    expect(withSkip.program.ops.filter((o) => o.op === 'add')).toHaveLength(2);
    expect(without.program.ops.filter((o) => o.op === 'add')).toHaveLength(0);
    // same parameters either way: the skip adds none
    expect(resolveProgram(withSkip.program).paramCount).toBe(resolveProgram(without.program).paramCount);
    expect(withSkip.consts.length).toBe(2 * 5 * 6);
    expect(Array.from(withSkip.consts.subarray(6, 12))).toEqual([1, 1, 1, 1, 1, 1]);
    const m = builtinModel('resmlp:20-16-3-4:tanh');
    expect(m.program.ops.filter((o) => o.op === 'add')).toHaveLength(3);
    expect(builtinModel('resmlp:20-16-3-4:tanh:noskip').program.ops.filter((o) => o.op === 'add')).toHaveLength(0);
  });
  it('initialises like PyTorch: U(±1/√fan_in), seeded', () => {
    const { program } = builtinModel('mlp:100-50-10');
    const a = defaultInit(program, 7), b = defaultInit(program, 7), c = defaultInit(program, 8);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const w1 = a.subarray(0, 5000), w2 = a.subarray(5050, 5550);
    expect(Math.max(...w1.map(Math.abs))).toBeLessThanOrEqual(0.1);
    expect(Math.max(...w1.map(Math.abs))).toBeGreaterThan(0.099);
    // uniform on ±1/√50: standard deviation (1/√50)/√3
    const sd = Math.sqrt(w2.reduce((s, x) => s + x * x, 0) / w2.length);
    expect(sd).toBeCloseTo(1 / Math.sqrt(50) / Math.sqrt(3), 2);
  });
});
