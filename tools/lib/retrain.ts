/**
 * retrain.py's flow on MobileNet v1: bottlenecks of a frozen ImageNet backbone, a trained
 * softmax head, then one exported model (backbone + head) per variant, quantized, with meta.json,
 * report.json and a catalog entry; with a .tflite base, the same model as an integer .tflite too.
 */
import { resolve } from 'node:path';
import { tf } from './tf.ts';
import { parseVariant, type Variant } from '../../src/models/variants.ts';
import { LABELS, listDataset, type Example } from './dataset.ts';
import { splitOf, type SplitName } from './split.ts';
import { baseDigest, loadBase, type MobileNetBase } from './base.ts';
import { buildMobileNet, randomBase } from './mobilenet.ts';
import { cacheKey, getBottlenecks, type Bottleneck } from './bottlenecks.ts';
import { headLogits, toMatrix, trainHead, type EvalPoint, type HeadResult } from './head.ts';
import type { Quantization } from './model-io.ts';
import { withHarness } from './harness.ts';
import { int8ForModelDir, int8Summary } from './int8-check.ts';
import { exportModel, exportedAccuracy, scoreExport } from './exported.ts';
import type { Metrics } from './metrics.ts';
import { progress } from './progress.ts';
import { updateCatalog, writeMeta, type ModelMeta } from './catalog-io.ts';
import type { DistortionFlags } from './images.ts';
import { SYNSETS_FILE } from './paths.ts';
import {
  autoBases,
  publishedMeta,
  storeOptions,
  type ResolvedBase,
  type StoreOptions,
} from '../weights/store.ts';
import { guardShipped } from './shipped.ts';
import { removeStaleTflite } from './int8-export.ts';
import { describeCheck, verifyBase, type BaseCheck } from './base-check.ts';
import { writeReport } from './report-html.ts';

export interface RetrainOptions {
  imageDir: string;
  architecture: string;
  /** 'auto' (every known base for the width, keep the best), 'random', or a path / URL. */
  base: string;
  learningRate: number;
  testingPercentage: number;
  validationPercentage: number;
  trainBatchSize: number;
  /** -1: the whole validation set at every evaluation. */
  validationBatchSize: number;
  evalStepInterval: number;
  howManyTrainingSteps: number;
  distortions: DistortionFlags;
  distortedCopies: number;
  hiddenUnits: number;
  l2: number;
  patience: number;
  bottleneckDir: string;
  outputDir: string;
  quantize: Quantization;
  setDefault: boolean;
  /** Also write model.tflite (a .tflite base only) and measure it in Chromium. */
  int8?: boolean;
  /** Where `base: 'auto'` finds or fetches weights (default: ../shared, then the user's cache). */
  weights?: StoreOptions;
  /** Allow `outputDir` to be the repository's shipped `models/`. */
  replaceShipped?: boolean;
  quiet: boolean;
  log: (line: string) => void;
}

export interface RetrainResult {
  id: string;
  dir: string;
  meta: ModelMeta;
  metrics: Metrics;
  floatTestAccuracy: number;
}

interface Candidate {
  base: MobileNetBase;
  label: string;
  resolved: ResolvedBase;
  check: BaseCheck | null;
  digest: string;
  head: HeadResult;
  bottlenecks: Map<SplitName, Bottleneck[]>;
  validationAccuracy: number;
}

const SPLIT_NAMES: SplitName[] = ['training', 'validation', 'testing'];

function anyDistortion(d: DistortionFlags): boolean {
  return d.flipLeftRight || d.randomCrop > 0 || d.randomScale > 0 || d.randomBrightness > 0;
}

function sampleRows(rows: Bottleneck[], n: number): Bottleneck[] {
  if (n < 0 || n >= rows.length) return rows;
  const step = rows.length / n;
  return Array.from({ length: n }, (_, i) => rows[Math.floor(i * step)] as Bottleneck);
}

