/** Where a file referenced by a post lives: inside the posts folder (after following links), outside, or nowhere. */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

function within(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/** `root` must already be a real path (no symbolic links). */
export async function locateInside(root: string, file: string): Promise<'inside' | 'outside' | 'missing'> {
  if (!within(root, file)) return 'outside';
  let real: string;
  try {
    real = await realpath(file);
  } catch {
    return 'missing';
  }
  if (!within(root, real)) return 'outside';
  return (await stat(real)).isFile() ? 'inside' : 'missing';
}
