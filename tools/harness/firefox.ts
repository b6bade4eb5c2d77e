/**
 * Firefox for the browser tests and the benchmark: Debian's Firefox ESR (/usr/bin/firefox-esr, or
 * $FIREFOX_PATH), headless, driven over WebDriver BiDi by puppeteer-core. Its fake camera is a
 * synthetic stream of shifting colours (no clip file: Firefox has no such option).
 */
import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** Whether Firefox is installed; where it is not, the one line that says how to get it. */
export const FIREFOX_MISSING = existsSync(FIREFOX_PATH)
  ? null
  : `${FIREFOX_PATH} is absent: apt-get install -y firefox-esr (or set FIREFOX_PATH)`;

/** Firefox's fake camera, permission granted without a prompt. */
const FAKE_CAMERA = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
};

/**
 * The browser's own remote settings (blocklists, certificate revocation lists) point at a closed
 * local port: otherwise Firefox polls its settings server every few seconds, and that traffic is
 * neither the app's nor wanted beside a timing. A release build reads this preference only with
 * `MOZ_REMOTE_SETTINGS_DEVTOOLS=1` in its environment.
 */
const QUIET = { 'services.settings.server': 'http://127.0.0.1:9/remote-settings/v1' };

/**
 * A headless Firefox with a fake camera and a temporary profile (removed on close). `prefs` are
 * added to puppeteer's own test profile, which already turns off updates and telemetry.
 */
export function launchFirefox(prefs: Record<string, string | number | boolean> = {}) {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    extraPrefsFirefox: { ...FAKE_CAMERA, ...QUIET, ...prefs },
  });
}

/** A running Firefox's name and version, e.g. `Firefox 153.8.0`. */
export async function firefoxName(browser: Browser): Promise<string> {
  return `Firefox ${(await browser.version()).replace(/^firefox\//, '')}`;
}
