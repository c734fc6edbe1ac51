// Options beyond the reference comparisons, on built-in models and data (spawned, --json).
import { describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { encodeNpz } from '@nnll/landscape';
import { join } from 'node:path';
import { nnll, nnllJson, readNpz, repoCase, tempDir } from './helpers.js';

describe('commands on built-in models and data', () => {
  it('surface --test adds test_loss and test_accuracy; a 1-D surface has no y', () => {
    const r = nnllJson(['surface', '--model', 'mlp:2-8-3:tanh', '--data', 'spirals', '--test', 'spirals:seed=5', '--x', '-1:1:5', '--norm', 'layer']);
    expect(r).toMatchObject({ command: 'surface', n: 300, complete: true, points_total: 5, test: { n: 300 } });
    expect(r).not.toHaveProperty('y');
    expect(r.loss).toHaveLength(5);
    expect(r.test_loss).toHaveLength(5);
    expect(r.test_accuracy).toHaveLength(5);
    expect(r.directions).toMatchObject({ norm: 'layer', ignore: 'biasbn', x_dir: { path: null, seed: 1 } });
    // the centre is the model itself: same loss as eval
    const ev = nnllJson(['eval', '--model', 'mlp:2-8-3:tanh', '--data', 'spirals']);
    expect(Math.abs(r.loss[2] - ev.loss)).toBeLessThan(1e-6 * ev.loss);
  });

  it('the seed changes built-in models and random directions, and is recorded', () => {
    const a = nnllJson(['surface', '--model', 'mlp:2-8-3:tanh', '--data', 'spirals', '--x', '-1:1:3', '--y', '-1:1:3']);
    const b = nnllJson(['surface', '--model', 'mlp:2-8-3:tanh', '--data', 'spirals', '--x', '-1:1:3', '--y', '-1:1:3', '--seed', '3']);
    expect(b.seed).toBe(3);
    expect(b.model.sha256).not.toBe(a.model.sha256);
    expect(b.loss).not.toEqual(a.loss);
    expect(nnllJson(['surface', '--model', 'mlp:2-8-3:tanh', '--data', 'spirals', '--x', '-1:1:3', '--y', '-1:1:3']).loss).toEqual(a.loss);
  });

  it('train: schedule, weight decay, .npz parameters, --record-every trajectory and its PCA', () => {
    const dir = tempDir('nnll-train-');
    const save = join(dir, 'params.npz');
    const r = nnllJson(['train', '--model', 'mlp:2-16-3:tanh', '--data', 'moons', '--test', 'moons:seed=9', '--optimizer', 'nesterov', '--lr', '0.1', '--momentum', '0.8', '--weight-decay', '1e-4', '--batch-size', '25', '--epochs', '4', '--schedule', 'warmup:5,cosine', '--record-every', '4', '--save', save]);
    expect(r).toMatchObject({ optimizer: 'nesterov', momentum: 0.8, weight_decay: 1e-4, schedule: 'warmup:5,cosine', steps: 4 * Math.ceil(r.n / 25), saved: save, stopped: null });
    expect(r.history.map((e: { epoch: number }) => e.epoch)).toEqual([1, 2, 3, 4]);
    expect(r.final.test_accuracy).toBe(r.history[3].test_accuracy);
    expect(r.history[3].train_loss).toBeLessThan(r.history[0].train_loss);
    const params = nnllJson(['info', '--model', 'mlp:2-16-3:tanh']).params as { name: string; shape: number[] }[];
    const saved = readNpz(save);
    expect(Object.keys(saved)).toEqual(params.map((p) => p.name));
    params.forEach((p) => expect(saved[p.name].shape).toEqual(p.shape));
    expect(r.trajectory.steps[0]).toBe(0);
    expect(r.trajectory.steps.at(-1)).toBe(r.steps);
    expect(r.trajectory.pca.explained_variance[0]).toBeGreaterThan(0);
    expect(r.trajectory.pca.points).toHaveLength(r.trajectory.steps.length);
    const traj = readNpz(join(dir, 'params.trajectory.npz'));
    expect(traj.params.shape).toEqual([r.trajectory.steps.length, r.model.param_count]);
    expect(Array.from(traj.steps.data, Number)).toEqual(r.trajectory.steps);
  });

  it('train --save out.onnx round-trips through eval and info', () => {
    const dir = tempDir('nnll-train-onnx-');
    const save = join(dir, 'm.onnx');
    const r = nnllJson(['train', '--model', 'mlp:2-12-3:relu', '--data', 'blobs', '--optimizer', 'adamw', '--lr', '0.01', '--batch-size', '32', '--epochs', '3', '--save', save]);
    expect(existsSync(save)).toBe(true);
    const ev = nnllJson(['eval', '--model', save, '--data', 'blobs']);
    expect(Math.abs(ev.loss - r.final.train_loss)).toBeLessThan(1e-6 * r.final.train_loss);
    expect(ev.accuracy).toBe(r.final.train_accuracy);
    const info = nnllJson(['info', '--model', save]);
    expect(info.param_count).toBe(r.model.param_count);
    expect(info.ops).toMatchObject({ Relu: 1 });
  });

  it('a diverging run stops with exit 2 and a hint', () => {
    const r = nnll(['train', '--model', 'mlp:2-16-3:tanh', '--data', 'spirals', '--optimizer', 'sgd', '--lr', '1e6', '--epochs', '3', '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^nnll: training diverged at step \d+ .*try a smaller learning rate\n$/);
  });

  it('regression data get the mse loss and a null accuracy', () => {
    const r = nnllJson(['eval', '--model', 'mlp:4-8-2:tanh', '--data', 'teacher:inputs=4,outputs=2']);
    expect(r.accuracy).toBeNull();
    expect(r.provenance.options.loss).toBe('mse');
  });

  it('a TF.js model.json (by file or folder) is read with its weight shard', () => {
    const dir = tempDir('nnll-tfjs-');
    const kernel = Float32Array.from({ length: 6 }, (_, i) => i / 10 - 0.2);
    const bias = Float32Array.of(0.1, -0.1);
    writeFileSync(join(dir, 'group1-shard1of1.bin'), new Uint8Array([...new Uint8Array(kernel.buffer), ...new Uint8Array(bias.buffer)]));
    writeFileSync(join(dir, 'model.json'), JSON.stringify({
      format: 'layers-model',
      modelTopology: { class_name: 'Sequential', config: { layers: [{ class_name: 'Dense', config: { name: 'dense', units: 2, batch_input_shape: [null, 3] } }] } },
      weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [{ name: 'dense/kernel', shape: [3, 2], dtype: 'float32' }, { name: 'dense/bias', shape: [2], dtype: 'float32' }] }],
    }));
    const x = Float32Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1);
    const y = Int32Array.of(0, 1, 1, 0);
    writeFileSync(join(dir, 'data.npz'), encodeNpz({ x: { shape: [4, 3], data: x }, y: { shape: [4], data: y } }));
    // logits = x·W + b with W [3, 2] row-major; mean softmax cross-entropy
    let want = 0;
    for (let n = 0; n < 4; n++) {
      const z = [0, 1].map((j) => bias[j] + [0, 1, 2].reduce((s, i) => s + x[n * 3 + i] * kernel[i * 2 + j], 0));
      want += Math.log(Math.exp(z[0]) + Math.exp(z[1])) - z[y[n]];
    }
    want /= 4;
    for (const model of [join(dir, 'model.json'), dir]) {
      const r = nnllJson(['eval', '--model', model, '--data', join(dir, 'data.npz')]);
      expect(Math.abs(r.loss - want) / want).toBeLessThan(1e-6);
    }
    const info = nnllJson(['info', '--model', join(dir, 'model.json')]);
    expect(info).toMatchObject({ kind: 'tfjs', param_count: 8, params: [{ name: 'dense/kernel', shape: [3, 2], size: 6 }, { name: 'dense/bias', shape: [2], size: 2 }] });
  });

  it('train --model FILE.onnx continues from the file', () => {
    const c = repoCase('mlp_tanh');
    const dir = tempDir('nnll-finetune-');
    const r = nnllJson(['train', '--model', c.model, '--data', c.data, '--optimizer', 'sgd', '--lr', '0.01', '--batch-size', '50', '--epochs', '2', '--save', join(dir, 'tuned.onnx')]);
    expect(r.model.path).toBe(c.model);
    // a couple of small SGD steps from a trained model stay close to its loss
    expect(Math.abs(r.final.train_loss - c.meta.expected.loss)).toBeLessThan(0.05 * c.meta.expected.loss);
    expect(nnllJson(['info', '--model', join(dir, 'tuned.onnx')]).params).toEqual(nnllJson(['info', '--model', c.model]).params);
  });
});
