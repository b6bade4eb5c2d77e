/**
 * A first visit on a fresh persistent profile, then cached cold starts on the same profile: what
 * a phone fetches before its first verdict and in its first minute, the engine build it cached,
 * and how fast the installed app starts again (`npm run bench -- --app`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { chromiumLaunch, fakeCamera } from '../../harness/chromium.ts';
import { ENGINE_CACHE } from '../../../src/sw/names.ts';
import {
  APP_READY,
  firstEvent,
  READ_EVENTS,
  RECORD,
  VERDICT_LABEL,
  VERDICT_SHOWN,
} from './events.ts';
import { logFetches, type LoggedFetch } from './network-log.ts';

/** The first visit's network window, from navigation: long enough to see the background install. */
export const FIRST_VISIT_WINDOW_MS = 60_000;
/** How long the install (offline-ready) and the move to the integer engine may take, in ms. */
const INSTALL_TIMEOUT_MS = 180_000;
/** Cached cold starts measured; the report gives their median. */
export const COLD_STARTS = 3;
const READY_TIMEOUT_MS = 120_000;
const VERDICT_TIMEOUT_MS = 60_000;

/** One start of the app: navigation to ready, the click to the first verdict, and the sum. */
export interface StartTimes {
  engine: string;
  navigationToReadyMs: number;
  startToFirstVerdictMs: number;
  navigationToFirstVerdictMs: number;
}

/** What the first visit and the cold starts after it saw. */
export interface VisitResult {
  /** Every request of the first visit's window, with its start (epoch ms). */
  fetches: LoggedFetch[];
  /** The first verdict of the first visit, epoch ms (same clock as the fetches). */
  verdictAtMs: number;
  /** The first visit's navigation start, epoch ms (`performance.timeOrigin`). */
  navigationAtMs: number;
  firstVisit: StartTimes;
  /** Same-origin URLs in the engine cache after the first visit. */
  engineCacheUrls: string[];
  /** Whether the app said "saved for offline use" and moved to int8 in time. */
  installed: boolean;
  movedToInt8: boolean;
  coldStarts: StartTimes[];
}

/** Navigates `page`, starts the camera once ready, and times it to the first verdict. */
async function start(page: Page, url: string): Promise<{ times: StartTimes; timeOrigin: number }> {
  await page.goto(url);
  await page.waitForSelector(APP_READY, { timeout: READY_TIMEOUT_MS });
  const clickAt = await page.evaluate(() => performance.now());
  await page.click('[data-testid="start-camera"]');
  await page.waitForSelector(VERDICT_SHOWN, { timeout: VERDICT_TIMEOUT_MS });
  const { events, timeOrigin } = await page.evaluate(READ_EVENTS);
  const ready = firstEvent(events, 'app', 'data-state', /^ready$/) ?? NaN;
  const verdict = firstEvent(events, 'verdict', 'data-label', VERDICT_LABEL) ?? NaN;
  const times: StartTimes = {
    engine: (await page.locator('[data-testid="backend"]').textContent()) ?? '',
    navigationToReadyMs: ready,
    startToFirstVerdictMs: verdict - clickAt,
    navigationToFirstVerdictMs: verdict,
  };
  return { times, timeOrigin };
}

/** Waits for `selector`; false (not an exception) when it does not appear in time. */
const appears = (page: Page, selector: string): Promise<boolean> =>
  page.waitForSelector(selector, { timeout: INSTALL_TIMEOUT_MS }).then(
    () => true,
    () => false,
  );

/** The engine cache's URLs, read in the page (without creating the cache where there is none). */
const engineCacheUrls = (page: Page): Promise<string[]> =>
  page.evaluate(async (name) => {
    if (!(await caches.has(name))) return [];
    return (await (await caches.open(name)).keys()).map((r) => r.url);
  }, ENGINE_CACHE);

/** First visit on a fresh profile playing `clip`, then `COLD_STARTS` cached cold starts. */
export async function visitAndRestart(origin: string, clip: string): Promise<VisitResult> {
  const dir = mkdtempSync(join(tmpdir(), 'roadgate-bench-profile-'));
  const context: BrowserContext = await chromium.launchPersistentContext(
    dir,
    chromiumLaunch(fakeCamera(clip)),
  );
  try {
    await context.addInitScript(RECORD);
    const fetches = logFetches(context);
    let page = context.pages()[0] ?? (await context.newPage());
    const url = `${origin}/?dev`;
    const navigatedAt = Date.now();
    const first = await start(page, url);
    const verdictAtMs = first.timeOrigin + first.times.navigationToFirstVerdictMs;
    await page.waitForTimeout(Math.max(0, navigatedAt + FIRST_VISIT_WINDOW_MS - Date.now()));
    const windowFetches = fetches.filter((f) => f.startMs <= navigatedAt + FIRST_VISIT_WINDOW_MS);
    const installed = await appears(page, '[data-testid="offline-status"][data-state="ready"]');
    const movedToInt8 = await appears(page, '[data-testid="backend"]:text-is("int8")');
    const cached = await engineCacheUrls(page);
    const coldStarts: StartTimes[] = [];
    for (let i = 0; i < COLD_STARTS; i++) {
      process.stderr.write(`cached cold start ${i + 1}/${COLD_STARTS}…\n`);
      const next = await context.newPage();
      await page.close();
      page = next;
      coldStarts.push((await start(page, url)).times);
    }
    return {
      fetches: windowFetches,
      verdictAtMs,
      navigationAtMs: first.timeOrigin,
      firstVisit: first.times,
      engineCacheUrls: cached,
      installed,
      movedToInt8,
      coldStarts,
    };
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
