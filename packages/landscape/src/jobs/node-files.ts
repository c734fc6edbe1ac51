/**
 * The file system as a job's FileSource (Node only). Paths are resolved against `base` (default:
 * the working directory). With `root`, every path must stay inside that folder after following
 * symbolic links — no `..` escapes, absolute paths elsewhere, NUL bytes, devices or sockets — which
 * is how a server confines jobs to its workspace and the notes to their posts folder. Writes go to a
 * temporary file in the same folder, then are renamed into place.
 */
import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DataError } from '../data/errors.js';
import { loadMnistDigits } from '../data/mnist.js';
import type { FileSource } from './io.js';
import { NnllInputError } from '../errors.js';

export interface NodeFilesOptions {
  /** Relative paths are resolved against it. Default: the working directory. */
  base?: string;
  /** Confine every path to this folder (after following links). Default: no confinement. */
  root?: string;
  /** What the folder is called in messages. Default 'the workspace'. */
  rootName?: string;
}

/** A path outside the folder a job is confined to (a server's workspace, the posts folder). */
export class OutsideRootError extends NnllInputError {
  override name = 'OutsideRootError';
}

function within(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** Where a path lies relative to a real (link-free) root: inside (an existing file or folder), outside, or missing. */
export async function locateInside(root: string, file: string): Promise<'inside' | 'outside' | 'missing'> {
  if (!within(root, file)) return 'outside';
  let real: string;
  try {
    real = await realpath(file);
  } catch {
    // a missing file is judged by its nearest existing folder (a link there may lead out)
    const parent = path.dirname(file);
    if (parent === file) return 'missing';
    const up = await locateInside(root, parent);
    return up === 'outside' ? 'outside' : 'missing';
  }
  return within(root, real) ? 'inside' : 'outside';
}

export function nodeFileSource(options: NodeFilesOptions = {}): FileSource {
  const base = path.resolve(options.base ?? process.cwd());
  const rootName = options.rootName ?? 'the workspace';
  let realRoot: Promise<string> | undefined;
  const rootReal = () => (realRoot ??= realpath(path.resolve(options.root!)));

  /** The absolute path, after checking it may be used. */
  async function resolve(p: string, what: string): Promise<string> {
    if (p.includes('\0')) throw new NnllInputError(`${what}: a path with a NUL byte`);
    const abs = path.resolve(base, p);
    if (options.root !== undefined) {
      const root = await rootReal();
      if ((await locateInside(root, abs)) === 'outside') throw new OutsideRootError(`${what}: outside ${rootName}`);
    }
    return abs;
  }

  const kindOf = async (abs: string): Promise<'file' | 'dir' | 'other' | null> => {
    const s = await stat(abs).catch(() => null);
    return s === null ? null : s.isFile() ? 'file' : s.isDirectory() ? 'dir' : 'other';
  };

  return {
    async read(p, what) {
      const abs = await resolve(p, what);
      const k = await kindOf(abs);
      if (k === 'other') throw new NnllInputError(`${what}: not a regular file`);
      try {
        const b = await readFile(abs);
        return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new DataError(`${what}: cannot read (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder' : code ?? (e as Error).message})`);
      }
    },
    async kind(p, what) {
      const abs = await resolve(p, what);
      const k = await kindOf(abs);
      return k === 'other' ? null : k;
    },
    async list(p, what) {
      return readdir(await resolve(p, what));
    },
    async checkWritable(p, what) {
      const abs = await resolve(p, what);
      const dir = await kindOf(path.dirname(abs));
      if (dir !== 'dir') throw new NnllInputError(`${what}: no such folder`);
      if ((await kindOf(abs)) === 'dir') throw new NnllInputError(`${what}: a folder, expected a file name`);
      const l = await lstat(abs).catch(() => null);
      if (l && !l.isFile() && !l.isSymbolicLink()) throw new NnllInputError(`${what}: not a regular file`);
    },
    async write(p, bytes, what) {
      const abs = await resolve(p, what);
      await writeFileAtomic(abs, bytes);
    },
    async mkdir(p, what) {
      const abs = await resolve(p, what);
      try {
        await mkdir(abs, { recursive: true });
      } catch (e) {
        throw new NnllInputError(`${what}: cannot make the folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
    },
    mnist: loadMnistDigits,
    sha256: (...parts) => {
      const h = createHash('sha256');
      for (const b of parts) h.update(b);
      return h.digest('hex');
    },
  };
}

/** A hidden temporary path in the target's folder (so the rename stays on one file system). */
export function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Writes a whole file or nothing: a temporary file in the same folder, then a rename. */
export async function writeFileAtomic(file: string, bytes: Uint8Array | string): Promise<void> {
  const tmp = tempPathFor(file);
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
