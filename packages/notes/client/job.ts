/**
 * The in-page recompute's Web Worker: loads a block's model and data (fetched from the development
 * server, or built in), runs the job with the WebAssembly kernel on a pool of nested Web Workers
 * and posts progress and the result JSON back to the page (client/live.ts), which draws it.
 *
 * Working here rather than on the page keeps the page responsive, and keeps the page's policy
 * strict: decoding ONNX with protobufjs generates its decoder with `new Function`, which this
 * worker's own policy (sent with its script by the server) allows and the page's does not.
 */
import { createKernelPool } from '@nnll/core-wasm/browser';
import {
  builtinModel,
  digitsDataset,
  poolBackend,
  datasetFromArrays,
  defaultInit,
  importOnnx,
  importTfjs,
  ModelError,
  parseCsv,
  parseNpz,
  parseSafetensors,
  sha256Hex,
  syntheticData,
  tfjsShardPaths,
  type Backend,
  type Dataset,
  type Model,
  type TfjsModelJson,
} from '@nnll/landscape';
import { isBuiltinData, isBuiltinModel, type LiveJob, lossKind, parseLiveJob } from '../src/live/job.js';
import { type LiveResult, runJob, toJson } from '../src/live/run.js';

/** `<base>`: this bundle is served at `<base>__notes/client/job.js`. */
const siteRoot = new URL('../../', import.meta.url);

class FetchError extends Error {
  override name = 'FetchError';
}

/** URL of a file named by a block, relative to the post's folder; refuses paths leaving the posts folder. */
function fileUrl(dir: string, given: string): URL {
  const parts: string[] = [];
  for (const segment of `${dir === '.' ? '' : `${dir}/`}${given}`.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) throw new FetchError(`${given} is outside the posts folder`);
      parts.pop();
    } else parts.push(segment);
  }
  return new URL(`__notes/files/${parts.map(encodeURIComponent).join('/')}`, siteRoot);
}

async function fetchBytes(url: URL, what: string): Promise<Uint8Array> {
  const response = await fetch(url, { cache: 'no-cache' });
  if (!response.ok) throw new FetchError(`${what}: ${response.status === 404 ? 'not found on the server' : `HTTP ${response.status}`}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function loadModel(dir: string, flag: string, spec: string, seed: number, loss: 'mse' | 'cross-entropy'): Promise<Model> {
  if (isBuiltinModel(spec)) {
    // as loadModel in Node: the spec's program with the loss, PyTorch-default init seeded by --seed
    const built = builtinModel(spec);
    const program = { ...built.program, loss };
    const params = defaultInit(program, seed);
    const consts = (built as Partial<{ consts: Float32Array }>).consts ?? new Float32Array(0);
    return { program, params, consts, source: { kind: 'builtin', spec, sha256: sha256Hex(new Uint8Array(params.buffer)) } };
  }
  const url = fileUrl(dir, spec);
  if (/\.onnx$/i.test(spec)) return importOnnx(await fetchBytes(url, `${flag} ${spec}`), { path: spec, loss });
  if (/\.json$/i.test(spec)) {
    const json = JSON.parse(new TextDecoder().decode(await fetchBytes(url, `${flag} ${spec}`))) as TfjsModelJson;
    if (!json || !Array.isArray(json.weightsManifest)) throw new ModelError(`${spec}: not a TF.js layers model (no weightsManifest)`);
    const shards = await Promise.all(tfjsShardPaths(json).map((p) => fetchBytes(new URL(p, url), `${flag} ${spec}: weight shard ${p}`)));
    return importTfjs(json, shards, { path: spec, loss });
  }
  throw new ModelError(`${flag} ${spec}: in the browser, models are .onnx files, TF.js model.json files or built-in specs`);
}

async function loadMnist(): Promise<Dataset> {
  const parts = await Promise.all(
    Array.from({ length: 10 }, async (_, d) => {
      const bytes = await fetchBytes(new URL(`__notes/data/mnist/${d}.json`, siteRoot), 'mnist digits (needs the server\'s data)');
      return (JSON.parse(new TextDecoder().decode(bytes)) as { data: number[] }).data;
    }),
  );
  return digitsDataset(parts);
}

async function loadData(dir: string, spec: string, seed: number): Promise<Dataset> {
  if (isBuiltinData(spec)) return spec === 'mnist' ? loadMnist() : syntheticData(spec, { seed });
  const bytes = await fetchBytes(fileUrl(dir, spec), `--data ${spec}`);
  const ext = /\.[^./]+$/.exec(spec)?.[0].toLowerCase();
  const sha256 = sha256Hex(bytes);
  if (ext === '.csv') return { ...parseCsv(bytes, spec), sha256 };
  if (ext === '.npz' || ext === '.safetensors') {
    const arrays = ext === '.npz' ? parseNpz(bytes, spec) : parseSafetensors(bytes, spec).tensors;
    if (!arrays.x || !arrays.y) throw new FetchError(`${spec}: expected arrays x and y, found ${Object.keys(arrays).join(', ') || 'none'}`);
    return { ...datasetFromArrays(spec, arrays.x, arrays.y), sha256 };
  }
  throw new FetchError(`--data ${spec}: in the browser, data is a .npz, .safetensors or .csv file, mnist, or a built-in synthetic set`);
}

/** Workers for a job: at most 4, and no more than one per 256 samples. */
function workerCount(n: number): number {
  return Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 4, Math.ceil(n / 256)));
}

let backendInfo = '';

async function livePoolBackend(model: Model, data: Dataset): Promise<Backend> {
  const pool = await createKernelPool(model.program, { threads: workerCount(data.n), consts: model.consts });
  const backend = await poolBackend(pool, model);
  try {
    await backend.setData(data);
  } catch (error) {
    await backend.close();
    throw error;
  }
  backendInfo = `wasm-${pool.flavor}, ${pool.threads} worker${pool.threads === 1 ? '' : 's'}`;
  return backend;
}

/** Computes a block in this page. */
export async function computeInBrowser(words: string[], dir: string, onProgress?: (done: number, total: number, unit: string) => void): Promise<LiveResult> {
  const [command, ...args] = words;
  const job: LiveJob = parseLiveJob(command, args);
  const data = { ...(await loadData(dir, job.data, job.seed)), name: job.data };
  const loss = lossKind(job, data);
  const model = await loadModel(dir, '--model', job.model, job.seed, loss);
  const to = job.command === 'interpolate' ? await loadModel(dir, '--to', job.to, job.seed, loss) : undefined;
  return toJson(await runJob(job, { model, to, data, openBackend: livePoolBackend, onProgress }));
}

export type JobRequest = { words: string[]; dir: string };
export type JobMessage =
  | { type: 'progress'; done: number; total: number; unit: string }
  | { type: 'result'; result: LiveResult; backend: string }
  | { type: 'error'; message: string };

const scope = globalThis as unknown as { postMessage(m: JobMessage): void; onmessage: ((e: MessageEvent<JobRequest>) => void) | null };
scope.onmessage = async (event) => {
  try {
    const result = await computeInBrowser(event.data.words, event.data.dir, (done, total, unit) => scope.postMessage({ type: 'progress', done, total, unit }));
    scope.postMessage({ type: 'result', result, backend: backendInfo });
  } catch (error) {
    scope.postMessage({ type: 'error', message: (error as Error).message || String(error) });
  }
};
