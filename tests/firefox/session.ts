/**
 * One Firefox per test against the built app on a plain static host, with every request watched
 * and the camera invariant recorded (tests/cameraInvariant.ts). Waits are on the page's test
 * contract (ARCHITECTURE.md, Page test contract), as CSS selectors.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, vi } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { REPO_ROOT } from '../../tools/common/paths.ts';
import { FIREFOX_MISSING, launchFirefox } from '../../tools/harness/firefox.ts';
import { CHECK_NOW, RECORD_STREAMS, VIOLATIONS } from '../cameraInvariant.ts';
import { refusingProxy, staticHost, type Listening } from './host.ts';
import { rememberedChoice, STORE_CHOICE } from '../deviceChoice.ts';
import { ROOM, type ColourRect } from '../../tools/harness/y4m.ts';

export const DIST = join(REPO_ROOT, 'dist');

/** `[data-testid="ID"]`, with `attr="value"` when given. */
export const el = (id: string, attr?: string, value?: string) =>
  `[data-testid="${id}"]${attr ? `[${attr}="${value}"]` : ''}`;
/** A verdict is shown: `road` or `not-road` with a confidence. */
export const VERDICT = `${el('verdict')}[data-label$="road"][data-confidence]`;

/**
 * The synthetic clip's picture (tools/harness/y4m.ts: a room, drifting a pixel a frame) painted on
 * a canvas, whose `captureStream()` answers getUserMedia: Firefox's own fake camera is a plain
 * colour field that the model reads as road, and Firefox takes no clip file. The stream is
 * Firefox's own: `track.stop()` ends it as it ends a camera's.
 */
const NOT_ROAD_CAMERA = (room: readonly ColourRect[]) => {
  if (!navigator.mediaDevices) return; // Not a secure document (the blank page before a load).
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 240;
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  let frame = 0;
  const draw = () => {
    ctx.fillStyle = `rgb(${room[0]?.[4].join(' ')})`;
    ctx.fillRect(0, 0, 320, 240);
    for (const [left, top, width, height, rgb] of room) {
      ctx.fillStyle = `rgb(${rgb.join(' ')})`;
      ctx.fillRect(left + frame, top, width, height);
    }
    frame = (frame + 1) % 10;
  };
  draw();
  setInterval(draw, 100);
  navigator.mediaDevices.getUserMedia = async () => canvas.captureStream(10);
};

export interface FirefoxSession {
  browser: Browser;
  page: Page;
  host: Listening;
  /** Requests the browser reported for the page and its dedicated workers (WebDriver BiDi). */
  pageRequests: string[];
  /** What reached the refusing proxy: any request for another host, from any part of Firefox. */
  offMachine: string[];
}

/**
 * Firefox on the built app. `camera`: Firefox's fake camera (read as road), or the not-road
 * canvas stream above.
 */
export async function openFirefox(camera: 'fake' | 'not-road' = 'fake'): Promise<FirefoxSession> {
  const host = await staticHost(DIST);
  const proxy = await refusingProxy();
  const browser = await launchFirefox(proxy.prefs).catch(async (err: unknown) => {
    await Promise.all([host.close(), proxy.close()]);
    throw err;
  });
  browser.once('disconnected', () => void proxy.close());
  const page = await browser.newPage();
  const pageRequests: string[] = [];
  page.on('request', (r) => void pageRequests.push(r.url()));
  if (camera === 'not-road') await page.evaluateOnNewDocument(NOT_ROAD_CAMERA, ROOM);
  await page.evaluateOnNewDocument(RECORD_STREAMS);
  // A returning device: its model already chosen (no first-run timing mid-test).
  const choice = rememberedChoice();
  if (choice) await page.evaluateOnNewDocument(STORE_CHOICE, choice);
  return { browser, page, host, pageRequests, offMachine: proxy.log };
}

/** Ends a test: the camera invariant checked, then Firefox and the host closed whatever happened. */
export async function closeFirefox(s: FirefoxSession | null): Promise<void> {
  if (!s) return;
  try {
    if (!s.page.isClosed()) {
      const page = s.page;
      // Polled for a moment, so that a check landing mid-transition settles.
      await vi.waitFor(
        async () =>
          expect(
            await page.evaluate(CHECK_NOW),
            'no live camera track while the app says off',
          ).toBe('ok'),
        { timeout: 3_000 },
      );
      expect(await s.page.evaluate(VIOLATIONS)).toEqual([]);
    }
  } finally {
    await s.browser.close();
    await s.host.close();
  }
}

