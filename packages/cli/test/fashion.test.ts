// Real data: Debian's Fashion-MNIST (package dataset-fashion-mnist), 60,000 training and 10,000
// test images as IDX files. Two epochs of Adam on a 784-128-10 ReLU MLP reach test accuracy ≥ 0.84.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { nnll, tempDir } from './helpers.js';

const FASHION = '/usr/share/datasets/fashion-mnist';
const present = existsSync(join(FASHION, 'train-images-idx3-ubyte.gz')) || existsSync(join(FASHION, 'train-images-idx3-ubyte'));
if (!present) console.log(`skipping the Fashion-MNIST test: ${FASHION} is absent (apt-get install dataset-fashion-mnist)`);

describe.skipIf(!present)('Fashion-MNIST', () => {
  it('train --optimizer adam --lr 0.001 --batch-size 128 --epochs 2 reaches test accuracy ≥ 0.84', () => {
    const dir = tempDir('nnll-fashion-');
    const model = join(dir, 'fashion.onnx');
    const r = nnll(['train', '--model', 'mlp:784-128-10:relu', '--data', FASHION, '--test', FASHION, '--optimizer', 'adam', '--lr', '0.001', '--batch-size', '128', '--epochs', '2', '--save', model, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    console.log(`Fashion-MNIST, mlp:784-128-10:relu, adam lr 0.001, batch 128, 2 epochs: test accuracy ${j.final.test_accuracy.toFixed(4)}, test loss ${j.final.test_loss.toFixed(4)} (${j.seconds.toFixed(1)} s)`);
    expect(j).toMatchObject({ command: 'train', n: 60000, optimizer: 'adam', steps: 2 * 469, test: { n: 10000 } });
    expect(j.history).toHaveLength(2);
    expect(j.final.test_accuracy).toBeGreaterThanOrEqual(0.84);
    // the saved ONNX model evaluates to the same test numbers
    const ev = nnll(['eval', '--model', model, '--data', FASHION, '--json']);
    expect(ev.status, ev.stderr).toBe(0);
    expect(Math.abs(JSON.parse(ev.stdout).loss - j.final.train_loss)).toBeLessThan(1e-5 * j.final.train_loss);
  });
});
