/**
 * The app's speed per browser (`npm run bench -- --app`): the engine each browser settles on for
 * the default variant and its median ms per frame, Chromium's from the app-timing run on the clip,
 * Firefox's from a run on its own fake camera (a colour field the model reads as road, so the
 * camera stays on) against the same server, in the same session.
 */
import type { Page as PlaywrightPage } from '@playwright/test';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { FIREFOX_MISSING, firefoxName, launchFirefox } from '../../harness/firefox.ts';
import { APP_READY, VERDICT_SHOWN } from './events.ts';

/** One browser's row. */
export interface BrowserRow {
  /** e.g. `Chromium 156.0.7434.0`, `Firefox 153.8.0`. */
  browser: string;
  /** The developer panel's engine line, e.g. `int8 (LiteRT.js threaded, threads on)`. */
  engine: string;
  /** Median ms per classified frame over the last 30 (the panel's `latency-ms`); NaN if none. */
  msPerFrame: number;
  /** Frames classified per second (the panel's `fps`). */
  fps: number;
}

/** How long Firefox may take to move to the integer engine on a first visit (ms). */
const MOVE_TIMEOUT_MS = 60_000;
/** How long Firefox runs on the settled engine before it is read (s): the median's 30 frames. */
const SETTLED_SECONDS = 10;

/**
 * Reads the developer panel's engine line, latency and fps (a function run in the page, so with
 * no inner function: tsx would wrap one in a helper the page does not have).
 */
const READ_PANEL = () => ({
  engine:
    document.querySelector('[data-testid="backend"]')?.parentElement?.textContent?.trim() ?? '',
  msPerFrame: Number(
    document.querySelector('[data-testid="latency-ms"]')?.getAttribute('data-value') || NaN,
  ),
  fps: Number(document.querySelector('[data-testid="fps"]')?.textContent),
});

/** The row of a page that has run the app a while (Playwright's page, in Chromium). */
export async function panelRow(page: PlaywrightPage, browser: string): Promise<BrowserRow> {
  return { browser, ...(await page.evaluate(READ_PANEL)) };
}

/**
 * Firefox's row on the app served at `origin`: a first visit, the camera started, the move to
 * the integer engine awaited (where it happens), then `SETTLED_SECONDS` of frames. Null, with the
 * reason in `skipped`, where Firefox is not installed.
 */
export async function firefoxRow(origin: string, skipped: string[]): Promise<BrowserRow | null> {
  if (FIREFOX_MISSING) {
    skipped.push(`the Firefox row: ${FIREFOX_MISSING}`);
    return null;
  }
  const browser = await launchFirefox();
  try {
    const page: PuppeteerPage = await browser.newPage();
    await page.goto(`${origin}/?dev`);
    await page.waitForSelector(APP_READY, { timeout: 120_000 });
    await page.click('[data-testid="start-camera"]');
    await page.waitForSelector(VERDICT_SHOWN, { timeout: 60_000 });
    const moved = await page
      .waitForSelector('[data-testid="backend"]::-p-text(int8)', { timeout: MOVE_TIMEOUT_MS })
      .then(
        () => true,
        () => false,
      );
    if (!moved) skipped.push(`Firefox did not move to int8 within ${MOVE_TIMEOUT_MS / 1000} s`);
    // A wait on purpose: frames on the settled engine fill the panel's median.
    await new Promise((r) => setTimeout(r, SETTLED_SECONDS * 1000));
    return { browser: await firefoxName(browser), ...(await page.evaluate(READ_PANEL)) };
  } finally {
    await browser.close();
  }
}

/** The rows as a small markdown table. */
export function browserTable(rows: readonly BrowserRow[]): string[] {
  return [
    '| browser | engine | ms per frame (median of 30) | frames/s |',
    '| --- | --- | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.browser} | ${r.engine} | ${Number.isFinite(r.msPerFrame) ? r.msPerFrame.toFixed(1) : '–'} | ${r.fps.toFixed(1)} |`,
    ),
  ];
}
