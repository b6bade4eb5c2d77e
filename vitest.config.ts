import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    // Every temporary file of the run under one folder, removed at the end (tests/scratch.ts).
    globalSetup: ['tests/scratch.ts'],
    // Integration tests train and run real models on two cores.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One file at a time: model tests are CPU-bound and would only slow each other down.
    fileParallelism: false,
  },
});
