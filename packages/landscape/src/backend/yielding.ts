/**
 * A backend that lets the event loop run every 50 ms. An in-process kernel (one thread, the
 * training minibatch backend) answers through already-resolved promises, so without this a long
 * loop never reaches the event loop: no Ctrl-C handler, no progress written to a pipe, no abort.
 */
import type { Backend } from './backend.js';

const tick = (): Promise<void> => new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

export function yielding(b: Backend): Backend {
  let last = performance.now();
  const breathe = async (): Promise<void> => {
    const now = performance.now();
    if (now - last < 50) return;
    await tick();
    last = performance.now();
  };
  const wrap = <A extends unknown[], R>(f: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
    await breathe();
    return f(...a);
  };
  return {
    get paramCount() {
      return b.paramCount;
    },
    get name() {
      return b.name;
    },
    get threads() {
      return b.threads;
    },
    setParams: (t) => b.setParams(t),
    setData: (d) => b.setData(d),
    loss: wrap(() => b.loss()),
    gradient: wrap(() => b.gradient()),
    hvp: wrap((v) => b.hvp(v)),
    points: wrap((d1, d2, p) => b.points(d1, d2, p)),
    close: () => b.close(),
  };
}
