/**
 * The second stage of a retrain (`--fine_tune_blocks N`): after the head, the last N depthwise +
 * pointwise pairs of the backbone train together with it, from the head's weights and the
 * ImageNet ones, at a small learning rate, early-stopped on validation loss.
 *
 * So that it fits a 2-core machine, the frozen part runs once per image and distorted copy: its
 * output (the activations entering the first tuned block) is cached on disk like the bottlenecks
 * (same key scheme, same distortions), and training runs only the tail (tools/model/tail.ts).
 * An L2-SP penalty (Li, Grandvalet & Davoine, ICML 2018) pulls every tuned weight towards where
 * it started, so a few thousand photos adjust the ImageNet features rather than overwrite them.
 * With `uint8` (quantization-aware), every step and every evaluation runs the kernels as the
 * uint8 export will hold them (`onUint8Grid`), so early stopping picks the weights that are best
 * once exported, and the float32 accuracy of the same weights is measured beside it.
 * The activations are held in memory while training: with two blocks about 0.3 GB for 0.25_128,
 * 0.9 GB for 0.5_160 and 3.5 GB for 1.0_224 (the same again on disk in the cache).
 */
import { tf, tfl } from '../common/tf.ts';
import { progress } from '../common/progress.ts';
import { evenSample } from '../common/sample.ts';
import { seededRandom } from '../../src/util/random.ts';
import type { Variant } from '../../src/models/variants.ts';
import { LABELS, type Example } from '../data/dataset.ts';
import type { SplitName } from '../data/split.ts';
import type { MobileNetBase } from '../model/base.ts';
import { buildMobileNet, CONV_NAMES, type HeadWeights } from '../model/mobilenet.ts';
import type { EvalPoint } from '../model/head.ts';
import {
  firstTunedConv,
  tailList,
  tailLogits,
  tailVariables,
  tailWeights,
  type TailVariables,
} from '../model/tail.ts';
import { cacheKey, getBottlenecks, type Bottleneck } from './bottlenecks.ts';
import type { RetrainOptions } from './options.ts';
import { anyDistortion } from './train-head.ts';

/** Steps between evaluations, and evaluations without a better validation loss before stopping. */
const EVAL_INTERVAL = 50;
const PATIENCE = 8;
/** Training rows scored at each evaluation (a fixed, even sample: the curve, not the choice). */
const TRAIN_SAMPLE = 512;
/** Rows per forward pass when scoring. */
const SCORE_BATCH = 64;
/** Photos per pass of the frozen part while caching its output. */
const CACHE_BATCH = 16;

export interface FineTuneSettings {
  blocks: number;
  learningRate: number;
  steps: number;
  batchSize: number;
  /** Weight of the L2-SP penalty (sum of squared drift from the starting weights). */
  l2sp: number;
  /** Train and evaluate through the export's uint8 grids (quantization-aware). */
  uint8: boolean;
}

export interface FineTuned {
  base: MobileNetBase;
  head: HeadWeights;
  blocks: number;
  history: EvalPoint[];
  bestStep: number;
  /**
   * Validation accuracy at the best step (on the cached activations), of the weights as they
   * train: on the uint8 grids when `uint8`, else float32.
   */
  validationAccuracy: number;
  /** The same weights' float32 validation accuracy. */
  floatValidationAccuracy: number;
  /** Validation accuracy of the head alone, before this stage, on the same rows. */
  headValidationAccuracy: number;
}

interface Rows {
  x: Float32Array[];
  y: Int32Array;
  shape: [number, number, number];
}

function rowsOf(bs: Bottleneck[], shape: [number, number, number]): Rows {
  return {
    x: bs.map((b) => b.features),
    y: Int32Array.from(bs, (b) => b.example.labelIndex),
    shape,
  };
}

