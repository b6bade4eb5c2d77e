import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {
  PIXEL_OFFSET,
  PIXEL_SCALE,
  centerSquare,
  rgbaToRgb,
  normalizePixels,
} from '../../../../src/inference/preprocess.ts';
import { toModelInput } from '../../../../src/inference/tensorInput.ts';
import { toInputPixels, type Rgb } from '../../../../tools/data/images.ts';

/** A picture whose every pixel differs: a test fails if a crop or resize is off by one. */
function picture(width: number, height: number): Rgb {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = 3 * (y * width + x);
      data[i] = (x * 7) % 256;
      data[i + 1] = (y * 5) % 256;
      data[i + 2] = (x + y) % 256;
    }
  }
  return { data, width, height };
}

function crop(img: Rgb, sx: number, sy: number, size: number): Rgb {
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    data.set(
      img.data.subarray(3 * ((sy + y) * img.width + sx), 3 * ((sy + y) * img.width + sx + size)),
      3 * y * size,
    );
  }
  return { data, width: size, height: size };
}

describe('preprocessing', () => {
  it('maps pixel values the way MobileNet expects: 0 → -1, 255 → 1', () => {
    expect(0 * PIXEL_SCALE + PIXEL_OFFSET).toBe(-1);
    expect(255 * PIXEL_SCALE + PIXEL_OFFSET).toBeCloseTo(1, 9);
    const v = normalizePixels(new Uint8Array([0, 255, 51, 200]), 4);
    expect(v).toHaveLength(3);
    [-1, 1, 51 / 127.5 - 1].forEach((x, i) => expect(v[i]).toBeCloseTo(x, 6));
  });

  it('gives the same tensor from tensors and from raw bytes', async () => {
    await tf.setBackend('cpu');
    const bytes = Uint8Array.from({ length: 4 * 4 * 3 }, (_, i) => (i * 13) % 256);
    const before = tf.memory().numTensors;
    const pixels = tf.tensor3d(bytes, [4, 4, 3], 'int32');
    const input = toModelInput(pixels);
    expect(input.shape).toEqual([1, 4, 4, 3]);
    const values = Array.from(await input.data());
    const expected = Array.from(normalizePixels(bytes, 3));
    expect(values).toHaveLength(4 * 4 * 3);
    expect(expected).toHaveLength(values.length);
    expected.forEach((v, i) => expect(values[i]).toBeCloseTo(v, 6));
    tf.dispose([pixels, input]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('crops the centred square of 4:3 and 16:9 frames', () => {
    expect(centerSquare(640, 480)).toEqual({ sx: 80, sy: 0, size: 480 });
    expect(centerSquare(1280, 720)).toEqual({ sx: 280, sy: 0, size: 720 });
    expect(centerSquare(480, 640)).toEqual({ sx: 0, sy: 80, size: 480 });
    expect(centerSquare(300, 300)).toEqual({ sx: 0, sy: 0, size: 300 });
  });

  it.each([
    [640, 480],
    [1280, 720],
  ])('a %i×%i frame and its centred square give the same model input', async (w, h) => {
    const frame = picture(w, h);
    const c = centerSquare(w, h);
    const square = crop(frame, c.sx, c.sy, c.size);
    const a = await toInputPixels(frame, 128);
    const b = await toInputPixels(square, 128);
    expect(a.length).toBe(128 * 128 * 3);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('crops instead of squeezing: a 16:9 frame is not its squeezed self', async () => {
    const frame = picture(320, 180);
    const squeezed = await sharp(frame.data, { raw: { width: 320, height: 180, channels: 3 } })
      .resize(64, 64, { fit: 'fill' })
      .raw()
      .toBuffer();
    const cropped = await toInputPixels(frame, 64);
    expect(cropped.length).toBe(squeezed.length);
    expect(Buffer.from(cropped).equals(squeezed)).toBe(false);
  });
});

describe('rgbaToRgb (the integer engine input)', () => {
  it('drops alpha and keeps every pixel in order, as bytes', () => {
    const rgba = new Uint8ClampedArray([1, 2, 3, 255, 250, 251, 252, 0]);
    expect(Array.from(rgbaToRgb(rgba))).toEqual([1, 2, 3, 250, 251, 252]);
    expect(rgbaToRgb(rgba)).toBeInstanceOf(Uint8Array);
  });
});
