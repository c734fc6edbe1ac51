// loadModel: by file extension (.onnx, TF.js model.json or its folder) or built-in spec; missing
// files and unknown formats are one-line ModelErrors naming the path.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { loadModel } from '../src/models/load-model.js';
import { ModelError } from '../src/models/model.js';
import { builtinModel, defaultInit } from '../src/models/builtin.js';
import { ONNX_FIXTURES } from './fixtures/onnx/fixtures.js';

describe('loadModel', () => {
  it('reads an ONNX file and records its sha256', async () => {
    const path = join(ONNX_FIXTURES, 'resnet_bn', 'model.onnx');
    const m = await loadModel(path);
    expect(m.source).toEqual({ kind: 'onnx', path, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') });
    expect(m.program.loss).toBe('cross-entropy');
    expect(m.params.length).toBe(444);
    expect((await loadModel(join(ONNX_FIXTURES, 'mlp_sigmoid_mse', 'model.onnx'), { loss: 'mse' })).program.loss).toBe('mse');
  });

  it('reads a TF.js model.json with its shards, by file or by folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnll-tfjs-'));
    const kernel = Float32Array.from({ length: 6 }, (_, i) => i / 10 - 0.2);
    const bias = Float32Array.of(0.1, -0.1);
    const bin = new Uint8Array([...new Uint8Array(kernel.buffer), ...new Uint8Array(bias.buffer)]);
    writeFileSync(join(dir, 'group1-shard1of1.bin'), bin);
    writeFileSync(join(dir, 'model.json'), JSON.stringify({
      format: 'layers-model',
      modelTopology: { class_name: 'Sequential', config: { layers: [{ class_name: 'Dense', config: { name: 'dense', units: 2, batch_input_shape: [null, 3] } }] } },
      weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [{ name: 'dense/kernel', shape: [3, 2], dtype: 'float32' }, { name: 'dense/bias', shape: [2], dtype: 'float32' }] }],
    }));
    for (const p of [join(dir, 'model.json'), dir]) {
      const m = await loadModel(p);
      expect(m.source.kind).toBe('tfjs');
      expect(m.program.params).toEqual([{ name: 'dense/kernel', shape: [3, 2] }, { name: 'dense/bias', shape: [2] }]);
      expect(Array.from(m.params)).toEqual([...kernel, ...bias]);
    }
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ format: 'layers-model', modelTopology: {}, weightsManifest: [{ paths: ['gone.bin'], weights: [] }] }));
    await expect(loadModel(join(dir, 'model.json'))).rejects.toThrow(`${join(dir, 'model.json')}: weight shard gone.bin: cannot read (no such file)`);
  });

  it('builds a built-in spec with its seeded initialisation', async () => {
    const m = await loadModel('mlp:6-5-3:tanh', { seed: 4 });
    const { program } = builtinModel('mlp:6-5-3:tanh');
    expect(m.params).toEqual(defaultInit(program, 4));
    expect(m.source).toMatchObject({ kind: 'builtin', spec: 'mlp:6-5-3:tanh' });
    await expect(loadModel('mlp:6-x-3')).rejects.toThrow(ModelError);
  });

  it('names the path for missing files and unknown formats', async () => {
    await expect(loadModel('/no/such/model.onnx')).rejects.toThrow(new ModelError('/no/such/model.onnx: no such file'));
    await expect(loadModel('weights.h5')).rejects.toThrow(new ModelError('weights.h5: unknown model format (expected .onnx, a TF.js model.json or a spec such as mlp:784-256-10:relu)'));
  });
});
