/**
 * The last stage of a retrain: the chosen head exported on its backbone into `<output_dir>/<id>/`,
 * reloaded and scored on the test images, with meta.json, report.json and report.html; with a
 * `.tflite` base, model.tflite measured in Chromium; then the catalog.
 */
import { resolve } from 'node:path';
import type { Variant } from '../../src/models/variants.ts';
import { updateCatalog } from '../catalog/catalog-io.ts';
import { writeMeta, type ModelMeta } from '../catalog/meta.ts';
import type { Example } from '../data/dataset.ts';
import type { SplitName } from '../data/split.ts';
import { withHarness } from '../harness/driver.ts';
import { removeStaleTflite } from '../int8/export.ts';
import { int8ForModelDir, int8Summary } from '../int8/model-folder.ts';
import { writeReport } from '../report/report-html.ts';
import { publishedMeta } from '../weights/store.ts';
import type { Candidate } from './candidates.ts';
import { exportModel, floatAccuracy, scoreExport } from './exported.ts';
import type { FineTuned } from './fine-tune.ts';
import type { Metrics } from './metrics.ts';
import type { RetrainOptions } from './options.ts';
import { headAccuracy, SPLIT_NAMES } from './train-head.ts';

export interface RetrainResult {
  id: string;
  dir: string;
  meta: ModelMeta;
  metrics: Metrics;
  floatTestAccuracy: number;
}

/** Writes `best` as the model of `variant`, with everything that describes it. */
export async function publish(
  o: RetrainOptions,
  variant: Variant,
  best: Candidate,
  candidates: Candidate[],
  sets: Record<SplitName, Example[]>,
  started: number,
  tuned: FineTuned | null,
): Promise<RetrainResult> {
  const test = sets.testing;
  const weights = tuned ?? { base: best.base, head: best.head.weights };
  // A tuned backbone makes the cached bottlenecks stale: its float32 model runs end to end.
  const floatTestAccuracy = tuned
    ? await floatAccuracy(weights, variant, test, o.quiet)
    : headAccuracy(best, 'testing');
  const published = best.resolved.published && publishedMeta(best.resolved.published);
  const dir = resolve(o.outputDir, variant.id);
  const saved = await exportModel(weights.base, weights.head, variant, o.quantize, dir);
  // An earlier run's model.tflite belongs to an earlier head: never leave it beside this one.
  const hadTflite = await removeStaleTflite(dir);
  // The shipped artefact, reloaded from disk and run end to end on the test images.
  const metrics = await scoreExport(dir, variant.inputSize, test, 'testing exported', o.quiet);
  // And on validation: the score a variant is chosen by (tools/catalog/default-choice.ts).
  const validation = await scoreExport(
    dir,
    variant.inputSize,
    sets.validation,
    'validating exported',
    o.quiet,
  );

  const meta = await writeMeta(dir, {
    variant,
    quantization: o.quantize,
    weightBytes: saved.weightBytes,
    testAccuracy: metrics.accuracy,
    floatTestAccuracy,
    validationAccuracy: validation.accuracy,
    base: { source: best.label, format: best.base.format, digest: best.digest, published },
    basesCompared: candidates.map((c) => ({
      source: c.label,
      validationAccuracy: c.validationAccuracy,
      imagenetCheck: c.check,
    })),
    fineTune: tuned
      ? {
          blocks: tuned.blocks,
          bestStep: tuned.bestStep,
          headValidationAccuracy: tuned.headValidationAccuracy,
          validationAccuracy: tuned.validationAccuracy,
          quantizationAware: o.fineTune.uint8,
          floatValidationAccuracy: tuned.floatValidationAccuracy,
        }
      : undefined,
    imageDir: o.imageDir,
    counts: Object.fromEntries(SPLIT_NAMES.map((s) => [s, sets[s].length])),
    options: o,
    trainingSeconds: (Date.now() - started) / 1000,
  });
  await writeReport(dir, meta, best.head, metrics, floatTestAccuracy, {
    fineTune: tuned ?? undefined,
    grid: {
      examples: sets.training.map((e) => e.path),
      flags: o.distortions,
      inputSize: variant.inputSize,
    },
  });
  if (o.int8 && weights.base.format === 'tflite') {
    // model.tflite from the exported model, measured on the integer engine in Chromium.
    const split = { training: sets.training, testing: test };
    meta.int8 = await withHarness((h) => int8ForModelDir(h, dir, meta, split, o.log));
    o.log(int8Summary(meta, meta.int8));
  } else {
    // The integer model reuses a .tflite base's quantized backbone: a TF.js base has none.
    const why = o.int8 ? `its base ${best.label} is not a .tflite file` : '--int8 false';
    o.log(`no model.tflite for ${variant.id}: ${why}${hadTflite ? ' (old one removed)' : ''}`);
  }
  await updateCatalog(o.outputDir, o.setDefault ? meta.id : null);
  return { id: variant.id, dir, meta, metrics, floatTestAccuracy };
}
