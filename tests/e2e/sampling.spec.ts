/**
 * Classifying only as often as the gate needs (ARCHITECTURE.md, Sampling): slow on steady road,
 * every frame when not-road shows, the camera still off in time; and the drive log's CSV.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { SHARED_VIDEOS, syntheticClip } from './launch.ts';
import { browserPerTest, frames, running } from './steps.ts';
import { DRIVE_LOG_COLUMNS } from '../../src/controller/driveLogCsv.ts';
import { SLOW_INTERVAL_MS } from '../../src/gate/sampling.ts';

const ROAD_CLIP = join(SHARED_VIDEOS, 'road_udacity-p1_solidWhiteRight.mjpeg');
const HAS_ROAD = existsSync(ROAD_CLIP);

const { open } = browserPerTest();

const sampling = (page: Page) => page.getByTestId('sampling');

/** Saves the drive log from the developer panel; its lines, header first. */
async function downloadDriveLog(page: Page): Promise<string[]> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('drive-log').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^roadgate-drive-.*\.csv$/);
  const text = readFileSync(await download.path(), 'utf8');
  return text.split('\r\n').filter((l) => l !== '');
}

test(`steady road: one frame every ${SLOW_INTERVAL_MS} ms${HAS_ROAD ? '' : ` [skipped: ${ROAD_CLIP} is absent]`}`, async () => {
  test.skip(!HAS_ROAD, `needs ${ROAD_CLIP}`);
  const page = await open('/?dev', ROAD_CLIP);
  await expect(sampling(page)).toHaveAttribute('data-value', '0');
  await running(page);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-label', 'road', {
    timeout: 30_000,
  });
  await expect(sampling(page)).toHaveAttribute('data-value', String(SLOW_INTERVAL_MS), {
    timeout: 15_000,
  });
  await expect(sampling(page)).toHaveText('4 fps (steady road)');
  // A time window on purpose: a rate is counted over time (the camera must stay on meanwhile).
  const windowS = 5;
  const before = await frames(page);
  await page.waitForTimeout(windowS * 1000);
  const counted = (await frames(page)) - before;
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'on');
  await expect(sampling(page)).toHaveAttribute('data-value', String(SLOW_INTERVAL_MS));
  expect(counted, 'frames classified in the window').toBeGreaterThan(windowS);
  // The slow rate, plus one frame at each end of the window.
  expect(counted).toBeLessThanOrEqual((windowS * 1000) / SLOW_INTERVAL_MS + 2);
});

test('a clip that reads as not-road: every frame, the camera still goes off, and the drive log saves it', async () => {
  const page = await open('/?dev', syntheticClip());
  await running(page);
  await expect(page.getByTestId('camera')).toHaveAttribute('data-state', 'off', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'paused');
  await expect(sampling(page)).toHaveAttribute('data-value', '0');
  await expect(sampling(page)).toContainText('every frame');

  const lines = await downloadDriveLog(page);
  expect(lines[0]).toBe(DRIVE_LOG_COLUMNS.join(','));
  const rows = lines.slice(1).map((l) => l.split(','));
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.length).toBe(await frames(page));
  const at = (name: (typeof DRIVE_LOG_COLUMNS)[number]) => DRIVE_LOG_COLUMNS.indexOf(name);
  for (const r of rows) {
    expect(r).toHaveLength(DRIVE_LOG_COLUMNS.length);
    expect(Number.isNaN(Date.parse(r[at('time')] as string))).toBe(false);
    expect(Number(r[at('frame_ms')])).toBeGreaterThanOrEqual(0);
  }
  // The frame on which the gate turned the camera off is the last one.
  expect(rows.at(-1)?.[at('camera')]).toBe('off');
  expect(Number(rows.at(-1)?.[at('smoothed')])).toBeGreaterThanOrEqual(0.8);
});
