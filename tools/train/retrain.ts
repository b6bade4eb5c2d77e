/**
 * retrain.py's flow on MobileNet v1: bottlenecks of a frozen ImageNet backbone and a trained
 * softmax head on each candidate base (train-head.ts, candidates.ts), then the best one exported
 * as the variant's model, quantized, with meta.json, report.json and a catalog entry; with a
 * .tflite base, the same model as an integer .tflite too (publish.ts).
 */
import { parseVariant } from '../../src/models/variants.ts';
import { guardShipped } from '../catalog/shipped.ts';
import { listDataset } from '../data/dataset.ts';
import { splitExamples, splitOf } from '../data/split.ts';
import { bestCandidate, trainCandidates } from './candidates.ts';
import type { RetrainOptions } from './options.ts';
import { publish, type RetrainResult } from './publish.ts';

export type { RetrainOptions } from './options.ts';
export type { RetrainResult } from './publish.ts';

export async function retrain(o: RetrainOptions): Promise<RetrainResult> {
  const started = Date.now();
  guardShipped(o.outputDir, o.replaceShipped ?? false);
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
  return publish(o, variant, best, candidates, sets, started);
}
