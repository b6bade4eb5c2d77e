/**
 * A model folder's `meta.json`: what it holds (the record of how the model was made) and the
 * one place that writes and reads it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { Quantization } from '../../src/models/catalog.ts';
import type { Variant } from '../../src/models/variants.ts';
import { PIXEL_OFFSET, PIXEL_SCALE } from '../../src/inference/preprocess.ts';
import { UsageError } from '../common/args.ts';
import { REPO_ROOT } from '../common/paths.ts';
import { LABELS } from '../data/dataset.ts';
import { dataTerms } from './shipped.ts';

/** The integer `.tflite` beside the TF.js model, as measured on the integer engine. */
export interface Int8Meta {
  file: string;
  bytes: number;
  /** Accuracy on the test split, run on the integer engine in Chromium. */
  testAccuracy: number;
  /** Share of test images where the integer and the float32 (TF.js WASM) model agree. */
  agreement: number;
  /** Largest |p_int8(road) − p_float(road)| over the test split. */
  maxProbabilityGap: number;
  calibrationImages: number;
}

export interface FineTuneMeta {
  blocks: number;
  bestStep: number;
  headValidationAccuracy: number;
  /** On the uint8 grids where `quantizationAware`, else float32 (older metas have neither key). */
  validationAccuracy: number;
  quantizationAware?: boolean;
  floatValidationAccuracy?: number;
}

/**
 * How many of the model's last blocks differ from its base: the fine-tuned ones, or none where
 * the fine-tuning kept its starting weights (best step 0) or did not run.
 */
export const tunedBlocks = (meta: Pick<ModelMeta, 'fineTune'>): number =>
  meta.fineTune?.bestStep ? meta.fineTune.blocks : 0;

export interface ModelMeta {
  id: string;
  labels: string[];
  width: number;
  inputSize: number;
  normalization: { crop: 'center-square'; scale: number; offset: number; formula: string };
  quantization: Quantization;
  bytes: number;
  weightBytes: number;
  testAccuracy: number;
  floatTestAccuracy: number;
  validationAccuracy: number;
  base: {
    source: string;
    format: string;
    digest: string;
    /** Where the base was published, when it came from tools/weights/manifest.ts. */
    published?: { name: string; url: string; licence: string; sha256: string };
  };
  basesCompared: { source: string; validationAccuracy: number; imagenetCheck: unknown }[];
  /** The second stage (`--fine_tune_blocks`), float32 on validation before and after it. */
  fineTune?: FineTuneMeta;
  trainingData: {
    imageDir: string;
    counts: Record<string, number>;
    sources: string;
    terms: string;
  };
  training: Record<string, unknown>;
  trainingSeconds: number;
  createdAt: string;
  /** The integer `.tflite` beside the TF.js model (`npm run export:int8`), when written. */
  int8?: Int8Meta;
}

/**
 * Paths inside or beside the repository (../shared) are written relative to it, so meta.json is
 * portable; others (a user's cache, photos elsewhere) stay absolute.
 */
export function portable(p: string): string {
  if (/^https?:/.test(p) || p === 'random') return p;
  const r = relative(REPO_ROOT, p);
  return isAbsolute(r) || r.startsWith(`..${sep}..`) ? p : r || '.';
}

export async function writeMeta(
  dir: string,
  m: {
    variant: Variant;
    quantization: Quantization;
    weightBytes: number;
    testAccuracy: number;
    floatTestAccuracy: number;
    validationAccuracy: number;
    base: ModelMeta['base'];
    basesCompared: ModelMeta['basesCompared'];
    fineTune?: FineTuneMeta;
    imageDir: string;
    counts: Record<string, number>;
    options: object;
    trainingSeconds: number;
  },
): Promise<ModelMeta> {
  const jsonBytes = (await stat(join(dir, 'model.json'))).size;
  const training = Object.fromEntries(
    Object.entries(m.options).filter(
      ([k, v]) => typeof v !== 'function' && !['quiet', 'weights', 'replaceShipped'].includes(k),
    ),
  );
  const meta: ModelMeta = {
    id: m.variant.id,
    labels: [...LABELS],
    width: m.variant.width,
    inputSize: m.variant.inputSize,
    normalization: {
      crop: 'center-square',
      scale: PIXEL_SCALE,
      offset: PIXEL_OFFSET,
      formula: 'x / 127.5 - 1',
    },
    quantization: m.quantization,
    bytes: m.weightBytes + jsonBytes,
    weightBytes: m.weightBytes,
    testAccuracy: m.testAccuracy,
    floatTestAccuracy: m.floatTestAccuracy,
    validationAccuracy: m.validationAccuracy,
    base: { ...m.base, source: portable(m.base.source) },
    basesCompared: m.basesCompared.map((b) => ({ ...b, source: portable(b.source) })),
    ...(m.fineTune && { fineTune: m.fineTune }),
    trainingData: {
      imageDir: portable(m.imageDir),
      counts: m.counts,
      ...dataTerms(m.imageDir),
    },
    training: {
      ...training,
      imageDir: portable(m.imageDir),
      bottleneckDir: undefined,
      outputDir: undefined,
    },
    trainingSeconds: Math.round(m.trainingSeconds),
    createdAt: new Date().toISOString(),
  };
  await saveMeta(dir, meta);
  return meta;
}

/** `dir/meta.json`, as written by `writeMeta` (a `UsageError` when it is missing). */
export function readMeta(dir: string): ModelMeta {
  const file = join(dir, 'meta.json');
  if (!existsSync(file)) throw new UsageError(`${file} is missing`);
  return JSON.parse(readFileSync(file, 'utf8')) as ModelMeta;
}

/** Writes `meta` to `dir/meta.json`. */
export async function saveMeta(dir: string, meta: ModelMeta): Promise<void> {
  await writeFile(join(dir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
}
