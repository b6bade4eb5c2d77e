/** One Chromium per test, with its own fake camera clip (Chromium takes the clip at launch). */
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunch, fakeCamera } from '../../tools/lib/chromium.ts';
export { syntheticClip } from '../../tools/lib/y4m.ts';

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
