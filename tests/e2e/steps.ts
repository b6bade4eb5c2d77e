/**
 * Steps the e2e specs share: one browser per test, the app ready, running and classifying, the
 * page hidden or shown. Every wait is on the page's test contract (ARCHITECTURE.md, Page test
 * contract): a `data-state`, or the frame counter of the developer panel.
 */
import { expect, test, type Page } from '@playwright/test';
import { endSession, launch, syntheticClip, type Session } from './launch.ts';

/**
 * One browser per test of the file that calls this (at its top level), ended after each test:
 * the camera invariant checked, the browser closed whatever happened.
 */
export function browserPerTest() {
  let session: Session | null = null;
  test.afterEach(async () => {
    const ended = session;
    session = null;
    await endSession(ended);
  });
  /** A browser whose fake camera plays `clip`; its page, before any navigation. */
  const start = async (clip = syntheticClip(), opts?: Parameters<typeof launch>[1]) => {
    session = await launch(clip, opts);
    return session.page;
  };
  /** A browser on `query` (the developer panel by default). */
  const open = async (query = '/?dev', clip = syntheticClip()) => {
    const page = await start(clip);
    await page.goto(query);
    return page;
  };
  return { start, open };
}

export async function ready(page: Page) {
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
}

/** Ready, then Start pressed: the camera runs. */
export async function running(page: Page) {
  await ready(page);
  await page.getByTestId('start-camera').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'running');
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'on');
}

/** Frames classified since load (the developer panel's counter). */
export const frames = async (page: Page) => Number(await page.getByTestId('frames').textContent());

/** Classification goes on: the frame count grows by more than `n`. */
export async function classifying(page: Page, n = 3, timeout = 30_000) {
  const before = await frames(page);
  await expect.poll(() => frames(page), { timeout }).toBeGreaterThan(before + n);
}

/** getUserMedia answers only after `ms` (a permission prompt, a slow camera). */
export const delayCamera = (page: Page, ms: number) =>
  page.addInitScript((delay) => {
    const slow = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (c) => {
      // The fault itself (a camera slow to answer), not a wait of the test.
      await new Promise((r) => setTimeout(r, delay));
      return slow(c);
    };
  }, ms);

/** The page hidden (another tab, the screen off) or shown again. */
export const setHidden = (page: Page, hidden: boolean) =>
  page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', {
      value: h ? 'hidden' : 'visible',
      configurable: true,
    });
    Object.defineProperty(document, 'hidden', { value: h, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);

/** Streams the page has opened so far. */
export const streamsOpened = (page: Page) =>
  page.evaluate(() => (window as unknown as { __streams: MediaStream[] }).__streams.length);
