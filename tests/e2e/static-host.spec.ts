/**
 * README's third phone path, "any static HTTPS host", as GitHub Pages serves a project site: the
 * app built for a sub-path (`--base /roadgate/`) behind a server that sends no headers at all
 * (Python's http.server). The service worker must take over, supply cross-origin isolation, and
 * make the next launch work offline; Chromium must find nothing that blocks the install.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type BrowserContext } from '@playwright/test';
import { endProfile, firstVisit, launchProfile } from './launch.ts';
import { plainHost } from './plainHost.ts';

const PORT = 4181;
const BASE = '/roadgate/';

let site: string;
let context: BrowserContext | null = null;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  site = mkdtempSync(join(tmpdir(), 'roadgate-site-'));
  execFileSync(
    'npx',
    ['vite', 'build', '--base', BASE, '--outDir', join(site, 'roadgate'), '--emptyOutDir'],
    {
      stdio: 'ignore',
    },
  );
});
// Declared after the build above: hooks run in order, so the site exists when it is served.
const ORIGIN = plainHost(PORT, () => site, BASE);
test.afterEach(async () => {
  const ended = context;
  context = null;
  await endProfile(ended);
});

test('a sub-path on a header-less host: the service worker takes over and isolates, the next launch works offline, nothing blocks the install', async () => {
  test.setTimeout(180_000);
  const profile = await launchProfile(ORIGIN);
  context = profile.context;
  const { page } = profile;

  const first = await page.goto(`${BASE}?dev`);
  expect(first?.headers()['cross-origin-opener-policy']).toBeUndefined();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  await firstVisit(page, `${BASE}?dev`);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(
    `${ORIGIN}${BASE}sw.js`,
  );

  const cdp = await context.newCDPSession(page);
  await expect
    .poll(
      async () =>
        ((await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] })
          .installabilityErrors,
      { timeout: 30_000 },
    )
    .toEqual([]);

  // The worker moves to the integer engine once idle, caching its runtime for later launches.
  await expect(page.getByTestId('backend')).toHaveText(/^int8/, { timeout: 60_000 });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByTestId('start-camera').click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-label', /^(road|not-road)$/, {
    timeout: 30_000,
  });
  await expect(page.getByTestId('backend')).toHaveText(/^int8/);
});
