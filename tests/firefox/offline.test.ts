/**
 * After one visit in Firefox the app loads and classifies with the host gone, and no request of
 * the whole run leaves the origin. What sees the requests:
 * - the browser's own network events (WebDriver BiDi) for the page and its dedicated workers,
 *   the inference worker's model and runtime fetches included;
 * - a proxy that Firefox sends every request for another host to, from any part of the browser:
 *   page, workers, the service worker (which BiDi does not report in Firefox) and the browser
 *   itself. It answers none. 127.0.0.1 is never proxied, so the app's own origin goes direct.
 */
import { expect, it } from 'vitest';
import {
  classifying,
  describeFirefox,
  el,
  engineOf,
  movesToInt8,
  ready,
  startCamera,
} from './session.ts';

describeFirefox('Firefox: offline and private', (open) => {
  it('after one visit the app loads and classifies with the host down; nothing leaves the origin', async () => {
    const session = await open('fake');
    const { page, host, pageRequests, offMachine } = session;
    const url = `${host.origin}/?dev`;
    // The first visit: a run of the camera, until the service worker has saved the app.
    await startCamera(page);
    await movesToInt8(page);
    await page.waitForSelector(el('sw-prompt', 'data-state', 'offline-ready'), { timeout: 60_000 });
    await page.waitForSelector(el('offline-status', 'data-state', 'ready'), { timeout: 60_000 });
    await ready(page, url);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const second = await engineOf(page);

    await host.close();
    await ready(page, url);
    await startCamera(page);
    await classifying(page, 5);
    const offline = await engineOf(page);
    console.log(`Firefox engine, second load: ${second.line}; offline: ${offline.line}`);
    // The integer engine offline: on a plain host the first visit is not isolated and saves the
    // single-threaded LiteRT.js build; the service worker isolates the next loads, which run the
    // build they have saved (and fetch the threaded one for later) rather than falling to TF.js.
    expect(offline.backend).toBe('int8');

    // The worker's own fetches are reported too: the .tflite was requested.
    expect(pageRequests.some((u) => new URL(u).pathname.endsWith('/model.tflite'))).toBe(true);
    const foreign = pageRequests.filter(
      (u) => !u.startsWith(`${host.origin}/`) && !/^(data|blob):/.test(u),
    );
    expect(foreign).toEqual([]);
    expect(offMachine).toEqual([]);
    // The proxy does see a request for another host (a check of the check).
    const other = await session.browser.newPage();
    await other.goto('http://off-origin.test/').catch(() => null);
    expect(offMachine.join()).toContain('off-origin.test');
  });
});
