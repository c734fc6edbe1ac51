// Per-layer Hessians: a block operator must reproduce exactly the diagonal block of the full
// Hessian (its columns are the full Hessian's columns restricted to the block, computed by the same
// products), so equality is checked to the last bit.
import { describe, expect, it } from 'vitest';
import { builtinModel } from '../src/models/builtin.js';
import { blockHvp, parameterBlocks } from '../src/hessian/blocks.js';
import { exactHessian } from '../src/hessian/exact.js';
import { plantedOperator } from '../src/hessian/planted.js';
import { lanczos } from '../src/hessian/lanczos.js';

describe('parameter blocks', () => {
  it('builds one block per tensor or per layer from the program', () => {
    const { program } = builtinModel('mlp:6-8-3:tanh');
    expect(parameterBlocks(program, { by: 'tensor' })).toEqual([
      { name: 'fc1.weight', params: ['fc1.weight'], ranges: [{ offset: 0, size: 48 }], size: 48 },
      { name: 'fc1.bias', params: ['fc1.bias'], ranges: [{ offset: 48, size: 8 }], size: 8 },
      { name: 'fc2.weight', params: ['fc2.weight'], ranges: [{ offset: 56, size: 24 }], size: 24 },
      { name: 'fc2.bias', params: ['fc2.bias'], ranges: [{ offset: 80, size: 3 }], size: 3 },
    ]);
    expect(parameterBlocks(program)).toEqual([
      { name: 'fc1', params: ['fc1.weight', 'fc1.bias'], ranges: [{ offset: 0, size: 56 }], size: 56 },
      { name: 'fc2', params: ['fc2.weight', 'fc2.bias'], ranges: [{ offset: 56, size: 27 }], size: 27 },
    ]);
    expect(() => parameterBlocks(program, { by: 'op' as never })).toThrow(/invalid by: op/);
  });

  it('keeps a layer whose weight and bias are not adjacent as two ranges', () => {
    // ONNX initializer order need not pair a layer's tensors: weights first, then biases.
    const { program } = builtinModel('mlp:6-8-3:tanh');
    const [w1, b1, w2, b2] = program.params;
    const reordered = { ...program, params: [w1, w2, b1, b2] };
    const blocks = parameterBlocks(reordered);
    expect(blocks[0]).toEqual({ name: 'fc1', params: ['fc1.weight', 'fc1.bias'], ranges: [{ offset: 0, size: 48 }, { offset: 72, size: 8 }], size: 56 });
    expect(blocks[1].ranges).toEqual([{ offset: 48, size: 24 }, { offset: 80, size: 3 }]);
  });
});

describe('block operators', () => {
  const n = 83;
  const A = plantedOperator(Array.from({ length: n }, (_, i) => Math.cos(i) * (i + 1)), { seed: 9 });
  const full = A.matrix();

  it('equal the diagonal blocks of the full matrix, contiguous or split', async () => {
    const { program } = builtinModel('mlp:6-8-3:tanh');
    const [w1, b1, w2, b2] = program.params;
    const blocks = [...parameterBlocks(program), ...parameterBlocks({ ...program, params: [w1, w2, b1, b2] }), { name: 'slice', params: [], ranges: [{ offset: 10, size: 5 }], size: 5 }];
    for (const block of blocks) {
      const idx = block.ranges.flatMap((r) => Array.from({ length: r.size }, (_, i) => r.offset + i));
      const sub = await exactHessian(blockHvp(A.hvp, n, block), block.size);
      for (let i = 0; i < idx.length; i++)
        for (let j = 0; j < idx.length; j++) expect(sub.matrix[i * idx.length + j]).toBe((full[idx[i] * n + idx[j]] + full[idx[j] * n + idx[i]]) / 2);
    }
  });

  it('accept a bare { offset, size } and run any estimator; inputs are left alone', async () => {
    const op = blockHvp(A.hvp, n, { offset: 20, size: 30 });
    const v = new Float64Array(30).fill(1);
    await op(v);
    expect(Array.from(v).every((x) => x === 1)).toBe(true);
    const r = await lanczos(op, 30, { k: 2, tol: 1e-10, maxIter: 30 });
    expect(r.converged).toBe(true);
    expect(() => blockHvp(A.hvp, n, { offset: 80, size: 10 })).toThrow(/invalid block range: offset 80, size 10 \(n = 83\)/);
    await expect(Promise.resolve(op(new Float64Array(3)))).rejects.toThrow(/block vector has length 3, expected 30/);
  });
});
