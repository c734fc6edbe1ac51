import { describe, expect, it } from 'vitest';
import { blockHash, parseFigureBlock, splitWords } from '../src/figures/figure-block.js';
import { parseFigureResult } from '../src/figures/figure-result.js';

describe('nnll blocks', () => {
  it('reads result blocks and command blocks', () => {
    expect(parseFigureBlock('result ./results/surface.json')).toMatchObject({ kind: 'result', path: './results/surface.json' });
    const command = parseFigureBlock('surface --model ./models/digits.onnx --data mnist --x -1:1:21 --y -1:1:21');
    expect(command).toMatchObject({ kind: 'command', command: 'surface', args: ['--model', './models/digits.onnx', '--data', 'mnist', '--x', '-1:1:21', '--y', '-1:1:21'] });
    expect(parseFigureBlock('result a.json --title "A title"')).toMatchObject({ kind: 'result', path: 'a.json', title: 'A title' });
    expect(parseFigureBlock('nnll surface --model m.onnx')).toMatchObject({ kind: 'command', command: 'surface' });
  });

  it('hashes words, so re-wrapping a block keeps its cache entry', () => {
    const a = parseFigureBlock('surface --model m.onnx\n  --data mnist');
    const b = parseFigureBlock('surface   --model m.onnx --data mnist');
    expect(a.hash).toBe(b.hash);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(parseFigureBlock('surface --model n.onnx --data mnist').hash).not.toBe(a.hash);
    expect(blockHash(['a b'])).not.toBe(blockHash(['a', 'b']));
  });

  it('splits like a shell', () => {
    expect(splitWords(`a "b c" 'd e' f\\ g \\\n h`)).toEqual(['a', 'b c', 'd e', 'f g', 'h']);
    expect(() => splitWords('a "b')).toThrow(/unclosed " quote/);
  });

  it('names the problem', () => {
    expect(() => parseFigureBlock('  ')).toThrow(/empty nnll block/);
    expect(() => parseFigureBlock('result')).toThrow(/expected `result PATH`/);
    expect(() => parseFigureBlock('Surface!')).toThrow(/unknown command "Surface!"/);
  });
});

describe('result JSON', () => {
  it('accepts the five shapes', () => {
    expect(parseFigureResult({ command: 'surface', x: [0, 1], y: [0, 1, 2], loss: [[1, 2, 3], [4, 5, null]] })).toMatchObject({ command: 'surface' });
    expect(parseFigureResult({ command: 'surface', x: [0, 1], loss: [1, 2] })).not.toHaveProperty('y');
    expect(parseFigureResult({ command: 'interpolate', t: [0, 1], loss: [1, 2], barrier: 0 })).toMatchObject({ barrier: 0 });
    expect(parseFigureResult({ command: 'hessian', eigenvalues: [3, 1] })).toMatchObject({ eigenvalues: [3, 1] });
    expect(parseFigureResult({ command: 'train', history: [{ epoch: 1, train_loss: 1, note: 'x' }] })).toEqual({
      command: 'train',
      history: [{ epoch: 1, train_loss: 1 }],
    });
  });

  it.each([
    [{ command: 'surface', x: [0, 1], y: [0, 1], loss: [[1, 2]] }, /loss must be 2 rows \(one per x\) of 2 numbers/],
    [{ command: 'surface', x: [0, 1], y: [0, 1], loss: [[1, 2], [3]] }, /loss\[1\] must have 2 entries, got 1/],
    [{ command: 'surface', x: [0, 'a'], loss: [1, 2] }, /x\[1\] must be a number, got "a"/],
    [{ command: 'interpolate', t: [0], loss: [1], barrier: 'high' }, /barrier must be a number, got "high"/],
    [{ command: 'hessian' }, /needs eigenvalues or density/],
    [{ command: 'train', history: [] }, /history must be a non-empty array/],
    [{ command: 'eval', loss: 1 }, /result command "eval" cannot be drawn/],
    [[1, 2], /result must be a JSON object, got \[1,2\]/],
  ])('rejects %j', (value, message) => {
    expect(() => parseFigureResult(value)).toThrow(message);
  });
});
