/**
 * Nothing leaves the phone on any host: the built app served by the plainest static server
 * (Python's http.server: no CSP, no isolation headers), first visit and after the install, teach
 * mode included.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { endProfile, launchProfile } from './launch.ts';
import { plainHost } from './plainHost.ts';
import { teachFromPhotos } from './teachScenes.ts';

/** A port of its own, beside `vite preview`'s 4173. */
const PLAIN_PORT = 4180;
const PLAIN_ORIGIN = `http://127.0.0.1:${PLAIN_PORT}`;
/**
 * How long the app runs under watch on its first visit, teach mode included. It was 65 s while
 * the integer engine was MediaPipe Tasks, which POSTs usage logs about every 60 s (with the
 * worker's wall removed this test saw that POST). MediaPipe is no longer in the app (`dist/`
 * holds none of it), and the runtimes it ships (LiteRT.js, TF.js) hold no logging endpoint in
 * their sources; the walls are tested directly above and below.
 */
const WATCH_MS = 20_000;

plainHost(PLAIN_PORT, () => 'dist');

let context: BrowserContext | null = null;
test.afterEach(async () => {
  const ended = context;
  context = null;
  await endProfile(ended);
});

/** Every request the page, its workers and its service worker make that leaves the origin. */
function foreignRequests(ctx: BrowserContext): string[] {
  const seen: string[] = [];
  const note = (url: string) => {
    if (!url.startsWith(`${PLAIN_ORIGIN}/`) && !/^(data|blob):/.test(url)) seen.push(url);
  };
  ctx.on('request', (r) => note(r.url()));
  return seen;
}

const inferenceWorker = (page: Page) =>
  page.workers().find((w) => /\/assets\/worker-[^/]+\.js$/.test(w.url()));

test('a header-less host: nothing leaves the origin on a first visit or after the install, and the worker refuses to send', async () => {
  test.setTimeout(WATCH_MS + 90_000);
  const profile = await launchProfile(PLAIN_ORIGIN);
  context = profile.context;
  const { page } = profile;
  const foreign = foreignRequests(context);
  const response = await page.goto('/?dev');
  expect(response?.headers()['content-security-policy']).toBeUndefined();
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByTestId('start-camera').click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-label', /^(road|not-road)$/, {
    timeout: 30_000,
  });
  // The worker's own wall, on a first visit where no CSP reaches it.
  const worker = inferenceWorker(page);
  expect(worker, 'the inference worker').toBeDefined();
  const attempt = await worker?.evaluate(() =>
    fetch('https://example.com/collect', { method: 'POST', body: 'x' }).then(
      () => 'sent',
      (e: Error) => e.message,
    ),
  );
  expect(attempt).toMatch(/refused a request to https:\/\/example\.com/);
  const watched = Date.now();
  // Teach mode too: a teach worker, picked photos, a training, the personal model in use.
  await page.getByTestId('teach-open').click();
  await expect(page.getByTestId('teach')).toHaveAttribute('data-phase', 'ready', {
    timeout: 60_000,
  });
  await teachFromPhotos(page, 5);
  // A sleep on purpose: for the rest of the watch, nothing may leave the origin.
  await page.waitForTimeout(Math.max(0, WATCH_MS - (Date.now() - watched)));
  expect(foreign).toEqual([]);

  // After the install, the service worker puts the CSP on the worker script it serves.
  await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'ready', {
    timeout: 60_000,
  });
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const workerUrl = inferenceWorker(page)?.url() as string;
  const csp = await page.evaluate(
    (url) => fetch(url).then((r) => r.headers.get('content-security-policy')),
    workerUrl,
  );
  expect(csp).toContain("connect-src 'self'");
  await page.getByTestId('start-camera').click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-label', /^(road|not-road)$/, {
    timeout: 30_000,
  });
  // A sleep on purpose: 10 s of running after the install, in which nothing may leave the origin.
  await page.waitForTimeout(10_000);
  expect(foreign).toEqual([]);
});
