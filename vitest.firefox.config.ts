import { defineConfig } from 'vitest/config';

/**
 * The Firefox suite (`npm run test:firefox`): the built app in headless Firefox ESR, one browser
 * at a time (two cores: parallel browsers would slow the gate's clock and each other).
 */
export default defineConfig({
  test: {
    include: ['tests/firefox/**/*.test.ts'],
    environment: 'node',
    // Every temporary file of the run under one folder, removed at the end (tests/scratch.ts).
    globalSetup: ['tests/scratch.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
