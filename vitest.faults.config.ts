import { defineConfig } from 'vitest/config';

/**
 * The fault-injection suite (tests/faults): the real core in child processes, killed and
 * restarted against real and fake backends. Its own project, run by `npm run test:faults`
 * after the unit tests; every run has a hard timeout, and the whole suite prints its figures.
 */
export default defineConfig({
  test: {
    include: ['tests/faults/**/*.faults.test.ts'],
    environment: 'node',
    globalSetup: ['tests/faults/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});
