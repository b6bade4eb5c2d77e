/**
 * Bottlenecks: the globally pooled features of each image (and of each distorted training copy),
 * cached on disk. A cache entry's key is the hash of the base weights, the variant, the
 * preprocessing version, the image's bytes and the distortion, so changing any of them misses.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { tfl } from '../common/tf.ts';
import { runBatch } from '../model/predict.ts';
import type { Example } from '../data/dataset.ts';
import {
  decodeImage,
  distortionFor,
  imageSeed,
  toInputPixels,
  type DistortionFlags,
  type Rgb,
} from '../data/images.ts';
import { inBatches, type ModelInput } from '../data/batches.ts';
import { hasWindshieldEffect, WINDSHIELD_VERSION } from '../data/windshield.ts';

/** Bump when the crop, resize or normalisation changes: old cache entries then miss. */
export const PREPROCESS_VERSION = 'center-square/lanczos3/v1';

export interface Bottleneck {
  example: Example;
  /** 0 = the undistorted image; 1..n = distorted training copies. */
  copy: number;
  features: Float32Array;
}

export interface BottleneckRequest {
  backbone: tfl.LayersModel;
  inputSize: number;
  /** Identifies base weights + variant (see `cacheKey`). */
  modelKey: string;
  examples: Example[];
  /** How many distorted copies each example gets (0 for none), by example. */
  copiesOf: (e: Example) => number;
  distortions: DistortionFlags;
  cacheDir: string;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  onSkip?: (path: string, reason: string) => void;
}

let tmpCounter = 0;

export function cacheKey(...parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** A bottleneck still to compute, and the cache file it goes to. */
interface Missing {
  example: Example;
  copy: number;
  file: string;
}

/**
 * Computes or reads the bottlenecks of every example and copy, in the examples' order (copy 0
 * first). Undecodable files are skipped.
 */
export async function getBottlenecks(req: BottleneckRequest): Promise<Bottleneck[]> {
  const { inputSize: size, cacheDir } = req;
  const dir = join(cacheDir, req.modelKey);
  await mkdir(dir, { recursive: true });
  const total = req.examples.reduce((n, e) => n + 1 + req.copiesOf(e), 0);
  const out: Bottleneck[] = [];
  let done = 0;

  // Cached copies are read as they come; the others are decoded (once per image) and computed.
  async function* missingOf(example: Example): AsyncGenerator<ModelInput<Missing>> {
    const bytes = await readFile(example.path);
    const digest = createHash('sha1').update(bytes).digest('hex');
    const seed = imageSeed(bytes);
    let image: Rgb | undefined;
    for (let copy = 0; copy <= req.copiesOf(example); copy++) {
      const d = copy === 0 ? undefined : distortionFor(seed, copy, req.distortions);
      const parts = [digest, PREPROCESS_VERSION, size, JSON.stringify(d ?? null)];
      // The effects' rendering has its own version, so today's keys stay as they were.
      if (d && hasWindshieldEffect(d)) parts.push(WINDSHIELD_VERSION);
      const key = cacheKey(...parts);
      const file = join(dir, `${key}.f32`);
      if (existsSync(file)) {
        const buf = await readFile(file);
        out.push({
          example,
          copy,
          features: new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4),
        });
        req.onProgress?.(++done, total);
        continue;
      }
      image ??= await decodeImage(example.path);
      yield { key: { example, copy, file }, pixels: await toInputPixels(image, size, d) };
    }
  }

  await inBatches(req.examples, {
    pathOf: (e) => e.path,
    inputsOf: missingOf,
    onSkip: req.onSkip,
    batchSize: req.batchSize,
    run: async (batch) => {
      const rows = runBatch(
        req.backbone,
        size,
        batch.map((b) => b.pixels),
      );
      await Promise.all(
        batch.map(async ({ key: m }, i) => {
          const f = rows[i] as Float32Array;
          out.push({ example: m.example, copy: m.copy, features: f });
          // Unique per write: two identical images in one batch share a cache file.
          const tmp = `${m.file}.${process.pid}.${tmpCounter++}.tmp`;
          await writeFile(tmp, new Uint8Array(f.buffer));
          await rename(tmp, m.file);
        }),
      );
      done += batch.length;
      req.onProgress?.(done, total);
    },
  });
  // Cached rows arrive before computed ones: put them back in the examples' order, so that
  // training (which draws rows by index) does not depend on what the cache held.
  const order = new Map(req.examples.map((e, i) => [e, i]));
  return out.sort(
    (a, b) => (order.get(a.example) ?? 0) - (order.get(b.example) ?? 0) || a.copy - b.copy,
  );
}
