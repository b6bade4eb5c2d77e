import { describe, expect, it } from 'vitest';
import { installOffer, isIos, type InstallFacts } from '../../../../src/pwa/installPolicy.ts';

const base: InstallFacts = { promptHeld: false, standalone: false, ios: false, dismissed: false };

describe('installOffer', () => {
  it.each([
    [{}, 'none'],
    [{ promptHeld: true }, 'button'],
    [{ ios: true }, 'ios-hint'],
    [{ promptHeld: true, standalone: true }, 'none'],
    [{ ios: true, standalone: true }, 'none'],
    [{ promptHeld: true, dismissed: true }, 'none'],
    [{ ios: true, dismissed: true }, 'none'],
    // An iOS browser that did hand over a prompt (none does today) gets the real button.
    [{ ios: true, promptHeld: true }, 'button'],
  ] as const)('%o -> %s', (facts, offer) => {
    expect(installOffer({ ...base, ...facts })).toBe(offer);
  });
});

describe('isIos', () => {
  const SAFARI_IPHONE =
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
  const IPADOS =
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15';
  const CHROME_ANDROID =
    'Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';

  it('finds iPhone, and iPad behind its desktop user agent by its touch screen', () => {
    expect(isIos(SAFARI_IPHONE, 5)).toBe(true);
    expect(isIos(IPADOS, 5)).toBe(true);
  });

  it('leaves a Mac and Android alone', () => {
    expect(isIos(IPADOS, 0)).toBe(false);
    expect(isIos(CHROME_ANDROID, 5)).toBe(false);
  });
});