function stack(rows: Rows, picks: number[]): tf.Tensor4D {
  const [h, w, c] = rows.shape;
  const dim = h * w * c;
  const buf = new Float32Array(picks.length * dim);
  picks.forEach((r, i) => buf.set(rows.x[r] as Float32Array, i * dim));
  return tf.tensor4d(buf, [picks.length, h, w, c]);
}

/** The activations entering the first tuned block, for every example (and training copy). */
async function activations(
  o: RetrainOptions,
  variant: Variant,
  base: MobileNetBase,
  digest: string,
  blocks: number,
  splits: Map<Example, SplitName>,
): Promise<{ train: Bottleneck[]; validation: Bottleneck[]; shape: [number, number, number] }> {
  const full = buildMobileNet({ width: variant.width, inputSize: variant.inputSize, base });
  const cutName = CONV_NAMES[firstTunedConv(blocks) - 1] as string;
  const frozen = tfl.model({ inputs: full.inputs, outputs: full.getLayer(cutName).output });
  const shape = (frozen.outputs[0]?.shape.slice(1) ?? []) as [number, number, number];
  const used = [...splits].filter(([, s]) => s !== 'testing').map(([e]) => e);
  const bar = progress(`activations ${variant.id} (${cutName})`, 1, o.quiet);
  let all: Bottleneck[];
  try {
    all = await getBottlenecks({
      backbone: frozen,
      inputSize: variant.inputSize,
      modelKey: cacheKey(digest, variant.id, `activations-${cutName}`),
      examples: used,
      // The same copies as the head's bottlenecks (train-head.ts).
      copiesOf: (e) =>
        splits.get(e) === 'training' && anyDistortion(o.distortions) ? o.distortedCopies : 0,
      distortions: o.distortions,
      cacheDir: o.bottleneckDir,
      batchSize: CACHE_BATCH,
      onProgress: (done, total) => bar.update(done, '', total),
      onSkip: (path, reason) => o.log(`skipped ${path}: ${reason}`),
    });
  } finally {
    bar.stop();
    full.dispose();
  }
  return {
    train: all.filter((b) => splits.get(b.example) === 'training'),
    validation: all.filter((b) => splits.get(b.example) === 'validation'),
    shape,
  };
}

/**
 * Fine-tunes the last `s.blocks` blocks of `base` with `head` on the examples of `splits`;
 * returns the new weights (the base's other convolutions untouched) and the stage's curve.
 */
