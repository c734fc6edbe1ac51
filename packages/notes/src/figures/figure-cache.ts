/**
 * Computed figure results, keyed by the block's content hash: `<cacheDir>/figures/<hash>.json`.
 * A rebuild finds the result there and does not call `computeFigure` again. Entries are written
 * atomically (temporary file, then rename), so an interrupted build never leaves half a file.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-dir.js';

export interface FigureCache {
  get(hash: string): Promise<unknown | undefined>;
  set(hash: string, block: string, result: unknown): Promise<void>;
}

export function createFigureCache(cacheDir: string): FigureCache {
  const dir = path.join(cacheDir, 'figures');
  const file = (hash: string) => path.join(dir, `${hash}.json`);
  return {
    async get(hash) {
      try {
        const entry = JSON.parse(await readFile(file(hash), 'utf8')) as { result?: unknown };
        return entry.result;
      } catch {
        return undefined; // missing or unreadable: compute again
      }
    },
    async set(hash, block, result) {
      await writeFileAtomic(file(hash), `${JSON.stringify({ block, result })}\n`);
    },
  };
}
