/**
 * Chromium for the browser tests and the benchmark: Debian's /usr/bin/chromium (or
 * $CHROMIUM_PATH); where neither exists, Playwright's own build (`npx playwright install
 * chromium`).
 */
import { existsSync } from 'node:fs';
import { chromium, type LaunchOptions } from '@playwright/test';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep a headless Chromium from reaching out to the network on its own. */
export const QUIET_FLAGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/**
 * Why no Chromium can be launched, in one line, or null where one can: checked before hours of
 * training rather than found missing when the integer model is measured.
 */
export function missingChromium(path = CHROMIUM_PATH): string | null {
  if (existsSync(path) || existsSync(chromium.executablePath())) return null;
  return `no Chromium at ${path} (apt-get install chromium, or set CHROMIUM_PATH)`;
}

/** Launch options with extra flags, e.g. a fake camera. */
export function chromiumLaunch(extra: string[]): LaunchOptions {
  return {
    executablePath: existsSync(CHROMIUM_PATH) ? CHROMIUM_PATH : undefined,
    args: [...QUIET_FLAGS, ...extra],
  };
}

/** Flags for Chromium's fake camera playing `file` (.y4m or 4:2:0 .mjpeg), permission granted. */
export function fakeCamera(file: string): string[] {
  return [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${file}`,
  ];
}
