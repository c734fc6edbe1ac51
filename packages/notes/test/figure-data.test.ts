import { describe, expect, it } from 'vitest';
import { blockHash, parseFigureBlock, splitWords } from '../src/figures/figure-block.js';
import { parseFigureData } from '@nnll/landscape';

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
    expect(parseFigureData({ command: 'surface', x: [0, 1], y: [0, 1, 2], loss: [[1, 2, 3], [4, 5, null]] })).toMatchObject({ command: 'surface' });
    expect(parseFigureData({ command: 'surface', x: [0, 1], loss: [1, 2] })).not.toHaveProperty('y');
    expect(parseFigureData({ command: 'interpolate', t: [0, 1], loss: [1, 2], barrier: 0 })).toMatchObject({ barrier: 0 });
    expect(parseFigureData({ command: 'hessian', eigenvalues: [3, 1] })).toMatchObject({ eigenvalues: [3, 1] });
    expect(parseFigureData({ command: 'train', history: [{ epoch: 1, train_loss: 1, note: 'x' }] })).toEqual({
      command: 'train',
      history: [{ epoch: 1, train_loss: 1, note: 'x' }],
    });
  });

  it.each([
    [{ command: 'surface', x: [0, 1], y: [0, 1], loss: [[1, 2]] }, /^invalid loss: rows: 2 expected \(one per x\), got 1$/],
    [{ command: 'surface', x: [0, 1], y: [0, 1], loss: [[1, 2], [3]] }, /^invalid loss\[1\]: 2 numbers expected \(one per y\)$/],
    [{ command: 'surface', x: [0, 'a'], loss: [1, 2] }, /^invalid x\[1\]: "a" \(expected a number\)$/],
    [{ command: 'interpolate', t: [0], loss: [1], barrier: 'high' }, /^invalid barrier: "high" \(expected a number\)$/],
    [{ command: 'hessian' }, /eigenvalues, spectrum or density expected/],
    [{ command: 'train', history: [] }, /^invalid history: \[\] \(at least 1 item\)$/],
    [{ command: 'eval', loss: 1 }, /result command "eval" cannot be drawn/],
    [[1, 2], /^invalid result: \[1,2\] \(a JSON object\)$/],
    [{ schema: 'nnll/surface@1', command: 'surface', x: [0], loss: [1] }, /^missing version$/],
    [{ schema: 'nnll/surface@9', command: 'surface', x: [0], loss: [1] }, /unknown result schema "nnll\/surface@9"/],
  ])('rejects %j', (value, message) => {
    expect(() => parseFigureData(value)).toThrow(message);
  });
});