async function trainOnBase(
  o: RetrainOptions,
  variant: Variant,
  base: MobileNetBase,
  label: string,
  splits: Map<Example, SplitName>,
): Promise<Omit<Candidate, 'check' | 'resolved'>> {
  const backbone = buildMobileNet({ width: variant.width, inputSize: variant.inputSize, base });
  const digest = baseDigest(base);
  const copies = anyDistortion(o.distortions) ? o.distortedCopies : 0;
  const examples = [...splits.keys()];
  const bar = progress(`bottlenecks ${variant.id}`, 1, o.quiet);
  let all: Bottleneck[];
  try {
    all = await getBottlenecks({
      backbone,
      inputSize: variant.inputSize,
      modelKey: cacheKey(digest, variant.id),
      examples,
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
  const asRows = (bs: Bottleneck[]) =>
    bs.map((b) => ({ features: b.features, label: b.example.labelIndex }));
  const train = bySplit.get('training') as Bottleneck[];
  const validation = bySplit.get('validation') as Bottleneck[];
  if (train.length === 0 || validation.length === 0) {
    throw new Error(
      'the split left no training or no validation images: add images or change the percentages',
    );
  }
  const bar2 = progress(`training head`, o.howManyTrainingSteps, o.quiet);
  const head = trainHead(
    toMatrix(asRows(train)),
    toMatrix(asRows(sampleRows(validation, o.validationBatchSize))),
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
        bar2.update(
          p.step,
          `train ${(100 * p.trainAccuracy).toFixed(1)}% val ${(100 * p.validationAccuracy).toFixed(1)}%`,
        ),
    },
  );
  bar2.stop();
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

function headAccuracy(c: Candidate, split: SplitName): number {
  const rows = (c.bottlenecks.get(split) ?? []).filter((b) => b.copy === 0);
  if (rows.length === 0) return 0;
  const m = toMatrix(rows.map((b) => ({ features: b.features, label: b.example.labelIndex })));
  return tf.tidy(() => {
    const logits = headLogits(c.head.weights, tf.tensor2d(m.x, [m.rows, m.dim]));
    const hit = tf.equal(tf.argMax(logits, 1), tf.tensor1d(m.y, 'int32'));
    return tf.mean(tf.cast(hit, 'float32')).dataSync()[0] as number;
  });
}

export async function retrain(o: RetrainOptions): Promise<RetrainResult> {
  const started = Date.now();
  guardShipped(o.outputDir, o.replaceShipped ?? false);
  const variant = parseVariant(o.architecture);
  const examples = listDataset(o.imageDir);
  const splits = new Map(
    examples.map((e) => [e, splitOf(e.path, o.validationPercentage, o.testingPercentage)]),
  );
  const count = (s: SplitName) => [...splits.values()].filter((v) => v === s).length;
  o.log(
    `${variant.id}: ${examples.length} images (train ${count('training')}, validation ${count('validation')}, test ${count('testing')})`,
  );

  const sources: ResolvedBase[] =
    o.base === 'auto'
      ? await autoBases(variant.width, o.weights ?? storeOptions(undefined, o.log, o.quiet))
      : [{ location: o.base, from: 'given' }];
  const candidates: Candidate[] = [];
  for (const resolved of sources) {
    const source = resolved.location;
    let base: MobileNetBase;
    try {
      base = source === 'random' ? randomBase(variant.width) : await loadBase(source);
    } catch (err) {
      o.log(`base ${source} not usable: ${(err as Error).message}`);
      continue;
    }
    if (base.width !== variant.width) {
      o.log(`base ${source} has width ${base.width}, not ${variant.width}: skipped`);
      continue;
    }
    const check =
      base.format === 'random'
        ? null
        : await verifyBase(o.imageDir, SYNSETS_FILE, base, variant.inputSize, o.log);
    if (check && !check.passed) {
      o.log(`base ${source} failed the ImageNet check (${describeCheck(check)}): skipped`);
      continue;
    }
    const c = { ...(await trainOnBase(o, variant, base, source, splits)), check, resolved };
    o.log(
      `base ${source}: validation accuracy ${(100 * c.validationAccuracy).toFixed(2)}% (best step ${c.head.bestStep})`,
    );
    candidates.push(c);
  }
  if (candidates.length === 0) throw new Error('no usable base weights (see the lines above)');
  if (candidates.length > 1) {
    // Bases are compared as they will ship: exported, quantized, run end to end on validation.
    const validation = examples.filter((e) => splits.get(e) === 'validation');
    for (const c of candidates) {
      c.validationAccuracy = await exportedAccuracy(
        c.base,
        c.head.weights,
        variant,
        o.quantize,
        validation,
        o.quiet,
      );
      o.log(
        `base ${c.label}: ${o.quantize} export scores ${(100 * c.validationAccuracy).toFixed(2)}% on validation`,
      );
    }
  }
  const best = [...candidates].sort(
    (a, b) => b.validationAccuracy - a.validationAccuracy,
  )[0] as Candidate;

  const floatTestAccuracy = headAccuracy(best, 'testing');
  const published = best.resolved.published && publishedMeta(best.resolved.published);
  const dir = resolve(o.outputDir, variant.id);
  const saved = await exportModel(best.base, best.head.weights, variant, o.quantize, dir);
  // An earlier run's model.tflite belongs to an earlier head: never leave it beside this one.
  const hadTflite = await removeStaleTflite(dir);
  // The shipped artefact, reloaded from disk and run end to end on the test images.
  const test = examples.filter((e) => splits.get(e) === 'testing');
  const metrics = await scoreExport(dir, variant.inputSize, test, 'testing exported', o.quiet);

  const meta = await writeMeta(dir, {
    variant,
    quantization: o.quantize,
    weightBytes: saved.weightBytes,
    testAccuracy: metrics.accuracy,
    floatTestAccuracy,
    validationAccuracy: best.validationAccuracy,
    base: { source: best.label, format: best.base.format, digest: best.digest, published },
    basesCompared: candidates.map((c) => ({
      source: c.label,
      validationAccuracy: c.validationAccuracy,
      imagenetCheck: c.check,
    })),
    imageDir: o.imageDir,
    counts: Object.fromEntries(SPLIT_NAMES.map((s) => [s, count(s)])),
    options: o,
    trainingSeconds: (Date.now() - started) / 1000,
  });
  await writeReport(dir, meta, best.head, metrics, floatTestAccuracy);
  if (o.int8 && best.base.format === 'tflite') {
    // model.tflite from the exported model, measured on the integer engine in Chromium.
    const split = { training: examples.filter((e) => splits.get(e) === 'training'), testing: test };
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
