import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Separate processes, two at a time: the end-to-end files start servers,
    // Redis and child processes of their own, and the CI machines have 2 cores.
    pool: 'forks',
    maxWorkers: 2,
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
