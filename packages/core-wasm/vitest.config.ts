import { defineConfig } from 'vitest/config';

// Node 20 validates the relaxed-SIMD build only behind a V8 flag; later versions ship it.
const major = Number(process.versions.node.split('.')[0]);

export default defineConfig({
  test: {
    pool: 'forks',
    execArgv: major < 22 ? ['--experimental-wasm-relaxed-simd'] : [],
    testTimeout: 600_000,
  },
});
