/**
 * The core path in Firefox (ESR, headless, over WebDriver BiDi), against the built app on a plain
 * static host: load, camera, a verdict on the engine Firefox allows, and the gate turning the
 * camera off on a not-road stream. Firefox cannot be given a clip file as its camera, so the
 * tests that need real road and not-road footage stay in the Chromium suite (tests/e2e).
 */
import { expect, it } from 'vitest';
import { LIVE_TRACKS } from '../cameraInvariant.ts';
import { describeFirefox, el, engineOf, movesToInt8, startCamera, VERDICT } from './session.ts';

describeFirefox('Firefox: the core path', (open) => {
  it('loads, runs the camera and shows a verdict, then moves to the integer engine', async () => {
    const { page } = await open('fake');
    // A first visit: the integer engine's runtime is not here yet, TF.js runs meanwhile (WASM:
    // headless Firefox has no WebGL).
    expect((await engineOf(page)).fallbacks.join()).toMatch(/its runtime is not on this device/);
    await startCamera(page);
    await page.waitForSelector(el('app', 'data-state', 'running'));
    await page.waitForSelector(el('camera', 'data-state', 'on'));
    const confidence = Number(await page.$eval(VERDICT, (v) => v.getAttribute('data-confidence')));
    expect(confidence).toBeGreaterThanOrEqual(0.5);
    expect(confidence).toBeLessThanOrEqual(1);
    // LiteRT.js on this page, which a plain host does not isolate: no threads, and the fastest
    // single-threaded build Firefox runs.
    await movesToInt8(page);
    const engine = await engineOf(page);
    console.log(`Firefox engine: ${engine.line}`);
    expect(engine.line).toMatch(/LiteRT\.js (relaxed-simd|compat), threads off/);
    expect(engine.fallbacks).toEqual([]);
    expect(await page.evaluate(LIVE_TRACKS)).toBe(1);
  });

  it('a not-road stream: the gate turns the camera off and no track stays live', async () => {
    const { page } = await open('not-road');
    await startCamera(page);
    await page.waitForSelector(el('camera', 'data-state', 'off'), { timeout: 20_000 });
    await page.waitForSelector(el('app', 'data-state', 'paused'));
    expect(await page.$eval(el('verdict'), (v) => v.getAttribute('data-label'))).toBe('not-road');
    expect(await page.evaluate(LIVE_TRACKS)).toBe(0);
    expect(await page.evaluate(() => document.querySelector('video')?.srcObject ?? null)).toBe(
      null,
    );
    // Resume brings the camera back, one track live.
    await page.click(el('resume-camera'));
    await page.waitForSelector(el('camera', 'data-state', 'on'));
    expect(await page.evaluate(LIVE_TRACKS)).toBe(1);
  });
});
