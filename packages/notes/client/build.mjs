// Bundles the in-page recompute client (client/live.ts), its job worker (client/job.ts) and the
// kernel pool's Web Worker into dist/client/ with esbuild. Run by `pnpm build` after tsc.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

await build({
  entryPoints: {
    live: path.join(here, 'live.ts'),
    job: path.join(here, 'job.ts'),
    // the pool spawns `new URL('./worker.js', import.meta.url)`: built beside live.js
    worker: require.resolve('@nnll/landscape/browser-worker'),
  },
  outdir: path.join(here, '..', 'dist', 'client'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  legalComments: 'none',
  // the chart code's linkedom document becomes the page's own
  alias: { linkedom: path.join(here, 'linkedom-shim.ts') },
  logLevel: 'warning',
});
