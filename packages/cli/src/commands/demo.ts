/**
 * `nnll demo`: the README's main job. A built-in MLP (PyTorch-default init, seeded) on the
 * built-in mnist digits: a few steps of full-batch gradient descent, then the loss, accuracy,
 * gradient norm and the top Hessian eigenvalues (Lanczos over exact HVPs).
 */
import { createHash } from 'node:crypto';
import { builtinModel, defaultInit, lanczos, provenance, type Provenance } from '@nnll/landscape';
import { loadMnistDigits, nodeBackendWith } from '@nnll/landscape/node';
import { VERSION } from '../version.js';
import { endProgress, progress } from '../output.js';

export interface DemoOptions {
  /** Built-in model spec. Default mlp:784-64-10:relu. */
  model: string;
  /** Full-batch gradient-descent steps before the measurements. Default 30. */
  steps: number;
  /** Gradient-descent learning rate. Default 0.5. */
  lr: number;
  /** Top Hessian eigenvalues. Default 3. */
  topK: number;
  seed: number;
  threads?: number;
  quiet: boolean;
}

export interface DemoResult {
  version: string;
  command: 'demo';
  model: { path: string; spec: string; param_count: number; sha256: string };
  data: { path: string; name: string; sha256: string };
  n: number;
  seed: number;
  backend: string;
  threads: number;
  steps: number;
  lr: number;
  history: { step: number; loss: number; accuracy: number }[];
  loss: number;
  accuracy: number;
  grad_norm: number;
  eigenvalues: number[];
  residuals: number[];
  converged: boolean;
  hvp_count: number;
  seconds: number;
  provenance: Provenance;
}

const sha256 = (...arrays: ArrayBufferView[]): string => {
  const h = createHash('sha256');
  for (const a of arrays) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return h.digest('hex');
};

export async function demo(o: DemoOptions): Promise<DemoResult> {
  const t0 = performance.now();
  const say = progress(o.quiet);
  say('loading the mnist digits…');
  const data = await loadMnistDigits();
  const { program, spec, consts } = builtinModel(o.model);
  const theta = defaultInit(program, o.seed);
  const model = { program, params: theta, consts, source: { kind: 'builtin' as const, spec, sha256: sha256(theta) } };
  const backend = await nodeBackendWith(model, data, { threads: o.threads });
  try {
    const history: DemoResult['history'] = [];
    for (let step = 0; step <= o.steps; step++) {
      const g = await backend.gradient();
      history.push({ step, loss: g.loss, accuracy: g.accuracy ?? 0 });
      say(`gradient descent ${step}/${o.steps}  loss ${g.loss.toFixed(4)}`);
      if (step === o.steps) break;
      for (let i = 0; i < theta.length; i++) theta[i] -= o.lr * g.gradient[i];
      await backend.setParams(theta);
    }
    const g = await backend.gradient();
    let hvps = 0;
    const eig = await lanczos(
      async (v) => {
        hvps++;
        say(`Lanczos: ${hvps} Hessian-vector products`);
        return (await backend.hvp(v)).hv;
      },
      backend.paramCount,
      { k: o.topK, tol: 1e-3, maxIter: 100, seed: o.seed },
    );
    endProgress(o.quiet);
    return {
      version: VERSION,
      command: 'demo',
      model: { path: spec, spec, param_count: backend.paramCount, sha256: sha256(theta) },
      data: { path: data.name, name: data.name, sha256: sha256(data.x, data.labels!) },
      n: data.n,
      seed: o.seed,
      backend: backend.name,
      threads: backend.threads,
      steps: o.steps,
      lr: o.lr,
      history,
      loss: g.loss,
      accuracy: g.accuracy ?? 0,
      grad_norm: Math.hypot(...g.gradient),
      eigenvalues: eig.eigenvalues,
      residuals: eig.residuals,
      converged: eig.converged,
      hvp_count: eig.hvpCount,
      seconds: (performance.now() - t0) / 1000,
      provenance: provenance({
        model: { ...model, params: theta, source: { ...model.source, sha256: sha256(theta) } },
        data: { name: data.name, sha256: sha256(data.x, data.labels!), n: data.n },
        seed: o.seed,
        options: { steps: o.steps, lr: o.lr, top_k: o.topK },
        forwardPasses: o.steps + 2,
        hvps: eig.hvpCount,
      }),
    };
  } finally {
    await backend.close();
  }
}

export function summary(r: DemoResult): string {
  const first = r.history[0];
  return [
    `nnll ${r.version} demo — ${r.model.spec} (${r.model.param_count.toLocaleString('en-US')} parameters) on ${r.n.toLocaleString('en-US')} mnist digits, seed ${r.seed}`,
    `  initial loss ${first.loss.toFixed(4)}, accuracy ${(100 * first.accuracy).toFixed(1)}%`,
    `  after ${r.steps} full-batch gradient-descent steps (lr ${r.lr}):`,
    `  loss            ${r.loss.toFixed(4)}`,
    `  accuracy        ${(100 * r.accuracy).toFixed(1)}%`,
    `  gradient norm   ${r.grad_norm.toExponential(3)}`,
    `  top Hessian eigenvalues ${r.eigenvalues.map((e) => e.toFixed(4)).join(', ')}  (Lanczos, ${r.hvp_count} exact HVPs, ${r.converged ? 'converged' : 'not converged'}; residuals ${r.residuals.map((x) => x.toExponential(1)).join(', ')})`,
    `  ${r.backend}, ${r.threads} thread${r.threads > 1 ? 's' : ''}, ${r.seconds.toFixed(1)} s`,
  ].join('\n');
}
