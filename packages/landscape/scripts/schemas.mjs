// Writes the JSON Schema of every job kind's spec and result into schemas/ (shipped with the
// package), one file each: schemas/<kind>.spec.schema.json, schemas/<kind>.result.schema.json.
// Run by `pnpm build` after tsc; generated from the Zod schemas the library validates with.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { KINDS, VERSION } from '../dist/index.js';

const dir = new URL('../schemas/', import.meta.url);
mkdirSync(dir, { recursive: true });
const wanted = new Set();
const write = (name, schema) => {
  wanted.add(name);
  const text = JSON.stringify(schema, null, 2) + '\n';
  let old = '';
  try {
    old = readFileSync(new URL(name, dir), 'utf8');
  } catch {}
  if (old !== text) writeFileSync(new URL(name, dir), text);
};
const base = `https://unpkg.com/@nnll/landscape@${VERSION}/schemas/`;
for (const k of KINDS) {
  write(`${k.kind}.spec.schema.json`, {
    ...z.toJSONSchema(k.specSchema, { io: 'input', unrepresentable: 'any' }),
    $id: `${base}${k.kind}.spec.schema.json`,
    title: `nnll ${k.kind} job spec`,
    description: `${k.summary} (@nnll/landscape ${VERSION})`,
  });
  write(`${k.kind}.result.schema.json`, {
    ...z.toJSONSchema(k.resultSchema, { io: 'output', unrepresentable: 'any' }),
    $id: `${base}${k.kind}.result.schema.json`,
    title: `nnll ${k.kind} result (${k.schemaId})`,
    description: `What \`nnll ${k.command} --json\` prints and runJob returns (@nnll/landscape ${VERSION})`,
  });
}
for (const f of readdirSync(dir)) if (!wanted.has(f)) rmSync(new URL(f, dir));
