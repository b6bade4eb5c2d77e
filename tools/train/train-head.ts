/**
 * One base's part of a retrain: the bottlenecks of every image (and distorted training copy)
 * through its frozen backbone, cached, then a softmax head trained on them.
 */
import { tf } from '../common/tf.ts';
import { progress } from '../common/progress.ts';
import { evenSample } from '../common/sample.ts';
import type { Variant } from '../../src/models/variants.ts';
import { LABELS, type Example } from '../data/dataset.ts';
import type { DistortionFlags } from '../data/images.ts';
import { WINDSHIELD_EFFECTS } from '../data/windshield.ts';
import type { SplitName } from '../data/split.ts';
import { baseDigest, type MobileNetBase } from '../model/base.ts';
import { buildMobileNet } from '../model/mobilenet.ts';
import { headLogits, toMatrix, trainHead, type EvalPoint, type HeadResult } from '../model/head.ts';
import { cacheKey, getBottlenecks, type Bottleneck } from './bottlenecks.ts';
import type { RetrainOptions } from './options.ts';

export const SPLIT_NAMES: SplitName[] = ['training', 'validation', 'testing'];

/** A head trained on one base, with the bottlenecks it was trained on, by set. */
export interface TrainedHead {
  base: MobileNetBase;
  label: string;
  digest: string;
  head: HeadResult;
  bottlenecks: Map<SplitName, Bottleneck[]>;
  validationAccuracy: number;
}

/** Whether any distortion is on (without one, training copies would equal the photo). */
export function anyDistortion(d: DistortionFlags): boolean {
  const retrainPy =
    d.flipLeftRight || d.randomCrop > 0 || d.randomScale > 0 || d.randomBrightness > 0;
  return retrainPy || WINDSHIELD_EFFECTS.some((e) => (d[e.flag] ?? 0) > 0);
}

const asRows = (bs: Bottleneck[]) =>
  bs.map((b) => ({ features: b.features, label: b.example.labelIndex }));

/** Bottlenecks of every example through `base` (read from the cache where they are), by set. */
async function bottlenecksBySet(
  o: RetrainOptions,
  variant: Variant,
  base: MobileNetBase,
  digest: string,
  splits: Map<Example, SplitName>,
): Promise<Map<SplitName, Bottleneck[]>> {
  const backbone = buildMobileNet({ width: variant.width, inputSize: variant.inputSize, base });
  const copies = anyDistortion(o.distortions) ? o.distortedCopies : 0;
  const bar = progress(`bottlenecks ${variant.id}`, 1, o.quiet);
  let all: Bottleneck[];
  try {
    all = await getBottlenecks({
      backbone,
      inputSize: variant.inputSize,
      modelKey: cacheKey(digest, variant.id),
      examples: [...splits.keys()],
      copiesOf: (e) => (splits.get(e) === 'training' ? copies : 0),
      distortions: o.distortions,
      cacheDir: o.bottleneckDir,
      onProgress: (done, total) => bar.update(done, '', total),
      onSkip: (path, reason) => o.log(`skipped ${path}: ${reason}`),
    });
  } finally {
    bar.stop();
    backbone.dispose();
  }
  const bySplit = new Map<SplitName, Bottleneck[]>(SPLIT_NAMES.map((s) => [s, []]));
  for (const b of all) bySplit.get(splits.get(b.example) as SplitName)?.push(b);
  return bySplit;
}

/** Trains a head on `base`'s bottlenecks of the training set, early-stopped on validation. */
export async function trainOnBase(
  o: RetrainOptions,
  variant: Variant,
  base: MobileNetBase,
  label: string,
  splits: Map<Example, SplitName>,
): Promise<TrainedHead> {
  const digest = baseDigest(base);
  const bySplit = await bottlenecksBySet(o, variant, base, digest, splits);
  const train = bySplit.get('training') as Bottleneck[];
  const validation = bySplit.get('validation') as Bottleneck[];
  if (train.length === 0 || validation.length === 0) {
    throw new Error(
      'the split left no training or no validation images: add images or change the percentages',
    );
  }
  const bar = progress(`training head`, o.howManyTrainingSteps, o.quiet);
  const head = trainHead(
    toMatrix(asRows(train)),
    toMatrix(asRows(evenSample(validation, o.validationBatchSize))),
    {
      classes: LABELS.length,
      steps: o.howManyTrainingSteps,
      batchSize: o.trainBatchSize,
      learningRate: o.learningRate,
      evalInterval: o.evalStepInterval,
      patience: o.patience,
      hiddenUnits: o.hiddenUnits,
      l2: o.l2,
      seed: 1,
      onEval: (p: EvalPoint) =>
        bar.update(
          p.step,
          `train ${(100 * p.trainAccuracy).toFixed(1)}% val ${(100 * p.validationAccuracy).toFixed(1)}%`,
        ),
    },
  );
  bar.stop();
  const best = head.history.find((p) => p.step === head.bestStep);
  return {
    base,
    label,
    digest,
    head,
    bottlenecks: bySplit,
    validationAccuracy: best?.validationAccuracy ?? 0,
  };
}

/** The float32 accuracy of a trained head on the undistorted bottlenecks of `split`. */
export function headAccuracy(t: TrainedHead, split: SplitName): number {
  const rows = (t.bottlenecks.get(split) ?? []).filter((b) => b.copy === 0);
  if (rows.length === 0) return 0;
  const m = toMatrix(asRows(rows));
  return tf.tidy(() => {
    const logits = headLogits(t.head.weights, tf.tensor2d(m.x, [m.rows, m.dim]));
    const hit = tf.equal(tf.argMax(logits, 1), tf.tensor1d(m.y, 'int32'));
    return tf.mean(tf.cast(hit, 'float32')).dataSync()[0] as number;
  });
}
