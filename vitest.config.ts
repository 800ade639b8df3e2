// Why: unit tests run in real Node processes (forks) so worker_threads + SharedArrayBuffer + Atomics.wait behave natively.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    include: ['engine/**/*.test.ts', 'tools/**/*.test.ts', 'content/**/*.test.ts', 'components/**/*.test.ts', 'app/**/*.test.ts', 'unit/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
  },
});
