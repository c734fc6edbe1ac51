/**
 * Writes a whole directory atomically: everything goes to a hidden sibling temporary directory, which
 * then replaces the target with renames, so readers (a running server, a browser) never see half a site.
 * An existing target is replaced only when it is empty or carries the marker file of an earlier build.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NotesError, echo } from './notes-error.js';

export const SITE_MARKER = '.nnll-notes-site';

/** Throws a {@link NotesError} when `out` exists and is not something this package may replace. */
export async function checkReplaceable(out: string, flag = 'out'): Promise<void> {
  const info = await stat(out).catch(() => undefined);
  if (!info) return;
  if (!info.isDirectory()) throw new NotesError(`--${flag} ${echo(out)} exists and is not a directory`);
  const entries = await readdir(out);
  if (entries.length > 0 && !entries.includes(SITE_MARKER)) {
    throw new NotesError(`--${flag} ${echo(out)} is a non-empty folder that is not a notes site; refusing to replace it`);
  }
}

export async function makeTempSibling(target: string): Promise<string> {
  const parent = path.dirname(target);
  await mkdir(parent, { recursive: true });
  const temp = path.join(parent, `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(temp);
  return temp;
}

/** Moves `temp` to `target`, replacing it; the old tree is removed after the swap. */
export async function replaceDir(temp: string, target: string): Promise<void> {
  await writeFile(path.join(temp, SITE_MARKER), `${JSON.stringify({ generator: '@nnll/notes' })}\n`);
  const exists = await stat(target).then(() => true, () => false);
  if (!exists) {
    await rename(temp, target);
    return;
  }
  const old = `${temp.replace(/\.tmp-/, '.old-')}`;
  await rename(target, old);
  try {
    await rename(temp, target);
  } catch (error) {
    await rename(old, target).catch(() => undefined);
    throw error;
  }
  await rm(old, { recursive: true, force: true });
}

/** Writes a file atomically (temporary file in the same folder, then rename). */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, data);
  await rename(temp, file);
}
