/**
 * Golden files under test/output/ (Observable Plot's test/plot-snapshot.js way). A mismatch writes
 * `<name>-changed.<ext>` beside the golden file and fails; accept it by moving the -changed file over
 * the golden one, or rerun with NNLL_UPDATE_SNAPSHOTS=1. A missing golden file is written, except
 * under CI, where it fails.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const outputDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'output');

export function assertGolden(name: string, actual: string): void {
  mkdirSync(outputDir, { recursive: true });
  const file = path.join(outputDir, name);
  const ext = path.extname(name);
  const changed = path.join(outputDir, `${name.slice(0, -ext.length)}-changed${ext}`);
  if (process.env.NNLL_UPDATE_SNAPSHOTS === '1' || (!existsSync(file) && !process.env.CI)) {
    writeFileSync(file, actual);
    rmSync(changed, { force: true });
    return;
  }
  if (!existsSync(file)) expect.fail(`missing golden file test/output/${name}; run the tests locally and commit it`);
  if (readFileSync(file, 'utf8') === actual) {
    rmSync(changed, { force: true });
    return;
  }
  writeFileSync(changed, actual);
  expect.fail(`test/output/${name} differs from the output; see test/output/${path.basename(changed)} (NNLL_UPDATE_SNAPSHOTS=1 accepts it)`);
}
