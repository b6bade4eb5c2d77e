/**
 * Writes a model folder's `model.tflite` and measures it where it runs: in Roadgate's worker in
 * Chromium on the integer engine, against the same model on TF.js WASM, over the test split.
 */
import { writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { ModelMeta } from './catalog-io.ts';
import type { Example } from './dataset.ts';
import { classifyInBrowser, harnessPage, stageModel, type Harness } from './harness.ts';
import {
  CALIBRATION_IMAGES,
  evenSample,
  pooledFeatures,
  TFLITE_FILE,
  writeInt8Model,
  type Int8Meta,
} from './int8-export.ts';
import { argmax, computeMetrics } from './metrics.ts';
import { loadModel } from './model-io.ts';
import { REPO_ROOT } from './paths.ts';
import type { tfl } from './tf.ts';

export async function exportAndCheckInt8(opts: {
  dir: string;
  id: string;
  model: tfl.LayersModel;
  inputSize: number;
  baseFile: string;
  training: Example[];
  testing: Example[];
  harness: Harness;
  log: (line: string) => void;
}): Promise<Int8Meta> {
  const onSkip = (path: string, reason: string) => opts.log(`skipped ${path}: ${reason}`);
  const sample = evenSample(opts.training, CALIBRATION_IMAGES);
  const { features: calibration, rows } = await pooledFeatures(
    opts.model,
    opts.inputSize,
    sample.map((e) => e.path),
    onSkip,
  );
  const bytes = await writeInt8Model({ ...opts, calibration });
  const url = await stageModel(opts.harness, opts.dir, basename(opts.dir));
  const model = {
    variant: opts.id,
    modelUrl: `${url}/model.json`,
    tfliteUrl: `${url}/${TFLITE_FILE}`,
    inputSize: opts.inputSize,
  };
  const page = await harnessPage(opts.harness.browser, opts.harness.port);
  try {
    const int8 = await classifyInBrowser(page, model, 'int8', opts.testing, { onSkip });
    const float = await classifyInBrowser(page, model, 'wasm', opts.testing, { onSkip });
    const scored = opts.testing.filter((e) => int8.has(e.path) && float.has(e.path));
    const metrics = computeMetrics(
      scored.map((e) => ({
        file: e.file,
        label: e.labelIndex,
        probs: int8.get(e.path) as number[],
      })),
    );
    let agree = 0;
    let gap = 0;
    for (const e of scored) {
      const a = int8.get(e.path) as [number, number];
      const b = float.get(e.path) as [number, number];
      if (argmax(a) === argmax(b)) agree++;
      gap = Math.max(gap, Math.abs(a[0] - b[0]));
    }
    return {
      file: TFLITE_FILE,
      bytes,
      testAccuracy: metrics.accuracy,
      agreement: agree / Math.max(1, scored.length),
      maxProbabilityGap: gap,
      calibrationImages: rows,
    };
  } finally {
    await page.close();
  }
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
      ...split,
      harness,
      log,
    });
  } finally {
    model.dispose();
  }
  await writeFile(join(dir, 'meta.json'), `${JSON.stringify({ ...meta, int8 }, null, 2)}\n`);
  return int8;
}

/** One line on an integer export, for the tools' output. */
export function int8Summary(meta: ModelMeta, int8: Int8Meta): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return `${meta.id} (int8): ${int8.file} ${int8.bytes} bytes, test accuracy ${pct(int8.testAccuracy)} (float32 ${pct(meta.testAccuracy)}), same answer as float32 on ${pct(int8.agreement)} of test photos, max |Δp| ${int8.maxProbabilityGap.toFixed(3)}`;
}
