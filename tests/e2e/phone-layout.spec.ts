/**
 * A layout made for a phone, held upright or on its side (a windshield mount): with a phone's
 * viewport, touch and pixel density, the camera view, the verdict and the main button are all on
 * screen without scrolling. Each run leaves the two screenshots in test-results/; `npm run
 * screenshots` writes them (on a real road clip) where the manifest and the README show them.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { chromiumLaunch, fakeCamera } from '../../tools/harness/chromium.ts';
import {
  BASE_URL,
  expectInvariant,
  asReturningDevice,
  recordStreams,
  SHARED_VIDEOS,
  syntheticClip,
} from './launch.ts';

const ROAD_CLIP = join(SHARED_VIDEOS, 'road_udacity-p1_solidWhiteRight.mjpeg');
/** Where `npm run screenshots` wants the pictures; test-results/ otherwise. */
const OUT = process.env.SCREENSHOTS_DIR ?? join('test-results', 'phone-layout');

/** A 390 × 844 phone at 2× (the manifest's screenshot sizes are these × 2). */
const PHONE = { width: 390, height: 844 };
const ORIENTATIONS = {
  narrow: PHONE,
  wide: { width: PHONE.height, height: PHONE.width },
} as const;

let browser: Browser | null = null;
test.afterEach(async () => {
  await browser?.close();
  browser = null;
});

async function open(viewport: { width: number; height: number }): Promise<Page> {
  const clip = existsSync(ROAD_CLIP) ? ROAD_CLIP : syntheticClip();
  browser = await chromium.launch(chromiumLaunch(fakeCamera(clip)));
  const context = await browser.newContext({
    baseURL: BASE_URL,
    viewport,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  await recordStreams(context);
  await asReturningDevice(context);
  return context.newPage();
}

/** The element's box lies inside the viewport: seen without scrolling. */
async function expectOnScreen(page: Page, name: string, locator: ReturnType<Page['locator']>) {
  const box = await locator.boundingBox();
  const view = page.viewportSize() as { width: number; height: number };
  expect(box, `${name} is rendered`).not.toBeNull();
  const b = box as { x: number; y: number; width: number; height: number };
  expect(b.y, `${name} top`).toBeGreaterThanOrEqual(0);
  expect(b.y + b.height, `${name} bottom within ${view.height}px`).toBeLessThanOrEqual(view.height);
  expect(b.x + b.width, `${name} right within ${view.width}px`).toBeLessThanOrEqual(view.width);
}

for (const [form, viewport] of Object.entries(ORIENTATIONS)) {
  test(`${form} (${viewport.width}×${viewport.height}, touch, 2×): camera, verdict and the main button fit without scrolling`, async () => {
    const page = await open(viewport);
    await page.goto('/');
    await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'ready', {
      timeout: 60_000,
    });
    await expectOnScreen(page, 'start button', page.getByTestId('start-camera'));

    await page.getByTestId('start-camera').tap();
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-label', /^(road|not-road)$/, {
      timeout: 30_000,
    });
    await expectOnScreen(page, 'camera view', page.locator('.viewport'));
    await expectOnScreen(page, 'verdict', page.getByTestId('verdict'));
    const main = page.getByTestId('app').getByRole('button', { name: /Turn camera off|Resume/ });
    await expectOnScreen(page, 'main button', main.first());
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      'no sideways scrolling',
    ).toBe(true);

    mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: join(OUT, `${form}.jpg`), type: 'jpeg', quality: 80 });
    await expectInvariant(page);
  });
}
