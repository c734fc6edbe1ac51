/**
 * Node-only model loading by path or spec: an ONNX file (`.onnx`), a TF.js Layers `model.json`
 * (its weight shards read from beside it; a folder holding model.json works too) or a built-in
 * architecture spec such as `mlp:784-256-10:relu` (PyTorch-default initialisation, seeded). The
 * formats are read by the job layer's IO (jobs/io.ts), the same code every frontend uses.
 */
import type { LossKind } from '@nnll/core-wasm';
import type { Model } from './model.js';
import { nodeJobIO } from '../jobs/node.js';

export interface LoadModelOptions {
  /** Loss on the output; default 'cross-entropy' for files, the spec's own for built-ins. */
  loss?: LossKind;
  /** Seed of a built-in model's initialisation; default 0. */
  seed?: number;
}

export function loadModel(pathOrSpec: string, options: LoadModelOptions = {}): Promise<Model> {
  return nodeJobIO().loadModel(pathOrSpec, { seed: options.seed ?? 0, loss: options.loss, flag: '' });
}
