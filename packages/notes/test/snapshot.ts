/**
 * Golden files under test/output/ (the Observable Plot way): a missing golden is written and the test
 * passes, except in CI where it fails; a mismatch writes `<name>-changed.<ext>` next to it and fails.
 * Accept a change by moving the -changed file over the golden one.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const testDir = path.dirname(fileURLToPath(import.meta.url));
export const outputDir = path.join(testDir, 'output');
export const postsDir = path.join(testDir, 'posts');

export function assertGolden(name: string, actual: string): void {
  mkdirSync(outputDir, { recursive: true });
  const file = path.join(outputDir, name);
  const ext = path.extname(name);
  const changed = path.join(outputDir, `${name.slice(0, -ext.length)}-changed${ext}`);
  if (!existsSync(file)) {
    if (process.env.CI) throw new Error(`missing golden file test/output/${name}; run the tests locally and commit it`);
    writeFileSync(file, actual);
    return;
  }
  const expected = readFileSync(file, 'utf8');
  if (expected === actual) {
    rmSync(changed, { force: true });
    return;
  }
  writeFileSync(changed, actual);
  expect.fail(`test/output/${name} differs from the output; see test/output/${path.basename(changed)}`);
}
