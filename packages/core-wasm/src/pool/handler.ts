// The worker side of a pool: one kernel per worker; replies carry sums, which the pool adds up.
import { Kernel } from '../kernel.js';
import type { Reply, Request } from './protocol.js';

export function createHandler(post: (r: Reply, transfer: ArrayBuffer[]) => void): (m: Request) => void {
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
          const n = Math.min(k.maxPoints, K - k0);
          const part = { lossSum: new Float64Array(n), correct: new Float64Array(n) };
          k.accumulatePoints(m.points.slice(k0, k0 + n), part);
          out.lossSum.set(part.lossSum, k0);
          out.correct.set(part.correct, k0);
        }
        return { id: m.id, pointLoss: out.lossSum, pointCorrect: out.correct };
      }
      case 'peak':
        return { id: m.id, peak: k.measurePeak(m.seconds) };
    }
  }

  return (m) => {
    handle(m).then(
      (r) => post(r, [r.gradient, r.hv, r.pointLoss, r.pointCorrect].filter((a): a is Float64Array => !!a).map((a) => a.buffer as ArrayBuffer)),
      (e: unknown) => post({ id: m.id, error: e instanceof Error ? e.message : String(e) }, []),
    );
  };
}
