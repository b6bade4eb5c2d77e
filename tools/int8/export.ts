/**
 * `model.tflite` beside an exported TF.js model: the same backbone and head as an integer-only
 * graph (tflite/mobilenet-tflite.ts), with the head's activation ranges measured on training
 * images.
 */
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tfl } from '../common/tf.ts';
import { evenSample } from '../common/sample.ts';
import { inBatches, photoInput } from '../data/batches.ts';
import type { Example } from '../data/dataset.ts';
import type { HeadWeights } from '../model/mobilenet.ts';
import { runBatch } from '../model/predict.ts';
import { readTflite } from '../tflite/reader.ts';
import { mobilenetTflite } from '../tflite/mobilenet-tflite.ts';

export const TFLITE_FILE = 'model.tflite';
/** Training images whose pooled features set the head's uint8 ranges. */
export const CALIBRATION_IMAGES = 256;

const values = (layer: tfl.layers.Layer): Float32Array[] =>
  layer.getWeights().map((w) => w.dataSync() as Float32Array);

/** The head's weights as they are in an exported model (layers `hidden`?, `probabilities`). */
export function headOf(model: tfl.LayersModel): HeadWeights {
  const [kernel, bias] = values(model.getLayer('probabilities'));
  if (!kernel || !bias) throw new Error('the model has no "probabilities" layer');
  const hiddenLayer = model.layers.find((l) => l.name === 'hidden');
  const [hk, hb] = hiddenLayer ? values(hiddenLayer) : [];
  return {
    kernel,
    bias,
    classes: bias.length,
    hidden: hk && hb ? { kernel: hk, bias: hb, units: hb.length } : undefined,
  };
}

/**
 * Pooled features (`[rows, dim]`, row-major) of `paths` through the model's backbone;
 * undecodable images go to `onSkip` and are left out.
 */
export async function pooledFeatures(
  model: tfl.LayersModel,
  inputSize: number,
  paths: string[],
  onSkip: (path: string, reason: string) => void,
): Promise<{ features: Float32Array; rows: number }> {
  // Shares the model's layers (and weights): disposing the model frees it too.
  const backbone = tfl.model({ inputs: model.inputs, outputs: model.getLayer('pool').output });
  const rows: Float32Array[] = [];
  await inBatches(paths, {
    pathOf: (path) => path,
    inputsOf: (path) => photoInput(path, path, inputSize),
    run: (batch) => {
      rows.push(
        ...runBatch(
          backbone,
          inputSize,
          batch.map((b) => b.pixels),
        ),
      );
    },
    onSkip,
  });
  const out = new Float32Array(rows.reduce((n, r) => n + r.length, 0));
  rows.reduce((at, r) => (out.set(r, at), at + r.length), 0);
  return { features: out, rows: rows.length };
}

/** The calibration features: `CALIBRATION_IMAGES` training images, evenly spaced. */
export function calibrationFeatures(
  model: tfl.LayersModel,
  inputSize: number,
  training: Example[],
  onSkip: (path: string, reason: string) => void,
): Promise<{ features: Float32Array; rows: number }> {
  const sample = evenSample(training, CALIBRATION_IMAGES);
  return pooledFeatures(
    model,
    inputSize,
    sample.map((e) => e.path),
    onSkip,
  );
}

/**
 * Writes `dir/model.tflite` from the model in `dir`, its base `.tflite` file (the backbone's
 * source) and calibration features; returns the file's size in bytes.
 */
export async function writeInt8Model(opts: {
  dir: string;
  model: tfl.LayersModel;
  baseFile: string;
  inputSize: number;
  calibration: Float32Array;
  id: string;
}): Promise<number> {
  const base = readTflite(new Uint8Array(await readFile(opts.baseFile)));
  const bytes = mobilenetTflite({
    base,
    head: headOf(opts.model),
    inputSize: opts.inputSize,
    calibration: opts.calibration,
    description: `Roadgate ${opts.id}: road / not-road, uint8`,
  });
  await writeFile(join(opts.dir, TFLITE_FILE), bytes);
  return bytes.length;
}

/** Removes `dir/model.tflite`; true when there was one. */
export async function removeStaleTflite(dir: string): Promise<boolean> {
  const file = join(dir, TFLITE_FILE);
  const existed = (await stat(file).catch(() => null)) !== null;
  await rm(file, { force: true });
  return existed;
}
