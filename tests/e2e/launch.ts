/** One Chromium per test, with its own fake camera clip (Chromium takes the clip at launch). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { chromiumLaunch, fakeCamera } from '../../tools/harness/chromium.ts';
import { syntheticClip } from '../../tools/harness/y4m.ts';
import { CHECK_NOW, LIVE_TRACKS, RECORD_STREAMS, VIOLATIONS } from '../cameraInvariant.ts';
import { rememberedChoice, STORE_CHOICE } from '../deviceChoice.ts';
export { syntheticClip };

export const BASE_URL = 'http://127.0.0.1:4173';
export const SHARED_VIDEOS = join(process.cwd(), '..', 'shared', 'datasets', 'videos');

export interface Session {
  browser: Browser;
  page: Page;
}

/**
 * A browser with a fake camera playing `clip`. `camera`: `fake-granted` (Chromium's fake
 * permission prompt, always yes), `denied` (every prompt refused), or `context-granted` (the
 * permission granted by the context, so a test can withdraw it with `clearPermissions()`).
 */
export async function launch(
  clip: string,
  opts: {
    extraArgs?: string[];
    camera?: 'fake-granted' | 'denied' | 'context-granted';
    /** `fresh`: no model chosen for this device yet (a first run times them). */
    device?: 'returning' | 'fresh';
  } = {},
): Promise<Session> {
  const device = [
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${clip}`,
  ];
  const args =
    opts.camera === 'denied'
      ? [...device, '--deny-permission-prompts']
      : opts.camera === 'context-granted'
        ? device
        : fakeCamera(clip);
  const browser = await chromium.launch(chromiumLaunch([...args, ...(opts.extraArgs ?? [])]));
  const context = await browser.newContext({
    baseURL: BASE_URL,
    permissions: opts.camera === 'context-granted' ? ['camera'] : [],
  });
  await recordStreams(context);
  if (opts.device !== 'fresh') await asReturningDevice(context);
  return { browser, page: await context.newPage() };
}

/** Makes every page of `context` record the streams it opens (for `liveTracks`, `expectInvariant`). */
export async function recordStreams(context: BrowserContext): Promise<void> {
  await context.addInitScript(RECORD_STREAMS);
}

/** Makes `context` a returning device, its model already chosen (tests/deviceChoice.ts). */
export async function asReturningDevice(context: BrowserContext): Promise<void> {
  const record = rememberedChoice();
  if (record) await context.addInitScript(STORE_CHOICE, record);
}

/**
 * The camera invariant (ARCHITECTURE.md, Camera invariant), now and all along: no violation was
 * recorded while the test ran (see RECORD_STREAMS), and the state at the end holds (polled for a
 * moment, so a check that lands mid-transition settles; a track left live stays live, and fails
 * it).
 */
export async function expectInvariant(page: Page | undefined): Promise<void> {
  if (!page || page.isClosed()) return;
  await expect
    .poll(() => page.evaluate(CHECK_NOW), {
      timeout: 3_000,
      message: 'no live camera track while the app says off',
    })
    .toBe('ok');
  expect(await page.evaluate(VIOLATIONS)).toEqual([]);
}

/** Live tracks of every stream the page opened. */
export function liveTracks(page: Page): Promise<number> {
  return page.evaluate(LIVE_TRACKS);
}

/** Ends a test: checks the invariant on its page, then closes the browser whatever happened. */
export async function endSession(session: Session | null): Promise<void> {
  if (!session) return;
  try {
    await expectInvariant(session.page);
  } finally {
    await session.browser.close();
  }
}

/**
 * A persistent profile (service workers and installability need one; Playwright's normal
 * contexts are incognito), fake camera granted, streams recorded. Returns its first page.
 */
export async function launchProfile(
  baseURL = BASE_URL,
  clip = syntheticClip(),
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(
    mkdtempSync(join(tmpdir(), 'roadgate-profile-')),
    { ...chromiumLaunch(fakeCamera(clip)), baseURL },
  );
  await recordStreams(context);
  await asReturningDevice(context);
  return { context, page: context.pages()[0] ?? (await context.newPage()) };
}

/** A first visit: wait until the service worker has precached, then reload so it controls the page. */
export async function firstVisit(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await expect(page.getByTestId('sw-prompt')).toHaveAttribute('data-state', 'offline-ready', {
    timeout: 60_000,
  });
  await page.reload();
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
    .toBe(true);
}

/** Ends a test on a profile: checks the invariant on its first page, then closes it whatever happened. */
export async function endProfile(context: BrowserContext | null): Promise<void> {
  try {
    await expectInvariant(context?.pages()[0]);
  } finally {
    await context?.close();
  }
}
