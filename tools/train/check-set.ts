/**
 * A shipped variant's feature sets (src/teach/checkSet.ts): `models/<id>/check.json`, the pooled
 * backbone features of an even sample of the photos its training held out for testing (the same
 * split), which teach mode scores a personal head and the shipped head on (the shipped head's
 * score there is its test accuracy on a smaller sample, so not a flattering one); and
 * `anchor.json`, the same from its training photos, which teach mode rehearses while training.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  ANCHOR_FILE,
  CHECK_FILE,
  encodeCheckSet,
  parseCheckSet,
  type CheckSet,
} from '../../src/teach/checkSet.ts';
import { UsageError } from '../common/args.ts';
import { DATASET_DIR, REPO_ROOT } from '../common/paths.ts';
import { progress } from '../common/progress.ts';
import { evenSample } from '../common/sample.ts';
import { tf, tfl } from '../common/tf.ts';
import { portable, readMeta, type ModelMeta } from '../catalog/meta.ts';
import { LABELS, listDataset, type Example } from '../data/dataset.ts';
import { splitOf } from '../data/split.ts';
import { NO_DISTORTIONS } from '../data/images.ts';
import { headLogits, toMatrix } from '../model/head.ts';
import { modelDigest, openModelDir, type OpenedModel } from '../model/model-dir.ts';
import { HEAD_LAYER, POOL_LAYER } from '../model/personal.ts';
import { predictFiles } from '../model/predict.ts';
import { cacheKey, getBottlenecks } from './bottlenecks.ts';

/**
 * Photos per label. 2 × 50 rows keep the file small (≤ 1024 uint8 features a row: ~140 KB of
 * base64 at width 1.0) and still resolve a 2-point drop in accuracy (1 photo = 1 point a label).
 */
export const CHECK_PER_LABEL = 50;

/** What a model's meta.json records of the split its training made. */
export interface TrainedSplit {
  /** Absolute path of the photos (`training.imageDir`, else the repository's dataset). */
  imageDir: string;
  validationPercentage: number;
  testingPercentage: number;
}

/** The photo folder and split percentages of `meta`; a `UsageError` when they are missing. */
export function trainedSplit(meta: ModelMeta): TrainedSplit {
  const { imageDir, validationPercentage: v, testingPercentage: t } = meta.training;
  if (typeof v !== 'number' || typeof t !== 'number') {
    throw new UsageError(
      `${meta.id}: meta.json has no training.validationPercentage and testingPercentage`,
    );
  }
  return {
    // meta.json writes paths beside the repository relative to it (tools/catalog/meta.ts).
    imageDir: typeof imageDir === 'string' ? resolve(REPO_ROOT, imageDir) : DATASET_DIR,
    validationPercentage: v,
    testingPercentage: t,
  };
}

/**
 * The check sample of `examples`: of each label (`LABELS` order), the files the split puts in
 * testing (`splitOf`, as training did), sorted by name, `perLabel` of them evenly spaced.
 */
export function checkSample(
  examples: readonly Example[],
  split: Omit<TrainedSplit, 'imageDir'>,
  perLabel: number,
  set: FeatureSetKind = 'testing',
): Example[] {
  return LABELS.flatMap((label) =>
    evenSample(
      examples
        .filter(
          (e) =>
            e.label === label &&
            splitOf(e.file, split.validationPercentage, split.testingPercentage) === set,
        )
        .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
      perLabel,
    ),
  );
}

/** Throws a one-line `UsageError` naming the outermost missing folder of `dir`, if any. */
export function requireFolder(dir: string): void {
  if (existsSync(dir)) return;
  let top = dir;
  while (dirname(top) !== top && !existsSync(dirname(top))) top = dirname(top);
  throw new UsageError(
    top === dir
      ? `image folder ${dir} does not exist`
      : `${top} does not exist (the photos are expected in ${dir}); pass --image_dir DIR for others`,
  );
}

/** `testing`: `check.json`, to score heads on; `training`: `anchor.json`, to rehearse. */
export type FeatureSetKind = 'testing' | 'training';
export const FEATURE_SET_FILES: Record<FeatureSetKind, string> = {
  testing: CHECK_FILE,
  training: ANCHOR_FILE,
};

export interface CheckSetOptions {
  /** Which split to sample; default `testing`. */
  set?: FeatureSetKind;
  /** The model folder, `models/<id>`. */
  modelDir: string;
  /** The photos; default: the folder its meta.json says it was trained on. */
  imageDir?: string;
  /** Default `CHECK_PER_LABEL`. */
  perLabel?: number;
  /** Where `check.json` goes; default `modelDir`. */
  outputDir?: string;
  /** Bottleneck cache; default `.cache/bottlenecks` in the repository. */
  cacheDir?: string;
  /** An unreadable photo: reported here and left out. */
  onSkip?: (path: string, reason: string) => void;
  quiet?: boolean;
}

export interface CheckSetReport {
  id: string;
  /** The file written. */
  file: string;
  bytes: number;
  /** Rows per label, `LABELS` order. */
  counts: number[];
  /** The shipped head's accuracy on the file's features, read back (uint8, de-quantized). */
  fileAccuracy: number;
  /** The model's own accuracy (`predict`, end to end) on the same photos. */
  modelAccuracy: number;
  seconds: number;
}

