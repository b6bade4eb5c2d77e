/**
 * retrain.py's flow on MobileNet v1: bottlenecks of a frozen ImageNet backbone and a trained
 * softmax head on each candidate base (train-head.ts, candidates.ts), optionally the last blocks
 * of the best one fine-tuned with its head (fine-tune.ts), then the result exported
 * as the variant's model, quantized, with meta.json, report.json and a catalog entry; with a
 * .tflite base, the same model as an integer .tflite too (publish.ts).
 */
import { parseVariant } from '../../src/models/variants.ts';
import { guardShipped } from '../catalog/shipped.ts';
import { UsageError } from '../common/args.ts';
import { missingChromium } from '../harness/chromium.ts';
import { listDataset } from '../data/dataset.ts';
import { splitExamples, splitOf } from '../data/split.ts';
import { bestCandidate, trainCandidates } from './candidates.ts';
import { fineTune } from './fine-tune.ts';
import type { RetrainOptions } from './options.ts';
import { publish, type RetrainResult } from './publish.ts';

export type { RetrainOptions } from './options.ts';
export type { RetrainResult } from './publish.ts';

export async function retrain(o: RetrainOptions): Promise<RetrainResult> {
  const started = Date.now();
  guardShipped(o.outputDir, o.replaceShipped ?? false);
  // model.tflite is measured in Chromium after training: a missing one is found now, not then.
  const noBrowser = o.int8 && o.base !== 'random' ? missingChromium() : null;
  if (noBrowser)
    throw new UsageError(
      `${noBrowser}; --int8 needs it to measure model.tflite (or pass --int8 false)`,
    );
  const variant = parseVariant(o.architecture);
  const examples = listDataset(o.imageDir);
  const sets = splitExamples(examples, o.validationPercentage, o.testingPercentage);
  // In the dataset's order: the bottlenecks, and so the head's training rows, come in this order.
  const splits = new Map(
    examples.map((e) => [e, splitOf(e.file, o.validationPercentage, o.testingPercentage)]),
  );
  o.log(
    `${variant.id}: ${examples.length} images (train ${sets.training.length}, validation ${sets.validation.length}, test ${sets.testing.length})`,
  );
  const candidates = await trainCandidates(o, variant, splits);
  const best = await bestCandidate(o, variant, candidates, sets.validation);
  const tuned =
    o.fineTune.blocks > 0
      ? await fineTune(o, o.fineTune, variant, { ...best, head: best.head.weights }, splits)
      : null;
  if (tuned) {
    const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
    const on = o.fineTune.uint8
      ? `on the uint8 grids; float32 ${pct(tuned.floatValidationAccuracy)}`
      : 'float32';
    o.log(
      `fine-tuned ${tuned.blocks} block(s): validation ${pct(tuned.headValidationAccuracy)} -> ${pct(tuned.validationAccuracy)} (${on}, best step ${tuned.bestStep})`,
    );
  }
  return publish(o, variant, best, candidates, sets, started, tuned);
}
