import { describe, expect, it } from 'vitest';
import {
  distortionFor,
  toInputPixels,
  type Distortion,
  type DistortionFlags,
  type Rgb,
} from '../../../../tools/data/images.ts';
import type { WindshieldEffects } from '../../../../tools/data/windshield.ts';

const SIZE = 96;
const NONE: DistortionFlags = {
  flipLeftRight: false,
  randomCrop: 0,
  randomScale: 0,
  randomBrightness: 0,
};
/** A copy that is the plain centred square: only the effect under test changes it. */
const UPRIGHT = { flip: false, cropFraction: 1, cropX: 0.5, cropY: 0.5, brightness: 1 };

function image(width: number, height: number, value: (x: number, y: number) => number): Rgb {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      data.fill(value(x, y), (y * width + x) * 3, (y * width + x + 1) * 3);
  }
  return { data, width, height };
}
/** Mid-grey with a little texture, wider than tall (so the crop matters). */
const textured = image(160, 120, (x, y) => 100 + ((x * 13 + y * 7) % 40));
/** Vertical stripes 4 px wide: all their detail is horizontal. */
const stripes = image(160, 120, (x) => (Math.floor(x / 4) % 2 ? 200 : 50));

/** The effect `key` as `distortionFor` draws it for seed `seed` with its flag at `flag`. */
function only<K extends keyof WindshieldEffects>(
  key: K,
  f: DistortionFlags,
  seed = 11,
): Distortion {
  const effect = distortionFor(seed, 1, f)[key];
  expect(effect).toBeDefined();
  return { ...UPRIGHT, [key]: effect };
}

const mean = (p: Uint8Array, from = 0, to = p.length) => {
  let s = 0;
  for (let i = from; i < to; i++) s += p[i] as number;
  return s / (to - from);
};
const row = (y: number) => y * SIZE * 3;

describe('windshield effects', () => {
  it('hood: darkens the bottom rows and leaves the top rows unchanged', async () => {
    const bright = image(160, 120, (x, y) => 180 + ((x + y) % 50));
    for (const seed of [1, 2, 3, 4]) {
      const d = only('hood', { ...NONE, randomHood: 100 }, seed);
      const plain = await toInputPixels(bright, SIZE, UPRIGHT);
      const hooded = await toInputPixels(bright, SIZE, d);
      // The hood's crest is at most 25% up: the top 70% must be untouched.
      const top = row(Math.floor(SIZE * 0.7));
      expect(Buffer.from(hooded.subarray(0, top)).equals(Buffer.from(plain.subarray(0, top)))).toBe(
        true,
      );
      // Its sides are at least 4% up: the bottom 3% is all hood, dark.
      expect(mean(hooded, row(Math.ceil(SIZE * 0.97)))).toBeLessThan(70);
      expect(mean(plain, row(Math.ceil(SIZE * 0.97)))).toBeGreaterThan(170);
    }
  });

  it('low light: lowers the mean brightness, with seeded noise', async () => {
    const d = only('lowLight', { ...NONE, randomLowLight: 100 });
    const plain = await toInputPixels(textured, SIZE, UPRIGHT);
    const dark = await toInputPixels(textured, SIZE, d);
    expect(mean(dark)).toBeLessThan(0.65 * mean(plain));
    expect(Buffer.from(await toInputPixels(textured, SIZE, d)).equals(Buffer.from(dark))).toBe(
      true,
    );
  });

  it('glare: raises the brightest pixel of the upper half', async () => {
    const dim = image(160, 120, (x, y) => 40 + ((x * 3 + y) % 20));
    for (const seed of [1, 2, 3]) {
      const d = only('glare', { ...NONE, randomGlare: 100 }, seed);
      const half = row(SIZE / 2);
      const plainMax = Math.max(...(await toInputPixels(dim, SIZE, UPRIGHT)).subarray(0, half));
      const glareMax = Math.max(...(await toInputPixels(dim, SIZE, d)).subarray(0, half));
      expect(plainMax).toBeLessThan(70);
      expect(glareMax).toBeGreaterThan(180);
    }
  });

  it('motion blur: lowers the horizontal gradient energy', async () => {
    const energy = (p: Uint8Array) => {
      let e = 0;
      for (let i = 3; i < p.length; i++) e += Math.abs((p[i] as number) - (p[i - 3] as number));
      return e;
    };
    const d = only('motionBlur', { ...NONE, randomMotionBlur: 100 });
    const plain = energy(await toInputPixels(stripes, SIZE, UPRIGHT));
    expect(energy(await toInputPixels(stripes, SIZE, d))).toBeLessThan(0.7 * plain);
  });

  it('rain: changes pixels without shifting the mean much', async () => {
    const d = only('rain', { ...NONE, randomRain: 100 });
    const plain = await toInputPixels(textured, SIZE, UPRIGHT);
    const wet = await toInputPixels(textured, SIZE, d);
    const changed = plain.filter((v, i) => Math.abs(v - (wet[i] as number)) > 4).length;
    expect(changed / plain.length).toBeGreaterThan(0.01);
    expect(Math.abs(mean(wet) - mean(plain))).toBeLessThan(4);
  });

  it('roll: turns the picture and leaves no empty (black) corner', async () => {
    const white = image(160, 120, () => 250);
    for (const roll of [-30, -7, 3, 12, 45]) {
      const p = await toInputPixels(white, SIZE, { ...UPRIGHT, roll });
      expect(p.length).toBe(SIZE * SIZE * 3);
      for (const [x, y] of [
        [0, 0],
        [SIZE - 1, 0],
        [0, SIZE - 1],
        [SIZE - 1, SIZE - 1],
      ] as const) {
        expect(p[(y * SIZE + x) * 3]).toBeGreaterThan(240);
      }
    }
    const d = only('roll', { ...NONE, randomRoll: 10 });
    const plain = await toInputPixels(stripes, SIZE, UPRIGHT);
    expect(Buffer.from(await toInputPixels(stripes, SIZE, d)).equals(Buffer.from(plain))).toBe(
      false,
    );
  });
});
