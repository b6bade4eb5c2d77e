/** One Chromium per test, with its own fake camera clip (Chromium takes the clip at launch). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunch, fakeCamera } from './browser.ts';
import { writeY4m } from './y4m.ts';

export const BASE_URL = 'http://127.0.0.1:4173';
export const SHARED_VIDEOS = join(process.cwd(), '..', 'shared', 'datasets', 'videos');

export interface Session {
  browser: Browser;
  page: Page;
}

/**
 * Records every MediaStream the page gets, so a test can check that all their tracks ended.
 * Test instrumentation only: the app itself is unchanged.
 */
const RECORD_STREAMS = () => {
  const w = window as unknown as { __streams: MediaStream[] };
  w.__streams = [];
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (c) => {
    const s = await original(c);
    w.__streams.push(s);
    return s;
  };
};

export async function launch(
  clip: string,
  opts: { extraArgs?: string[]; camera?: 'fake-granted' | 'denied' } = {},
): Promise<Session> {
  const args =
    opts.camera === 'denied'
      ? [
          '--use-fake-device-for-media-stream',
          `--use-file-for-fake-video-capture=${clip}`,
          '--deny-permission-prompts',
        ]
      : fakeCamera(clip);
  const browser = await chromium.launch(chromiumLaunch([...args, ...(opts.extraArgs ?? [])]));
  const context = await browser.newContext({ baseURL: BASE_URL });
  await context.addInitScript(RECORD_STREAMS);
  return { browser, page: await context.newPage() };
}

/** Live tracks of every stream the page opened. */
export function liveTracks(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      (window as unknown as { __streams: MediaStream[] }).__streams
        .flatMap((s) => s.getTracks())
        .filter((t) => t.readyState === 'live').length,
  );
}

/** A synthetic clip: a road-like picture (sky, asphalt, a lane line) that drifts slowly. */
export function syntheticClip(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'roadgate-clip-')), 'synthetic.y4m');
  writeY4m(file, { width: 320, height: 240, frames: 10, fps: 10 }, (x, y, f) => {
    if (y < 110) return [120, 170, 230];
    const lane = Math.abs(x - 160 - f) < 2 + (y - 110) / 10;
    return lane ? [240, 240, 240] : [70, 70, 76];
  });
  return file;
}
