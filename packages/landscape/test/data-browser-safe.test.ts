import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The data modules meant for index.ts (browser-safe) must not reach node:* through any import.
const src = fileURLToPath(new URL('../src/data/', import.meta.url));
const nodeOnly = new Set(['load-node.ts', 'mnist.ts']);

function imports(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  return specs.flatMap((s) => (s.startsWith('.') ? imports(resolve(dirname(file), s.replace(/\.js$/, '.ts')), seen) : [s]));
}

describe('browser-safe data modules', () => {
  const files = readdirSync(src).filter((f) => f.endsWith('.ts') && !nodeOnly.has(f));
  it.each(files)('%s imports nothing from node:*', (f) => {
    expect(imports(join(src, f)).filter((s) => s.startsWith('node:'))).toEqual([]);
  });
  it('the Node-only loader is the one that reads files', () => {
    expect(imports(join(src, 'load-node.ts'))).toContain('node:fs/promises');
  });
});
