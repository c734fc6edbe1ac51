/** A Backend over one in-process kernel: browsers, small jobs and minibatch training. */
import { Kernel } from '@nnll/core-wasm';
import type { Backend, BackendOptions } from './backend.js';
import type { Model } from '../models/model.js';

export async function localBackend(model: Model, options: BackendOptions = {}): Promise<Backend> {
  const k = await Kernel.create(model.program, { simd: options.simd, batchSize: options.batchSize });
  k.setParams(model.params);
  k.setConsts(model.consts);
  return {
    paramCount: k.paramCount,
    name: `wasm-${k.flavor}`,
    threads: 1,
    setParams: async (t) => k.setParams(t),
    setData: async (d) => k.setData({ x: d.x, labels: d.labels, targets: d.targets }),
    loss: async () => k.loss(),
    gradient: async () => k.gradient(),
    hvp: async (v) => k.hvp(v),
    points: async (d1, d2, pts) => k.points(d1, d2, pts),
    close: async () => {},
  };
}
