/**
 * A job runner: one worker thread that runs the server's jobs one at a time through the job layer
 * (`runJob`), so that nothing a job does — decoding a model, parsing data, Lanczos bookkeeping,
 * exact eigensolves — runs on the server's event loop. Its kernels run on worker threads of their
 * own (`nodeBackends({ offMainThread: true })`) and are pooled across jobs (`BackendPool`), so
 * repeated jobs on one model and data set skip starting kernels and copying the data in; the
 * thread stays responsive to a cancel message while a job computes. Files are read and written
 * through `nodeJobIO`, confined to the workspace.
 *
 * It also inspects files for the server (a model's info, a data set's shape, the arrays of a
 * .npz), for listings and to check uploads before they are moved into the workspace.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BackendPool, NnllInputError, createJobIO, parseIdx, runJob, type JobIO, type JobProgress } from '@nnll/landscape';
import { nodeBackends, nodeFileSource } from '@nnll/landscape/node';
import type { Inspection, InspectRequest, RunnerData, RunnerReply, RunnerRequest } from './runner-protocol.js';

const { root, threads } = workerData as RunnerData;
const port = parentPort!;
const source = nodeFileSource({ base: root, root, rootName: 'the workspace' });
const files = createJobIO(source);
const pool = new BackendPool(nodeBackends({ threads, offMainThread: true }), { maxIdle: 2 });
const running = new Map<string, AbortController>();

const post = (m: RunnerReply): void => port.postMessage(m);
const oneLine = (e: unknown): string => ((e as Error)?.message ?? String(e)).split('\n')[0].trim();

/** `io` that also reports the sha256 of the model and data a job opens (what a resume must match). */
function watched(io: JobIO, id: string): JobIO {
  const seen: Record<string, string | null> = {};
  const tell = (flag: string, sha: string | null | undefined) => {
    if (!flag || seen[flag] === (sha ?? null)) return;
    seen[flag] = sha ?? null;
    post({ type: 'inputs', id, inputs: { ...seen } });
  };
  return {
    ...io,
    async loadModel(ref, o) {
      const m = await io.loadModel(ref, o);
      tell(o.flag, m.source.sha256);
      return m;
    },
    async loadData(ref, o) {
      const d = await io.loadData(ref, o);
      tell(o.flag, d.sha256);
      return d;
    },
  };
}

async function run(id: string, spec: unknown, resume: Record<string, unknown> | undefined): Promise<void> {
  const ac = new AbortController();
  running.set(id, ac);
  try {
    const result = await runJob(spec, {
      io: watched(files, id),
      backends: pool,
      signal: ac.signal,
      resume,
      onProgress: (p: JobProgress) => post({ type: 'progress', id, progress: p }),
    });
    post({ type: 'done', id, result });
  } catch (e) {
    post({ type: 'failed', id, error: oneLine(e), input: e instanceof NnllInputError });
  } finally {
    running.delete(id);
  }
}

async function inspect(r: InspectRequest): Promise<Inspection> {
  const what = r.path;
  switch (r.as) {
    case 'model': {
      const info = await runJob({ kind: 'info', model: r.path }, { io: files, backends: pool });
      return { as: 'model', info: { format: info.kind, param_count: info.param_count, tensors: info.params.length, inputs: info.inputs, outputs: info.outputs, ops: info.ops, loss: info.loss } };
    }
    case 'data': {
      const d = await files.loadData(r.path, { seed: 0, flag: '' });
      return { as: 'data', info: { n: d.n, shape: d.shape, task: d.labels ? 'classification' : 'regression', classes: d.classes ?? null } };
    }
    case 'arrays': {
      const { arrays } = await files.readArrays(r.path, '');
      return { as: 'arrays', info: { arrays: Object.entries(arrays).map(([name, a]) => ({ name, shape: [...a.shape], dtype: a.dtype })) } };
    }
    case 'idx': {
      const a = parseIdx(await readBytes(r.path, what), what);
      return { as: 'idx', info: { shape: [...a.shape] } };
    }
    case 'tfjs': {
      let json: { modelTopology?: unknown; weightsManifest?: unknown };
      try {
        json = JSON.parse(new TextDecoder().decode(await readBytes(r.path, what)));
      } catch (e) {
        if (e instanceof NnllInputError) throw e;
        throw new NnllInputError(`${what}: not valid JSON (${oneLine(e)})`);
      }
      if (!json || typeof json !== 'object' || !Array.isArray(json.weightsManifest)) throw new NnllInputError(`${what}: not a TF.js layers model (no weightsManifest)`);
      return { as: 'tfjs', info: { shards: (json.weightsManifest as { paths?: string[] }[]).flatMap((g) => g.paths ?? []) } };
    }
  }
}

const readBytes = (path: string, what: string): Promise<Uint8Array> => source.read(path, what);

port.on('message', (m: RunnerRequest) => {
  switch (m.type) {
    case 'run':
      void run(m.id, m.spec, m.resume);
      break;
    case 'cancel':
      running.get(m.id)?.abort();
      break;
    case 'inspect':
      inspect(m).then(
        (inspection) => post({ type: 'inspected', id: m.id, inspection }),
        (e) => post({ type: 'inspected', id: m.id, error: oneLine(e), input: e instanceof NnllInputError }),
      );
      break;
    case 'close':
      for (const ac of running.values()) ac.abort();
      void pool.close().finally(() => port.close());
      break;
  }
});
