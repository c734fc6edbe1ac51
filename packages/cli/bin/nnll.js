#!/usr/bin/env node
// `pnpm nnll ARGS` runs this from the workspace root: paths are relative to where ARGS were typed.
if (process.env.npm_lifecycle_event === 'nnll' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
const { main } = await import('../dist/index.js');

process.exitCode = await main(process.argv.slice(2));
