import { describe, expect, it } from 'vitest';
import {
  distortionFor,
  seededRandom,
  toInputPixels,
  type DistortionFlags,
  type Rgb,
} from '../../../../tools/data/images.ts';

const RETRAIN_PY: DistortionFlags = {
  flipLeftRight: true,
  randomCrop: 10,
  randomScale: 10,
  randomBrightness: 10,
};
const NONE: DistortionFlags = {
  flipLeftRight: false,
  randomCrop: 0,
  randomScale: 0,
  randomBrightness: 0,
};
const WINDSHIELD: DistortionFlags = {
  ...NONE,
  randomHood: 100,
  randomGlare: 100,
  randomLowLight: 100,
  randomMotionBlur: 100,
  randomRain: 100,
  randomRoll: 5,
};
const ALL: DistortionFlags = { ...WINDSHIELD, ...RETRAIN_PY };

/** distortionFor as it was before the windshield effects: its objects are cache keys. */
function distortionBefore(seed: number, copy: number, f: DistortionFlags) {
  const rand = seededRandom(seed ^ Math.imul(copy, 0x9e3779b1));
  const scale = 1 + (rand() * f.randomScale) / 100;
  const margin = 1 - (rand() * f.randomCrop) / 100;
  return {
    flip: f.flipLeftRight && rand() < 0.5,
    cropFraction: Math.min(1, margin / scale),
    cropX: rand(),
    cropY: rand(),
    brightness: 1 + ((rand() * 2 - 1) * f.randomBrightness) / 100,
  };
}

function texture(width: number, height: number): Rgb {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7919 + (i >> 7) * 31) % 256;
  return { data, width, height };
}

describe('distortionFor', () => {
  it("keeps today's objects, keys included, when the windshield flags are 0 or absent", () => {
    const zero = { randomHood: 0, randomGlare: 0, randomLowLight: 0 };
    const zeroes = { ...zero, randomMotionBlur: 0, randomRain: 0, randomRoll: 0 };
    for (let seed = 0; seed < 200; seed++) {
      for (const copy of [1, 2, 3]) {
        for (const f of [RETRAIN_PY, NONE, { ...RETRAIN_PY, flipLeftRight: false }]) {
          const before = distortionBefore(seed * 7919, copy, f);
          expect(distortionFor(seed * 7919, copy, f)).toStrictEqual(before);
          const withZeroes = distortionFor(seed * 7919, copy, { ...f, ...zeroes });
          expect(JSON.stringify(withZeroes)).toBe(JSON.stringify(before));
        }
      }
    }
  });

  it('matches the values recorded before the windshield effects (bottleneck cache keys)', () => {
    expect(JSON.stringify(distortionFor(0x12345678, 1, RETRAIN_PY))).toBe(
      '{"flip":false,"cropFraction":0.9056807306085094,"cropX":0.6522109978832304,"cropY":0.13625127379782498,"brightness":1.0962479153182358}',
    );
  });

  it("leaves retrain.py's draws alone and adds only the effects that are on", () => {
    const d = distortionFor(42, 1, ALL);
    expect(d).toMatchObject(distortionBefore(42, 1, RETRAIN_PY));
    expect(Object.keys(d)).toEqual([
      ...Object.keys(distortionBefore(42, 1, RETRAIN_PY)),
      'roll',
      'motionBlur',
      'hood',
      'rain',
      'glare',
      'lowLight',
    ]);
    expect(Object.keys(distortionFor(42, 1, { ...RETRAIN_PY, randomHood: 100 }))).toContain('hood');
  });

  it('gives each effect its own draws: turning one on changes no other', () => {
    for (let seed = 0; seed < 50; seed++) {
      const glare = distortionFor(seed, 1, { ...NONE, randomGlare: 100 }).glare;
      expect(distortionFor(seed, 1, { ...NONE, randomGlare: 100, randomHood: 100 }).glare).toEqual(
        glare,
      );
      expect(distortionFor(seed, 1, WINDSHIELD).glare).toEqual(glare);
    }
  });

  it('turns an effect on in about P% of copies, and rolls within ±D degrees', () => {
    let on = 0;
    for (let seed = 0; seed < 2000; seed++) {
      const d = distortionFor(seed, 1, { ...NONE, randomRain: 30, randomRoll: 4 });
      if (d.rain) on++;
      expect(Math.abs(d.roll as number)).toBeLessThanOrEqual(4);
    }
    expect(on / 2000).toBeGreaterThan(0.26);
    expect(on / 2000).toBeLessThan(0.34);
  });

  it('draws parameters in their documented ranges', () => {
    for (let seed = 0; seed < 300; seed++) {
      const d = distortionFor(seed, 2, ALL);
      expect(d.hood?.height).toBeGreaterThanOrEqual(0.08);
      expect(d.hood?.height).toBeLessThanOrEqual(0.25);
      expect(d.glare?.y).toBeLessThanOrEqual(0.5);
      expect(d.lowLight?.gain).toBeGreaterThanOrEqual(0.25);
      expect(d.lowLight?.gain).toBeLessThanOrEqual(0.6);
      expect(d.motionBlur?.length).toBeGreaterThanOrEqual(3);
      expect(d.motionBlur?.length).toBeLessThanOrEqual(9);
      expect(d.rain?.drops).toBeGreaterThanOrEqual(20);
      expect(d.rain?.drops).toBeLessThanOrEqual(120);
    }
  });
});

describe('toInputPixels with every effect on', () => {
  it('gives the same bytes for the same seed and copy, other bytes for another copy', async () => {
    const img = texture(120, 90);
    const a = await toInputPixels(img, 64, distortionFor(7, 1, ALL));
    const b = await toInputPixels(img, 64, distortionFor(7, 1, ALL));
    const c = await toInputPixels(img, 64, distortionFor(7, 2, ALL));
    expect(a.length).toBe(64 * 64 * 3);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });
});
