import { defineConfig } from 'vitest/config';

// generous: a busy machine is slower, never wrong
export default defineConfig({ test: { pool: 'forks', testTimeout: 600_000, hookTimeout: 600_000, teardownTimeout: 600_000 } });
