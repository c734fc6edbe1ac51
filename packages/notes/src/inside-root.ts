/** Where a file referenced by a post lives: inside the posts folder (after following links), outside, or nowhere. */
import { stat } from 'node:fs/promises';
import { locateInside as locate } from '@nnll/landscape/node';

/** `root` must already be a real path (no symbolic links); folders count as missing. */
export async function locateInside(root: string, file: string): Promise<'inside' | 'outside' | 'missing'> {
  const where = await locate(root, file);
  if (where !== 'inside') return where;
  return (await stat(file)).isFile() ? 'inside' : 'missing';
}
