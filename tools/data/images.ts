/**
 * Photos to model inputs with sharp: EXIF orientation applied, alpha flattened on white, grey
 * and CMYK turned into sRGB, then the shared centred-square crop and a resize; for training
 * copies, retrain.py's distortions and the windshield effects of ./windshield.ts.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { centerSquare } from '../../src/inference/preprocess.ts';
import { seededRandom } from '../../src/util/random.ts';
import {
  applyLowLight,
  applyOptics,
  drawWindshield,
  rolledSide,
  type WindshieldEffects,
  type WindshieldFlags,
} from './windshield.ts';

/** A decoded picture: RGB bytes, row-major. */
export interface Rgb {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Decodes a file to full-size RGB. Rejects with a one-line message naming the file. */
export async function decodeImage(path: string): Promise<Rgb> {
  try {
    const { data, info } = await sharp(await readFile(path), { failOn: 'error' })
      .autoOrient()
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data), width: info.width, height: info.height };
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new Error(`cannot decode ${path}: ${reason}`, { cause: err });
  }
}

/**
 * Random changes for one training copy: retrain.py's distortions plus a random crop, then the
 * windshield effects that are on (absent keys, so today's copies keep their cache keys).
 */
export interface Distortion extends WindshieldEffects {
  flip: boolean;
  /** Side of the square taken, as a share of the short side (1 = the whole centred square). */
  cropFraction: number;
  /** Where the square sits in the free space, 0..1 on each axis. */
  cropX: number;
  cropY: number;
  /** Multiplier on pixel values. */
  brightness: number;
}

/** retrain.py's part of a distortion left out: the centred square, unflipped, as bright. */
export const CENTRED = { flip: false, cropFraction: 1, cropX: 0.5, cropY: 0.5, brightness: 1 };

/**
 * Crops (centred square, or the distortion's square), resizes to `size`, applies the rest: flip,
 * roll, motion blur, hood, rain, glare, brightness, low light.
 */
export async function toInputPixels(img: Rgb, size: number, d?: Distortion): Promise<Uint8Array> {
  const c = centerSquare(img.width, img.height);
  let region = { left: c.sx, top: c.sy, width: c.size, height: c.size };
  if (d) {
    const side = Math.max(1, Math.round(c.size * d.cropFraction));
    region = {
      left: Math.round((img.width - side) * d.cropX),
      top: Math.round((img.height - side) * d.cropY),
      width: side,
      height: side,
    };
  }
  // A rolled copy starts larger, so that rolling it leaves a full `size` square.
  const side = rolledSide(size, d?.roll);
  let pipeline = sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .extract(region)
    .resize(side, side, { fit: 'fill' });
  if (d?.flip) pipeline = pipeline.flop();
  let out: Uint8Array = new Uint8Array(await pipeline.raw().toBuffer());
  if (!d) return out;
  out = await applyOptics(out, side, size, d);
  if (d.brightness !== 1) {
    for (let i = 0; i < out.length; i++) {
      out[i] = Math.min(255, Math.round((out[i] as number) * d.brightness));
    }
  }
  if (d.lowLight) applyLowLight(out, d.lowLight);
  return out;
}

/** Distortions are a function of (file, copy) through it, so caches stay valid. */
export { seededRandom };

/** The seed of an image's distortions: the first 32 bits of the SHA-1 of its file's bytes. */
export function imageSeed(bytes: Uint8Array): number {
  return parseInt(createHash('sha1').update(bytes).digest('hex').slice(0, 8), 16);
}

export interface DistortionFlags extends WindshieldFlags {
  flipLeftRight: boolean;
  /** retrain.py's --random_crop: percent of margin that may be cut away. */
  randomCrop: number;
  /** retrain.py's --random_scale: percent by which the picture may be enlarged. */
  randomScale: number;
  /** retrain.py's --random_brightness: percent up or down. */
  randomBrightness: number;
}

/** retrain.py's distortion flags, all off (the windshield effects' are absent, so off too). */
export const NO_DISTORTIONS: DistortionFlags = {
  flipLeftRight: false,
  randomCrop: 0,
  randomScale: 0,
  randomBrightness: 0,
};

/**
 * The distortion of training copy `copy` (1-based) of an image, from a seed of its bytes. The
 * windshield effects draw after retrain.py's distortions, so those keep their values.
 */
export function distortionFor(seed: number, copy: number, f: DistortionFlags): Distortion {
  const rand = seededRandom(seed ^ Math.imul(copy, 0x9e3779b1));
  const scale = 1 + (rand() * f.randomScale) / 100;
  const margin = 1 - (rand() * f.randomCrop) / 100;
  const retrainPy = {
    flip: f.flipLeftRight && rand() < 0.5,
    cropFraction: Math.min(1, margin / scale),
    cropX: rand(),
    cropY: rand(),
    brightness: 1 + ((rand() * 2 - 1) * f.randomBrightness) / 100,
  };
  return { ...retrainPy, ...drawWindshield(rand, f) };
}
