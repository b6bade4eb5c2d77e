import { defineConfig } from '@playwright/test';
import { chromiumLaunch } from './tools/harness/chromium.ts';

// Service workers' own requests in the context's 'request' events, so that the privacy tests see
// what the service worker fetches too (Playwright reports them only with this set).
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';

/** E2E against the built app (`vite build` first; `npm run test:e2e` does both). */
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // Two cores: one browser at a time keeps inference timings (and the gate's clock) honest.
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  // Every temporary file of the run (clips, profiles) under one folder, removed at the end.
  globalSetup: './tests/scratch.ts',
  use: {
    baseURL: 'http://127.0.0.1:4173',
    launchOptions: chromiumLaunch([]),
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'npx vite preview --host 127.0.0.1 --port 4173 --strictPort',
    url: 'http://127.0.0.1:4173',
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
