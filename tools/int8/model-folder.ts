/**
 * The integer model of a model folder: `model.tflite` written (export.ts), measured in Chromium
 * (check.ts), and recorded in the folder's meta.json.
 */
import { basename, resolve } from 'node:path';
import type { tfl } from '../common/tf.ts';
import { REPO_ROOT } from '../common/paths.ts';
import type { Example } from '../data/dataset.ts';
import { stageModel, type Harness } from '../harness/driver.ts';
import { loadModel } from '../model/model-io.ts';
import { saveMeta, tunedBlocks, type Int8Meta, type ModelMeta } from '../catalog/meta.ts';
import { checkInt8 } from './check.ts';
import {
  calibrationFeatures,
  savedGrids,
  TFLITE_FILE,
  tunedConvs,
  writeInt8Model,
} from './export.ts';
import { CONV_NAMES } from '../model/mobilenet.ts';
import { firstTunedConv } from '../model/tail.ts';

/** Writes `dir/model.tflite` for `model` and measures it on the test examples. */
export async function exportAndCheckInt8(opts: {
  dir: string;
  id: string;
  model: tfl.LayersModel;
  inputSize: number;
  baseFile: string;
  /** Last blocks fine-tuned by the retrain (0 or absent: the base's backbone as it is). */
  fineTuneBlocks?: number;
  training: Example[];
  testing: Example[];
  harness: Harness;
  log: (line: string) => void;
}): Promise<Int8Meta> {
  const onSkip = (path: string, reason: string) => opts.log(`skipped ${path}: ${reason}`);
  const from = opts.fineTuneBlocks ? firstTunedConv(opts.fineTuneBlocks) : CONV_NAMES.length;
  const tunedNames = CONV_NAMES.slice(from);
  const {
    features: calibration,
    rows,
    maxima,
  } = await calibrationFeatures(opts.model, opts.inputSize, opts.training, onSkip, tunedNames);
  const tuned = tunedNames.length
    ? tunedConvs(opts.model, from, maxima, savedGrids(opts.dir))
    : undefined;
  const bytes = await writeInt8Model({ ...opts, calibration, tuned });
  const url = await stageModel(opts.harness, opts.dir, basename(opts.dir));
  const model = {
    variant: opts.id,
    modelUrl: `${url}/model.json`,
    tfliteUrl: `${url}/${TFLITE_FILE}`,
    inputSize: opts.inputSize,
  };
  const check = await checkInt8(opts.harness, model, opts.testing, onSkip);
  return { file: TFLITE_FILE, bytes, ...check, calibrationImages: rows };
}

/**
 * `exportAndCheckInt8` for the model folder `dir` that `meta` describes (its base file is
 * `baseFile`, by default `meta.base.source`); the result is added to its meta.json and returned.
 */
export async function int8ForModelDir(
  harness: Harness,
  dir: string,
  meta: ModelMeta,
  split: { training: Example[]; testing: Example[] },
  log: (line: string) => void,
  baseFile = resolve(REPO_ROOT, meta.base.source),
): Promise<Int8Meta> {
  const model = await loadModel(dir);
  let int8: Int8Meta;
  try {
    int8 = await exportAndCheckInt8({
      dir,
      id: meta.id,
      model,
      inputSize: meta.inputSize,
      baseFile,
      fineTuneBlocks: tunedBlocks(meta),
      ...split,
      harness,
      log,
    });
  } finally {
    model.dispose();
  }
  await saveMeta(dir, { ...meta, int8 });
  return int8;
}

/** One line on an integer export, for the tools' output. */
export function int8Summary(meta: ModelMeta, int8: Int8Meta): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return `${meta.id} (int8): ${int8.file} ${int8.bytes} bytes, test accuracy ${pct(int8.testAccuracy)} (float32 ${pct(meta.testAccuracy)}), same answer as float32 on ${pct(int8.agreement)} of test photos, max |Δp| ${int8.maxProbabilityGap.toFixed(3)}`;
}
