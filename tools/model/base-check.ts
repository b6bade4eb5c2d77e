/**
 * Is a base really ImageNet-trained? The dataset's ImageNet sample photos carry their class in
 * their names (`imagenet_<wnid>_<name>.jpg`). A base with its classifier must put the true class
 * in its top 5 for most of them (published top-5 of 0.25_224: 74%). A base without a classifier
 * is checked by its features' nearest neighbours: ImageNet's class order groups related classes
 * (dogs, birds, vehicles...), so a trained feature space puts a photo's nearest neighbour within a
 * few classes of its own far more often than chance.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from '../common/tf.ts';
import type { MobileNetBase } from './base.ts';
import { buildMobileNet } from './mobilenet.ts';
import { predictFiles } from './predict.ts';
import { evenSample } from '../common/sample.ts';

export interface BaseCheck {
  method: 'top5' | 'nearest-neighbour';
  n: number;
  /** Top-5 accuracy, or the share of photos whose nearest neighbour is within `NEIGHBOUR_CLASSES`. */
  score: number;
  /** What random features would score (nearest-neighbour only): the share of related pairs. */
  chance?: number;
  passed: boolean;
}

/** Most photos must have their class in the top 5 (the published 0.25_224 top-5 is 74%). */
export const MIN_TOP5 = 0.5;
/** A headless base's neighbours must be related at least this many times more often than chance. */
export const MIN_NEIGHBOUR_LIFT = 3;

/** How close (in ImageNet class index) a nearest neighbour must be to count as related. */
export const NEIGHBOUR_CLASSES = 10;

interface Sample {
  path: string;
  classIndex: number;
}

/** The ImageNet sample photos of a folder (recursively one level), with their class index. */
export function imagenetSamples(dir: string, synsetsFile: string, limit = 200): Sample[] {
  const synsets = readFileSync(synsetsFile, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(' ')[0]);
  const index = new Map(synsets.map((w, i) => [w, i]));
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /(^|\/)imagenet_n\d{8}_/.test(f))
    .sort();
  const samples = files.flatMap((f) => {
    const wnid = /imagenet_(n\d{8})_/.exec(f)?.[1];
    const i = wnid === undefined ? undefined : index.get(wnid);
    return i === undefined ? [] : [{ path: join(dir, f), classIndex: i }];
  });
  return evenSample(samples, limit);
}

/** Runs the check that fits the base at `inputSize`. */
export async function checkBase(
  base: MobileNetBase,
  inputSize: number,
  samples: Sample[],
): Promise<BaseCheck> {
  const withTop = base.classifier !== undefined;
  const model = buildMobileNet({ width: base.width, inputSize, base, imagenetTop: withTop });
  try {
    const preds = await predictFiles(
      model,
      inputSize,
      samples.map((s) => s.path),
    );
    const truth = new Map(samples.map((s) => [s.path, s.classIndex]));
    if (withTop) {
      const shift = base.classifier?.background ? 1 : 0;
      const hits = preds.filter((p) => {
        const top5 = [...p.probs.keys()]
          .sort((a, b) => (p.probs[b] as number) - (p.probs[a] as number))
          .slice(0, 5);
        return top5.some((i) => i - shift === truth.get(p.path));
      });
      const score = hits.length / Math.max(1, preds.length);
      return { method: 'top5', n: preds.length, score, passed: score >= MIN_TOP5 };
    }
    const sims = tf.tidy(() => {
      const f = tf.tensor2d(preds.map((p) => p.probs));
      const unit = tf.div(f, tf.add(tf.norm(f, 2, 1, true), 1e-8));
      return tf.matMul(unit, unit, false, true).arraySync() as number[][];
    });
    const near = preds.filter((p, i) => {
      const row = sims[i] as number[];
      let best = -1;
      row.forEach((s, j) => {
        if (j !== i && (best < 0 || s > (row[best] as number))) best = j;
      });
      const other = preds[best];
      return (
        other !== undefined &&
        Math.abs((truth.get(other.path) ?? -1e9) - (truth.get(p.path) ?? 0)) <= NEIGHBOUR_CLASSES
      );
    });
    const classes = preds.map((p) => truth.get(p.path) ?? 0);
    const related = classes.map(
      (c, i) =>
        classes.filter((d, j) => j !== i && Math.abs(d - c) <= NEIGHBOUR_CLASSES).length /
        Math.max(1, classes.length - 1),
    );
    const chance = related.reduce((a, b) => a + b, 0) / Math.max(1, related.length);
    const score = near.length / Math.max(1, preds.length);
    return {
      method: 'nearest-neighbour',
      n: preds.length,
      score,
      chance,
      passed: score >= MIN_NEIGHBOUR_LIFT * chance,
    };
  } finally {
    model.dispose();
  }
}

export const describeCheck = (c: BaseCheck): string =>
  c.method === 'top5'
    ? `top-5 ${(100 * c.score).toFixed(1)}% of ${c.n} ImageNet photos`
    : `nearest neighbour related for ${(100 * c.score).toFixed(1)}% of ${c.n} ImageNet photos, chance ${(100 * (c.chance ?? 0)).toFixed(1)}%`;

/**
 * The ImageNet check of a base on an image folder's `imagenet_<wnid>_*` photos, or null (with
 * a logged reason) when there are too few of them or no class list.
 */
export async function verifyBase(
  imageDir: string,
  synsetsFile: string,
  base: MobileNetBase,
  inputSize: number,
  log: (line: string) => void,
): Promise<BaseCheck | null> {
  if (!existsSync(synsetsFile)) {
    log(`base ${base.source}: ImageNet check skipped (no ImageNet class list at ${synsetsFile})`);
    return null;
  }
  const samples = imagenetSamples(imageDir, synsetsFile, base.classifier ? 200 : 1000);
  if (samples.length < 20) {
    log(
      `base ${base.source}: ImageNet check skipped (fewer than 20 imagenet_<wnid>_*.jpg photos in the image folder)`,
    );
    return null;
  }
  const check = await checkBase(base, inputSize, samples);
  log(
    `base ${base.source}: ImageNet check ${check.passed ? 'passed' : 'FAILED'}: ${describeCheck(check)}`,
  );
  return check;
}
