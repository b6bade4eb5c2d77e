import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    // Integration tests train and run real models on two cores.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One file at a time: model tests are CPU-bound and would only slow each other down.
    fileParallelism: false,
  },
});
