/**
 * Motion wake (ARCHITECTURE.md, Gate): the synthetic clip reads as not-road, so the gate turns the
 * camera off; then a parked phone keeps it off, and a car that starts moving turns it back on.
 * Headless Chromium has no motion sensor: an init script is one, sending `devicemotion` events at
 * 50 Hz from the page's first moment (the app looks for a sensor for 1 s at start), parked or
 * driving as the test sets `window.__motion`.
 */
import { expect, test, type Page } from '@playwright/test';
import { classifying, browserPerTest, streamsOpened } from './steps.ts';

const { start } = browserPerTest();

type Motion = 'still' | 'driving';

/** The synthetic sensor: rest noise (~0.02 m/s² per axis), or road vibration and a pull-away. */
const SENSOR = () => {
  const w = window as unknown as { __motion: Motion };
  w.__motion = 'still';
  let seed = 7;
  const noise = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
  let drivingSince: number | null = null;
  setInterval(() => {
    const now = performance.now() / 1000;
    let a = { x: 0.07 * noise(), y: 0.07 * noise(), z: 0.07 * noise() };
    if (w.__motion === 'driving') {
      drivingSince ??= now;
      const s = now - drivingSince;
      const pull = s < 4 ? 1.5 : 0;
      a = {
        x: 0.3 * noise(),
        y: pull + 0.3 * noise(),
        z: 0.4 * Math.sin(2 * Math.PI * 2 * s) + 0.25 * Math.sin(2 * Math.PI * 12 * s) + a.z,
      };
    } else drivingSince = null;
    // A phone on a dashboard mount, tilted back ~20°.
    const withGravity = { x: a.x, y: a.y + 3.36, z: a.z + 9.22 };
    window.dispatchEvent(
      new DeviceMotionEvent('devicemotion', {
        acceleration: a,
        accelerationIncludingGravity: withGravity,
        interval: 20, // rotationRate left out: null, as on a phone without a gyroscope
      }),
    );
  }, 20);
};

const setMotion = (page: Page, motion: Motion) =>
  page.evaluate((m) => ((window as unknown as { __motion: Motion }).__motion = m), motion);

/** A browser with the synthetic sensor, the app classifying the synthetic clip, settings open. */
async function openWithSensor(): Promise<Page> {
  const page = await start();
  await page.addInitScript(SENSOR);
  await page.goto('/?dev');
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByText('Settings').click();
  return page;
}

/** Start pressed; the gate turns the camera off on the not-road clip. */
async function gateOff(page: Page) {
  await page.getByTestId('start-camera').click();
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'on');
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'off', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'paused');
}

/** How long the car stays parked after camera-off before it drives off. */
const PARKED_MS = 3_000;

test('a parked phone (sensor noise only) keeps the camera off', async () => {
  const page = await openWithSensor();
  await expect(page.getByTestId('motion-wake')).toHaveAttribute('data-sensor', 'available');
  await expect(page.getByTestId('motion-wake')).toBeChecked();
  await gateOff(page);
  // A sleep on purpose: the camera must NOT come back on during these 8 s of rest noise.
  await page.waitForTimeout(8_000);
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'off');
  expect(await streamsOpened(page), 'no camera opened since the gate turned it off').toBe(1);
});

test('a car that starts moving turns the camera back on, and frames are classified within 5 s', async () => {
  const page = await openWithSensor();
  await expect(page.getByTestId('motion-wake')).toBeChecked();
  await gateOff(page);
  // The scenario's time, not a wait on the app: the car stays parked, then drives off.
  await page.waitForTimeout(PARKED_MS);
  const movedAt = Date.now();
  await setMotion(page, 'driving');
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'on', { timeout: 5_000 });
  await classifying(page, 1, Math.max(1, 5_000 - (Date.now() - movedAt)));
  expect(await streamsOpened(page)).toBe(2);
});

test('with the setting off, a car that starts moving does nothing (and the choice is kept)', async () => {
  const page = await openWithSensor();
  const box = page.getByTestId('motion-wake');
  await expect(box).toBeChecked();
  await box.uncheck();
  await gateOff(page);
  await page.waitForTimeout(PARKED_MS);
  await setMotion(page, 'driving');
  // A sleep on purpose: the camera must NOT come back on while the car drives for 6 s.
  await page.waitForTimeout(6_000);
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'off');
  expect(await streamsOpened(page)).toBe(1);

  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByText('Settings').click();
  await expect(page.getByTestId('motion-wake')).toBeEnabled();
  await expect(page.getByTestId('motion-wake')).not.toBeChecked();
});

test('without a motion sensor the setting is disabled and says so', async () => {
  const page = await start();
  // Desktop Chromium: access to sensors allowed (its default), but no sensor sends anything.
  await page.context().grantPermissions(['accelerometer', 'gyroscope']);
  await page.goto('/');
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByText('Settings').click();
  const box = page.getByTestId('motion-wake');
  await expect(box).toHaveAttribute('data-sensor', 'none');
  await expect(box).toBeDisabled();
  await expect(box).not.toBeChecked();
  await expect(page.locator('label', { has: box })).toContainText(
    '(no motion sensor on this device)',
  );
});
