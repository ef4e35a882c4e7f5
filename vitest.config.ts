import { defineConfig } from 'vitest/config';

/** Files that measure their own process (memory): each gets a fresh one. */
const OWN_PROCESS = ['tests/security/body-limit.test.ts'];

export default defineConfig({
  test: {
    // Separate processes, two at a time: the end-to-end files start servers,
    // Redis and child processes of their own, and the CI machines have 2 cores.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        // A worker process runs file after file without reloading the
        // modules (import time 91 s -> 13 s): no test may leave global state behind.
        test: { name: 'shared', include: ['tests/**/*.test.ts'], exclude: OWN_PROCESS, isolate: false },
      },
      { extends: true, test: { name: 'own-process', include: OWN_PROCESS, isolate: true } },
    ],
  },
});