/** Share of rows where the arg-max of `probs` is the label. */
function accuracy(probs: ArrayLike<number>[], labels: ArrayLike<number>): number {
  let right = 0;
  probs.forEach((p, i) => {
    const row = Array.from(p);
    if (row.indexOf(Math.max(...row)) === labels[i]) right++;
  });
  return probs.length === 0 ? 0 : right / probs.length;
}

/** The shipped head's accuracy on `set`, applied to the features as the app's teach mode does. */
function headAccuracy(model: tfl.LayersModel, set: CheckSet): number {
  // The layer's own variables (getWeights does not copy): read, not disposed.
  const [kernel, bias] = model.getLayer(HEAD_LAYER).getWeights();
  if (!kernel || !bias) throw new Error(`'${HEAD_LAYER}' has no kernel and bias`);
  const weights = {
    kernel: kernel.dataSync() as Float32Array,
    bias: bias.dataSync() as Float32Array,
    classes: LABELS.length,
  };
  const logits = tf.tidy(() =>
    headLogits(weights, tf.tensor2d(set.x, [set.rows, set.dim])).arraySync(),
  );
  return accuracy(logits, set.y);
}

/**
 * `m`'s pooled features of `examples`, by path (unreadable photos are left out). The backbone is
 * the model up to its head's input, as in the app's teach mode; a model with a hidden layer there
 * is refused, since a check set holds pooled (ReLU6) features.
 */
async function pooledFeatures(
  m: OpenedModel,
  modelDir: string,
  examples: Example[],
  o: CheckSetOptions,
): Promise<Map<string, Float32Array>> {
  const head = m.model.getLayer(HEAD_LAYER);
  if (head.input !== m.model.getLayer(POOL_LAYER).output) {
    throw new UsageError(
      `${m.id}: a hidden layer lies between '${POOL_LAYER}' and '${HEAD_LAYER}'`,
    );
  }
  // Shares the model's layers and weights: disposing `m.model` frees them.
  const backbone = tfl.model({ inputs: m.model.inputs, outputs: head.input as tfl.SymbolicTensor });
  const bar = progress(`features ${m.id}`, examples.length, o.quiet ?? false);
  try {
    const rows = await getBottlenecks({
      backbone,
      inputSize: m.inputSize,
      modelKey: cacheKey(await modelDigest(modelDir), m.id, 'check'),
      examples,
      copiesOf: () => 0,
      distortions: NO_DISTORTIONS,
      cacheDir: o.cacheDir ?? join(REPO_ROOT, '.cache', 'bottlenecks'),
      onProgress: (done) => bar.update(done),
      onSkip: o.onSkip,
    });
    return new Map(rows.map((r) => [r.example.path, r.features]));
  } finally {
    bar.stop();
  }
}

/**
 * Writes `check.json` for the model in `o.modelDir` and scores the shipped head on the file
 * read back, next to the model's own predictions on the same photos. Loads and frees the model.
 */
export async function writeCheckSet(o: CheckSetOptions): Promise<CheckSetReport> {
  const t0 = performance.now();
  const meta = readMeta(o.modelDir);
  const split = trainedSplit(meta);
  const imageDir = o.imageDir ?? split.imageDir;
  requireFolder(imageDir);
  const set = o.set ?? 'testing';
  const sample = checkSample(listDataset(imageDir), split, o.perLabel ?? CHECK_PER_LABEL, set);
  if (sample.length === 0) throw new UsageError(`${meta.id}: no ${set} photos in ${imageDir}`);
  const m = await openModelDir(o.modelDir);
  try {
    const features = await pooledFeatures(m, o.modelDir, sample, o);
    const kept = sample.filter((e) => features.has(e.path));
    if (kept.length === 0) throw new UsageError(`${meta.id}: no readable ${set} photo`);
    const counts = LABELS.map((l) => kept.filter((e) => e.label === l).length);
    const source =
      `${LABELS.map((l, i) => `${counts[i]} ${l}`).join(' + ')} photos of the ${set} split of ` +
      `${portable(imageDir)}, sampled evenly by name`;
    const matrix = toMatrix(
      kept.map((e) => ({ features: features.get(e.path) as Float32Array, label: e.labelIndex })),
    );
    const file = join(o.outputDir ?? o.modelDir, FEATURE_SET_FILES[set]);
    const text = encodeCheckSet({ variant: m.id, ...matrix }, source);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
    const back = parseCheckSet(await readFile(file, 'utf8'), file);
    const labelOf = new Map(kept.map((e) => [e.path, e.labelIndex]));
    const predictions = await predictFiles(
      m.model,
      m.inputSize,
      kept.map((e) => e.path),
    );
    return {
      id: m.id,
      file,
      bytes: Buffer.byteLength(text),
      counts,
      fileAccuracy: headAccuracy(m.model, back),
      modelAccuracy: accuracy(
        predictions.map((p) => p.probs),
        predictions.map((p) => labelOf.get(p.path) ?? -1),
      ),
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    m.model.dispose();
  }
}
