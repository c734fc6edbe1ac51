import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // generous: a busy machine is slower, never wrong
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