/**
 * A suite of Firefox tests, one browser per test: `open` gives it on the app's `/?dev`, ready;
 * it is closed after each test whatever happened. Skipped, saying how to install Firefox, where
 * it is absent.
 */
export function describeFirefox(
  name: string,
  body: (open: (camera?: 'fake' | 'not-road') => Promise<FirefoxSession>) => void,
): void {
  const skipped = FIREFOX_MISSING ? ` [skipped: ${FIREFOX_MISSING}]` : '';
  describe.skipIf(FIREFOX_MISSING !== null)(`${name}${skipped}`, () => {
    let session: FirefoxSession | null = null;
    afterEach(async () => {
      const ended = session;
      session = null;
      await closeFirefox(ended);
    });
    body(async (camera) => {
      session = await openFirefox(camera);
      await ready(session.page, `${session.host.origin}/?dev`);
      return session;
    });
  });
}

/**
 * `path` loaded and the app ready (a first visit downloads the model: up to a minute). A page that
 * never gets there fails with what it shows instead: its state, error, notice and engine line.
 *
 * Polled with one evaluation at a time rather than `waitForSelector`: each evaluation goes to the
 * page's current document, whereas a wait started in the document before (a navigation racing
 * puppeteer's realm events over WebDriver BiDi) could go on watching a document that is gone.
 */
export async function ready(page: Page, url: string): Promise<void> {
  await page.goto(url);
  const deadline = Date.now() + 60_000;
  let last = 'nothing read yet';
  while (Date.now() < deadline) {
    const state = await answer(page, APP_STATE);
    if (state === 'ready') return;
    last = `state ${state}`;
    await sleep(200);
  }
  const shown = await answer(page, SHOWN);
  throw new Error(`${url} not ready within 60 s (last ${last}); the page shows ${shown}`);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** What `fn` returns in the page, or why nothing came back (within 5 s). */
const answer = (page: Page, fn: () => string | null | undefined) =>
  Promise.race([
    page.evaluate(fn).catch((err: unknown) => `unreadable (${String(err)})`),
    sleep(5_000).then(() => 'no answer within 5 s'),
  ]);
const APP_STATE = () => document.querySelector('[data-testid="app"]')?.getAttribute('data-state');

/** What the page shows, for a failure message: the app's state and its visible lines. */
const SHOWN = (): string => {
  const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent;
  return JSON.stringify({
    state: document.querySelector('[data-testid="app"]')?.getAttribute('data-state') ?? null,
    error: text('error') ?? null,
    notice: text('notice') ?? null,
    engine: document.querySelector('[data-testid="backend"]')?.parentElement?.textContent ?? null,
    controlled: navigator.serviceWorker?.controller !== null,
    isolated: self.crossOriginIsolated,
    body: document.body?.innerText.slice(0, 300) ?? null,
  });
};

/** Start pressed on a ready app: the camera runs and a verdict is shown. */
export async function startCamera(page: Page): Promise<void> {
  await page.click(el('start-camera'));
  await page.waitForSelector(VERDICT, { timeout: 30_000 });
}

/** The developer panel's figures: engine, its line (build, threads, fallbacks), frames. */
export async function engineOf(page: Page) {
  return page.evaluate(() => {
    const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent;
    const backend = document.querySelector('[data-testid="backend"]');
    return {
      backend: text('backend') ?? '',
      line: backend?.parentElement?.textContent ?? '',
      fallbacks: Array.from(document.querySelectorAll('.fallback'), (f) => f.textContent ?? ''),
      frames: Number(text('frames')),
    };
  });
}

/** The worker moves to the integer engine (a first visit) and classifies frames on it. */
export async function movesToInt8(page: Page): Promise<void> {
  // Puppeteer's text selector, on the developer panel's `backend`.
  await page.waitForSelector(`${el('backend')}::-p-text(int8)`, { timeout: 40_000 });
  await classifying(page, 5);
}

/** Classification goes on: the frame counter passes `before + n`. */
export async function classifying(page: Page, n = 3): Promise<void> {
  const before = (await engineOf(page)).frames;
  await page.waitForFunction(
    (min) => Number(document.querySelector('[data-testid="frames"]')?.textContent) > min,
    { timeout: 30_000 },
    before + n,
  );
}
