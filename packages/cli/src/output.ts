/** Result output: JSON to stdout and/or a file written atomically (temp file, then rename). */
import { rename, writeFile, unlink } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';

export async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
}

/** Progress lines on stderr, only on a terminal and without --quiet. */
export function progress(quiet: boolean): (line: string) => void {
  const on = !quiet && process.stderr.isTTY;
  return (line) => {
    if (on) process.stderr.write(`\r\x1b[2K${line}`);
  };
}

export function endProgress(quiet: boolean): void {
  if (!quiet && process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
}
