/**
 * Every request of a browser context (its pages, their workers, its service worker), each with
 * the wall-clock time it started.
 *
 * Times: Playwright's `request.timing().startTime` is the browser's own wall-clock time
 * (Chromium's `requestWillBeSent.wallTime`), known once the request has finished; until then,
 * and for a request that never finishes, the time Node heard of it (`Date.now()`, a few ms later
 * over the DevTools protocol). Page events are placed on the same clock with
 * `performance.timeOrigin + t`: one machine, one system clock, so both compare directly.
 */
import type { BrowserContext, Request } from '@playwright/test';
import type { Fetch } from './transfer-bytes.ts';

/** A request as the log keeps it: who made it and whether the service worker answered it. */
export interface LoggedFetch extends Fetch {
  /** Made by the service worker itself (its precache install, or a fetch it forwarded). */
  byServiceWorker: boolean;
  /** Answered by the service worker (from its cache or its own fetch, logged separately). */
  fromServiceWorker: boolean;
}

/** Starts logging `context`'s requests; the returned array fills as they come. */
export function logFetches(context: BrowserContext): LoggedFetch[] {
  const log: LoggedFetch[] = [];
  const entries = new Map<Request, LoggedFetch>();
  context.on('request', (request) => {
    const entry: LoggedFetch = {
      url: request.url(),
      startMs: Date.now(),
      byServiceWorker: request.serviceWorker() !== null,
      fromServiceWorker: false,
    };
    entries.set(request, entry);
    log.push(entry);
  });
  const settle = async (request: Request) => {
    const entry = entries.get(request);
    if (!entry) return;
    const started = request.timing().startTime;
    if (started > 0) entry.startMs = started;
    entry.fromServiceWorker =
      (await request.response().catch(() => null))?.fromServiceWorker() ?? false;
  };
  context.on('requestfinished', (r) => void settle(r));
  context.on('requestfailed', (r) => void settle(r));
  return log;
}
