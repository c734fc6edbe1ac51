// Bundles the explorer page (client/main.ts → explorer.js), its in-browser job worker
// (client/job-worker.ts → job-worker.js) and the kernel pool's Web Worker (worker.js, which the
// pool starts from `./worker.js` beside the job worker) into dist/client/ with esbuild, and copies
// the page and its styles there. Run by `pnpm build` after tsc. Nothing is fetched at run time
// from anywhere but the server: the page works offline.
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const out = path.join(here, '..', 'dist', 'client');

await mkdir(out, { recursive: true });
await build({
  entryPoints: {
    explorer: path.join(here, 'main.ts'),
    'job-worker': path.join(here, 'job-worker.ts'),
    worker: require.resolve('@nnll/landscape/browser-worker'),
  },
  outdir: out,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
for (const f of ['index.html', 'explorer.css']) await copyFile(path.join(here, f), path.join(out, f));
