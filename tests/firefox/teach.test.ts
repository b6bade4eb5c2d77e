/**
 * Teach mode in Firefox (headless: TF.js on WASM, no WebGL): photos picked for each label, a
 * personal head trained in the teach worker, put in use, kept in IndexedDB across a reload; no
 * request leaves the origin meanwhile (the refusing proxy and the browser's own network events).
 */
import type { ElementHandle } from 'puppeteer-core';
import { expect, it } from 'vitest';
import { scenePhotos } from '../e2e/teachScenes.ts';
import { describeFirefox, el, ready } from './session.ts';

/** Photos of each synthetic scene (tests/e2e/teachScenes.ts) to teach. */
const PHOTOS = 6;

describeFirefox('Firefox: teach mode', (open) => {
  it('teaches from picked photos, puts the personal model in use and keeps it across a reload', async () => {
    const { page, host, pageRequests, offMachine } = await open('fake');
    const url = `${host.origin}/?teach&dev`;
    await ready(page, url);
    await page.waitForSelector(el('teach', 'data-phase', 'ready'), { timeout: 60_000 });
    const pick = async (label: string, scene: 'lane' | 'wall') => {
      const input = (await page.$(el(`teach-files-${label}`))) as ElementHandle<HTMLInputElement>;
      await input.uploadFile(...(await scenePhotos(scene, 0, PHOTOS)));
      await page.waitForSelector(el(`teach-count-${label}`, 'data-value', `${PHOTOS}`), {
        timeout: 60_000,
      });
    };
    await pick('road', 'lane');
    await pick('not-road', 'wall');
    await page.click(el('teach-train'));
    await page.waitForSelector(el('teach-result', 'data-state', 'done'), { timeout: 60_000 });
    const accuracy = await page.$eval(el('teach-result'), (r) => ({
      shipped: Number(r.getAttribute('data-accuracy-shipped')),
      personal: Number(r.getAttribute('data-accuracy-personal')),
    }));
    expect(accuracy.personal).toBeGreaterThanOrEqual(accuracy.shipped);
    const selected = () => page.$eval(el('variant-select'), (s) => (s as HTMLSelectElement).value);
    await page.waitForFunction(
      (sel) =>
        (document.querySelector(sel) as HTMLSelectElement | null)?.value === 'personal:my car',
      { timeout: 30_000 },
      el('variant-select'),
    );
    await page.waitForFunction(
      (sel) => /^(webgl|wasm|cpu)/.test(document.querySelector(sel)?.textContent ?? ''),
      { timeout: 30_000 },
      el('backend'),
    );

    await ready(page, url);
    expect(await selected()).toBe('personal:my car');
    expect(await page.$$eval(`${el('personal-models')} li`, (li) => li.length)).toBe(1);
    expect(
      pageRequests.filter((r) => !r.startsWith(`${host.origin}/`) && !/^(data|blob):/.test(r)),
    ).toEqual([]);
    expect(offMachine).toEqual([]);
  });
});
