/**
 * The files of a study as its jobs see them: data sets loaded once and shared by every run (per
 * reference and split), trained models kept in memory under `study:…` names when the study has no
 * folder, and the study folder's saved parts — each a job's validated spec with its result, so a
 * re-run of the same command finds the parts whose spec is unchanged and skips them.
 */
import type { Dataset } from '../data/dataset.js';
import { importOnnx } from '../models/onnx-import.js';
import type { JobIO } from '../jobs/io.js';

/** In-memory outputs of a study without a folder: `study:` paths. */
export const MEMORY = 'study:';

export function studyIO(io: JobIO): JobIO {
  const data = new Map<string, Promise<Dataset>>();
  const memory = new Map<string, Uint8Array>();
  const inMemory = (p: string) => p.startsWith(MEMORY);
  return {
    async loadModel(ref, o) {
      const bytes = memory.get(ref);
      return bytes ? importOnnx(bytes, { path: ref, loss: o.loss }) : io.loadModel(ref, o);
    },
    loadData(ref, o) {
      const key = `${o.split ?? 'train'}|${o.task ?? ''}|${ref}`;
      let d = data.get(key);
      if (!d) {
        d = io.loadData(ref, o);
        data.set(key, d);
        d.catch(() => data.delete(key));
      }
      return d;
    },
    readArrays: (p, flag) => io.readArrays(p, flag),
    async write(p, bytes, flag) {
      if (inMemory(p)) memory.set(p, bytes);
      else await io.write(p, bytes, flag);
    },
    async checkWritable(p, flag) {
      if (!inMemory(p)) await io.checkWritable(p, flag);
    },
    makeFolder: (p, flag) => io.makeFolder(p, flag),
    async readFile(p, flag) {
      return memory.get(p) ?? (inMemory(p) ? null : io.readFile(p, flag));
    },
    sha256: (...parts) => io.sha256(...parts),
  };
}

/** A saved part of a study: the job's spec (as validated, without output paths) and its result. */
export interface StudyPart {
  schema: 'nnll/study-part@1';
  spec: unknown;
  result: Record<string, unknown>;
}

/** JSON with keys sorted (specs compare equal whatever order built them). */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x));
}

/** The saved part at `path` if its spec is `spec`; null when absent, unreadable or of another spec. */
export async function readPart(io: JobIO, path: string, spec: unknown): Promise<Record<string, unknown> | null> {
  const bytes = await io.readFile(path, '--out');
  if (!bytes) return null;
  try {
    const part = JSON.parse(new TextDecoder().decode(bytes)) as StudyPart;
    return part.schema === 'nnll/study-part@1' && canonical(part.spec) === canonical(spec) && part.result ? part.result : null;
  } catch {
    return null;
  }
}

export async function writePart(io: JobIO, path: string, spec: unknown, result: Record<string, unknown>): Promise<void> {
  const part: StudyPart = { schema: 'nnll/study-part@1', spec, result };
  await io.write(path, new TextEncoder().encode(JSON.stringify(part) + '\n'), '--out');
}
