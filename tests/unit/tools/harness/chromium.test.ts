import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { describe, expect, it } from 'vitest';
import { missingChromium } from '../../../../tools/harness/chromium.ts';

describe('missingChromium', () => {
  it('says in one line which path it looked at when no Chromium is there', () => {
    const why = missingChromium('/nonexistent/chromium');
    // Playwright's own build, where it is installed, is a Chromium too.
    if (existsSync(chromium.executablePath())) expect(why).toBeNull();
    else
      expect(why).toBe(
        'no Chromium at /nonexistent/chromium (apt-get install chromium, or set CHROMIUM_PATH)',
      );
  });

  it('finds nothing missing where the file exists', () => {
    expect(missingChromium(process.execPath)).toBeNull();
  });
});