export async function fineTune(
  o: RetrainOptions,
  s: FineTuneSettings,
  variant: Variant,
  start: { base: MobileNetBase; head: HeadWeights; digest: string },
  splits: Map<Example, SplitName>,
): Promise<FineTuned> {
  const acts = await activations(o, variant, start.base, start.digest, s.blocks, splits);
  const train = rowsOf(acts.train, acts.shape);
  const validation = rowsOf(acts.validation, acts.shape);
  if (train.x.length === 0 || validation.x.length === 0)
    throw new Error('fine-tuning needs training and validation images');

  const v = tailVariables(start.base, start.head, s.blocks);
  const vars = tailList(v);
  const anchors = vars.map((t) => t.clone());
  const optimizer = tf.train.adam(s.learningRate);
  const counts = LABELS.map((_, c) => train.y.filter((y) => y === c).length);
  const classWeight = tf.tensor1d(
    counts.map((n) => train.y.length / (LABELS.length * Math.max(1, n))),
  );
  const rand = seededRandom(7);
  const trainSample = evenSample(
    Array.from(train.y, (_, i) => i),
    TRAIN_SAMPLE,
  );
  const allValidation = Array.from(validation.y, (_, i) => i);

  /** Cross-entropy weighted by class (rare classes count as much as common ones). */
  const crossEntropy = (logits: tf.Tensor2D, y: tf.Tensor1D): tf.Scalar =>
    tf.losses.softmaxCrossEntropy(tf.oneHot(y, LABELS.length), logits, tf.gather(classWeight, y));
  const loss = (tail: TailVariables, x: tf.Tensor4D, y: tf.Tensor1D): tf.Scalar => {
    const ce = crossEntropy(tailLogits(tail, x, s.uint8), y);
    const drift = vars.reduce<tf.Scalar>(
      (acc, t, i) => tf.add(acc, tf.sum(tf.square(tf.sub(t, anchors[i] as tf.Tensor)))),
      tf.scalar(0),
    );
    return tf.add(ce, tf.mul(s.l2sp, drift));
  };
  const score = (
    rows: Rows,
    picks: number[],
    uint8 = s.uint8,
  ): { loss: number; accuracy: number } => {
    let lossSum = 0;
    let hits = 0;
    for (let at = 0; at < picks.length; at += SCORE_BATCH) {
      const part = picks.slice(at, at + SCORE_BATCH);
      tf.tidy(() => {
        const x = stack(rows, part);
        const y = tf.tensor1d(
          Int32Array.from(part, (r) => rows.y[r] as number),
          'int32',
        );
        const logits = tailLogits(v, x, uint8);
        lossSum += (crossEntropy(logits, y).dataSync()[0] as number) * part.length;
        hits += tf
          .sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32'))
          .dataSync()[0] as number;
      });
    }
    return { loss: lossSum / picks.length, accuracy: hits / picks.length };
  };

  const bar = progress(`fine-tuning ${s.blocks} block${s.blocks > 1 ? 's' : ''}`, s.steps, o.quiet);
  try {
    const history: EvalPoint[] = [];
    const evaluate = (step: number): EvalPoint => {
      const t = score(train, trainSample);
      const val = score(validation, allValidation);
      const p = {
        step,
        trainLoss: t.loss,
        trainAccuracy: t.accuracy,
        validationLoss: val.loss,
        validationAccuracy: val.accuracy,
      };
      history.push(p);
      bar.update(
        step,
        `train ${(100 * p.trainAccuracy).toFixed(1)}% val ${(100 * p.validationAccuracy).toFixed(1)}%`,
      );
      return p;
    };
    const floatAccuracy = (p: EvalPoint): number =>
      s.uint8 ? score(validation, allValidation, false).accuracy : p.validationAccuracy;
    const first = evaluate(0);
    // Until a step beats it, the starting weights are the best: kept as they were, grids and all.
    let best = {
      point: first,
      floatAccuracy: floatAccuracy(first),
      snapshot: { base: start.base, head: start.head },
    };
    let sinceBest = 0;
    const n = Math.min(s.batchSize, train.x.length);
    for (let step = 1; step <= s.steps; step++) {
      const picks = Array.from({ length: n }, () => Math.floor(rand() * train.x.length));
      tf.tidy(() => {
        const x = stack(train, picks);
        const y = tf.tensor1d(
          Int32Array.from(picks, (r) => train.y[r] as number),
          'int32',
        );
        optimizer.minimize(() => loss(v, x, y), false, vars);
      });
      if (step % EVAL_INTERVAL !== 0 && step !== s.steps) continue;
      const p = evaluate(step);
      if (p.validationLoss < best.point.validationLoss - 1e-5) {
        best = { point: p, floatAccuracy: floatAccuracy(p), snapshot: tailWeights(start.base, v) };
        sinceBest = 0;
      } else if (++sinceBest >= PATIENCE) {
        break;
      }
      // Let the event loop breathe (progress bar, signals) between evaluations.
      await new Promise((r) => setImmediate(r));
    }
    return {
      ...best.snapshot,
      blocks: s.blocks,
      history,
      bestStep: best.point.step,
      validationAccuracy: best.point.validationAccuracy,
      floatValidationAccuracy: best.floatAccuracy,
      headValidationAccuracy: first.validationAccuracy,
    };
  } finally {
    bar.stop();
    [...vars, ...anchors, classWeight].forEach((t) => t.dispose());
    optimizer.dispose();
  }
}
