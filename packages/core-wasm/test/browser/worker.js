// One kernel per Web Worker: the loss sums over a slice of the samples.
import { Kernel } from '../../dist/index.js';
import { browserCase } from './case.js';

self.onmessage = async (e) => {
  const { start, count } = e.data;
  const c = browserCase();
  const k = await Kernel.create(c.program, { simd: 'plain' });
  k.setParams(c.theta);
  k.setData({ x: c.x.slice(start * 36, (start + count) * 36), labels: c.labels.slice(start, start + count) });
  k.reset();
  k.accumulateLoss();
  self.postMessage(k.sums());
};
