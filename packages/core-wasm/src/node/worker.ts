// One kernel per worker thread; replies carry sums, which the pool adds up.
import { parentPort } from 'node:worker_threads';
import { Kernel } from '../kernel.js';
import type { Reply, Request } from './protocol.js';

let kernel: Kernel | undefined;

async function handle(m: Request): Promise<Reply> {
  if (m.type === 'init') {
    kernel = await Kernel.create(m.program, m.options);
    if (m.consts) kernel.setConsts(m.consts);
    return { id: m.id, flavor: kernel.flavor };
  }
  const k = kernel!;
  switch (m.type) {
    case 'params':
      k.setParams(m.theta);
      return { id: m.id };
    case 'data':
      k.setData({ x: m.x, labels: m.labels ?? undefined, targets: m.targets ?? undefined });
      return { id: m.id };
    case 'loss':
      k.reset();
      k.accumulateLoss();
      return { id: m.id, ...k.sums() };
    case 'gradient':
      k.reset();
      k.accumulateGradient();
      return { id: m.id, ...k.sums(), gradient: k.gradientSum() };
    case 'hvp':
      k.setVector(m.v);
      k.reset();
      k.accumulateHvp(0, k.sampleCount, m.withGradient);
      return { id: m.id, ...k.sums(), hv: k.hvpSum(), gradient: m.withGradient ? k.gradientSum() : undefined };
    case 'points': {
      k.setDirections(m.d1, m.d2);
      const K = m.points.length;
      const out = { lossSum: new Float64Array(K), correct: new Float64Array(K) };
      for (let k0 = 0; k0 < K; k0 += k.maxPoints) {
        const part = { lossSum: new Float64Array(Math.min(k.maxPoints, K - k0)), correct: new Float64Array(Math.min(k.maxPoints, K - k0)) };
        k.accumulatePoints(m.points.slice(k0, k0 + k.maxPoints), part);
        out.lossSum.set(part.lossSum, k0);
        out.correct.set(part.correct, k0);
      }
      return { id: m.id, pointLoss: out.lossSum, pointCorrect: out.correct };
    }
    case 'peak':
      return { id: m.id, peak: k.measurePeak(m.seconds) };
  }
}

parentPort!.on('message', (m: Request) => {
  handle(m).then(
    (r) => {
      const transfer = [r.gradient, r.hv, r.pointLoss, r.pointCorrect].filter((a): a is Float64Array => !!a).map((a) => a.buffer as ArrayBuffer);
      parentPort!.postMessage(r, transfer);
    },
    (e: unknown) => parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
