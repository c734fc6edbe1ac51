/**
 * Jobs run in this browser: a Web Worker that runs a spec through the job layer — the same
 * validator, runner and result schema as the server and the CLI — with the WebAssembly kernel on
 * nested Web Workers (`browserBackends`), reading the built-in models and data sets and the files
 * the user dropped into the page; no server compute. The built-in digits come from the server's
 * `/assets/data/mnist/`.
 *
 * Here rather than on the page because decoding ONNX with protobufjs generates its decoder with
 * `new Function`: this worker's script arrives with a policy that allows it, the page's does not.
 */
import { browserBackends, createJobIO, digitsDataset, runJob, type FileSource, type JobProgress } from '@nnll/landscape';

export type WorkerRequest = { type: 'run'; spec: unknown; files: Record<string, Uint8Array> } | { type: 'cancel' };
export type WorkerReply =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'result'; result: Record<string, unknown>; backend: string }
  | { type: 'error'; message: string };

class BrowserFileError extends Error {
  override name = 'BrowserFileError';
}

function memoryFiles(files: Record<string, Uint8Array>): FileSource {
  const norm = (p: string) => p.replace(/^\.\//, '');
  return {
    async read(path, what) {
      const bytes = files[norm(path)];
      if (!bytes) throw new BrowserFileError(`${what}: not in this browser (drop the file into the page to run here, or run on the server)`);
      return bytes;
    },
    async kind(path) {
      return files[norm(path)] ? 'file' : null;
    },
    async list(path, what) {
      throw new BrowserFileError(`${what}: folders (IDX data) cannot be read in the browser; use a .npz file`);
    },
    async mnist() {
      const parts = await Promise.all(Array.from({ length: 10 }, async (_, d) => {
        const r = await fetch(new URL(`data/mnist/${d}.json`, new URL('./', import.meta.url)));
        if (!r.ok) throw new BrowserFileError(`mnist digits: HTTP ${r.status} from the server`);
        return ((await r.json()) as { data: number[] }).data;
      }));
      return digitsDataset(parts);
    },
  };
}

let backend = '';
const backends = browserBackends({ onStart: (d) => (backend = d) });
let controller: AbortController | undefined;

const scope = globalThis as unknown as { postMessage(m: WorkerReply): void; onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null };
scope.onmessage = async (event) => {
  const m = event.data;
  if (m.type === 'cancel') {
    controller?.abort();
    return;
  }
  controller = new AbortController();
  try {
    const result = await runJob(m.spec, { io: createJobIO(memoryFiles(m.files)), backends, signal: controller.signal, onProgress: (progress) => scope.postMessage({ type: 'progress', progress }) });
    scope.postMessage({ type: 'result', result, backend });
  } catch (e) {
    scope.postMessage({ type: 'error', message: ((e as Error).message || String(e)).split('\n')[0] });
  }
};
