/**
 * What classifying costs on a clip, from the drive log the developer panel saves (the app's CSV,
 * src/controller/driveLogCsv.ts): inference ms per second of the clip, frames per second, and
 * the share of frames planned at the slow steady-road rate (ARCHITECTURE.md, Sampling).
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { DRIVE_LOG_COLUMNS } from '../../../src/controller/driveLogCsv.ts';

export interface InferenceLoad {
  /** The engine of the last frame: only its frames count (a first visit starts on TF.js). */
  engine: string;
  /** From its first classified frame to the last, s. */
  seconds: number;
  frames: number;
  framesPerSecond: number;
  /** The worker's inference ms summed over the frames, per second: the engine's duty. */
  inferenceMsPerSecond: number;
  /** Frames after which the plan was the slow rate, 0..1. */
  slowShare: number;
}

/** The load on the rows of a drive log `csv` on its last engine; null with fewer than two. */
export function inferenceLoad(csv: string): InferenceLoad | null {
  const [header, ...lines] = csv.split(/\r?\n/).filter((l) => l !== '');
  if (header !== DRIVE_LOG_COLUMNS.join(',')) throw new Error(`not a drive log: ${header}`);
  const col = (name: (typeof DRIVE_LOG_COLUMNS)[number]) => DRIVE_LOG_COLUMNS.indexOf(name);
  const all = lines.map((l) => l.split(','));
  const engine = all.at(-1)?.[col('engine')] ?? '';
  const rows = all.filter((r) => r[col('engine')] === engine);
  if (rows.length < 2) return null;
  const num = (r: string[], name: (typeof DRIVE_LOG_COLUMNS)[number]) => Number(r[col(name)]);
  const seconds =
    (num(rows[rows.length - 1] as string[], 't_ms') - num(rows[0] as string[], 't_ms')) / 1000;
  const ms = rows.reduce((sum, r) => sum + num(r, 'frame_ms'), 0);
  return {
    engine,
    seconds,
    frames: rows.length,
    framesPerSecond: (rows.length - 1) / seconds,
    inferenceMsPerSecond: ms / seconds,
    slowShare: rows.filter((r) => num(r, 'interval_ms') > 0).length / rows.length,
  };
}

/** Saves the drive log from the page's developer panel; its CSV text, null with no frame yet. */
export async function downloadDriveLog(page: Page): Promise<string | null> {
  if (await page.isDisabled('[data-testid="drive-log"]')) return null;
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid="drive-log"]'),
  ]);
  return readFile(await download.path(), 'utf8');
}
