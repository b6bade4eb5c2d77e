/**
 * The road leaving the view (the goal of "classify only as often as the gate needs"): a clip that
 * plays road, then not-road, through Chromium's fake camera, so the app is at its slow steady-road
 * rate when the not-road part begins. From the app's drive log and events: the plan in force at
 * the change, and the last road frame, the first not-road frame and the first not-road verdict,
 * each to camera off. The change itself lies between the last road frame and the first not-road
 * one, so the first figure bounds "road left the view → camera off" from above.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { DRIVE_LOG_COLUMNS } from '../../../src/controller/driveLogCsv.ts';
import { chromiumLaunch, fakeCamera } from '../../harness/chromium.ts';
import { downloadDriveLog } from './drive-log.ts';
import * as appEvents from './events.ts';

export interface Transition {
  /** The least ms between frames planned after the last road frame (250: the slow rate). */
  intervalAtChangeMs: number;
  lastRoadFrameToOffMs: number;
  firstNotRoadFrameToOffMs: number;
  notRoadVerdictToOffMs: number | null;
}

/** A frame reads as not-road above this raw probability. */
const NOT_ROAD_ABOVE = 0.5;

/**
 * The transition in a drive log `csv` whose camera went off at `offT` (page ms), the not-road
 * verdict first shown at `verdictT` after it; null when the log holds no road frame followed by
 * not-road frames up to the camera-off. Pure.
 */
export function transitionFromLog(
  csv: string,
  offT: number,
  verdictTimes: readonly number[],
): Transition | null {
  const [header, ...lines] = csv.split(/\r?\n/).filter((l) => l !== '');
  if (header !== DRIVE_LOG_COLUMNS.join(',')) throw new Error(`not a drive log: ${header}`);
  const col = (name: (typeof DRIVE_LOG_COLUMNS)[number]) => DRIVE_LOG_COLUMNS.indexOf(name);
  const rows = lines
    .map((l) => l.split(','))
    .map((r) => ({
      t: Number(r[col('t_ms')]),
      notRoad: Number(r[col('not_road')]),
      interval: Number(r[col('interval_ms')]),
    }))
    .filter((r) => r.t <= offT);
  let first = rows.length;
  while (first > 0 && (rows[first - 1]?.notRoad ?? 0) > NOT_ROAD_ABOVE) first--;
  const lastRoad = rows[first - 1];
  const firstNotRoad = rows[first];
  if (!lastRoad || !firstNotRoad) return null;
  const verdict = verdictTimes.find((t) => t > lastRoad.t && t <= offT);
  return {
    intervalAtChangeMs: lastRoad.interval,
    lastRoadFrameToOffMs: offT - lastRoad.t,
    firstNotRoadFrameToOffMs: offT - firstNotRoad.t,
    notRoadVerdictToOffMs: verdict === undefined ? null : offT - verdict,
  };
}

/** The road part plays for under 10 s, then the not-road part: the camera is off well before. */
const OFF_WITHIN_MS = 60_000;

/** How many times the road clip plays before the not-road one: long enough to reach the slow rate. */
const ROAD_REPEATS = 2;

/**
 * Plays `roadClip` (twice) then `notRoadClip` as one MJPEG (frames are whole JPEGs, so the files
 * concatenate) into the app at `origin`, until the camera goes off.
 */
export async function measureTransition(
  origin: string,
  roadClip: string,
  notRoadClip: string,
): Promise<Transition | string> {
  const dir = await mkdtemp(join(tmpdir(), 'roadgate-transition-'));
  const clip = join(dir, 'road-then-not.mjpeg');
  const road = await readFile(roadClip);
  await writeFile(
    clip,
    Buffer.concat([...Array(ROAD_REPEATS).fill(road), await readFile(notRoadClip)]),
  );
  const browser = await chromium.launch(chromiumLaunch(fakeCamera(clip)));
  try {
    const page = await browser.newPage();
    await page.addInitScript(appEvents.RECORD);
    await page.goto(`${origin}/?dev`);
    await page.waitForSelector(appEvents.APP_READY, { timeout: 120_000 });
    await page.click('[data-testid="start-camera"]');
    await page.waitForSelector('[data-testid="camera"][data-state="on"]');
    const offInTime = await page
      .waitForSelector('[data-testid="camera"][data-state="off"]', { timeout: OFF_WITHIN_MS })
      .then(() => true)
      .catch(() => false);
    if (!offInTime) return `the camera was still on ${OFF_WITHIN_MS / 1000} s after it started`;
    const { events } = await page.evaluate(appEvents.READ_EVENTS);
    const off = events.filter((e) => e.id === 'camera' && e.value === 'off').at(-1)?.t;
    const verdicts = events
      .filter((e) => e.id === 'verdict' && e.attr === 'data-label' && e.value === 'not-road')
      .map((e) => e.t);
    const csv = await downloadDriveLog(page);
    if (off === undefined || csv === null)
      return 'the camera never went off, or no frame was logged';
    return (
      transitionFromLog(csv, off, verdicts) ??
      'the log shows no road frame before the not-road ones'
    );
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
}
