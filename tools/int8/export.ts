/**
 * `model.tflite` beside an exported TF.js model: the same backbone and head as an integer-only
 * graph (tflite/mobilenet-tflite.ts), with the head's activation ranges (and a fine-tuned
 * block's) measured on training images.
 */
import { readFileSync } from 'node:fs';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tf, tfl } from '../common/tf.ts';
import { toModelInput } from '../../src/inference/tensorInput.ts';
import { evenSample } from '../common/sample.ts';
import { inBatches, photoInput } from '../data/batches.ts';
import type { Example } from '../data/dataset.ts';
import type { HeadWeights } from '../model/mobilenet.ts';
import { CONV_NAMES, kernelWeightName } from '../model/mobilenet.ts';
import type { QuantGrid } from '../tflite/reader.ts';
import { readTflite } from '../tflite/reader.ts';
import { mobilenetTflite, type TunedConvs } from '../tflite/mobilenet-tflite.ts';

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

/** What calibration photos give: pooled features, and the largest output of chosen layers. */
export interface Calibration {
  /** Row-major `[rows, dim]`. */
  features: Float32Array;
  rows: number;
  /** By layer asked for, in order: the largest value it output. */
  maxima: number[];
}

/**
 * Pooled features of `paths` through the model's backbone, and the largest output of each layer
 * in `layers`; undecodable images go to `onSkip` and are left out.
 */
export async function pooledFeatures(
  model: tfl.LayersModel,
  inputSize: number,
  paths: string[],
  onSkip: (path: string, reason: string) => void,
  layers: string[] = [],
): Promise<Calibration> {
  // Shares the model's layers (and weights): disposing the model frees it too.
  const backbone = tfl.model({
    inputs: model.inputs,
    outputs: [model.getLayer('pool').output, ...layers.map((l) => model.getLayer(l).output)].flat(),
  });
  const rows: Float32Array[] = [];
  const maxima = layers.map(() => -Infinity);
  await inBatches(paths, {
    pathOf: (path) => path,
    inputsOf: (path) => photoInput(path, path, inputSize),
    run: (batch) =>
      tf.tidy(() => {
        const x = tf.concat(
          batch.map((b) => toModelInput(tf.tensor3d(b.pixels, [inputSize, inputSize, 3], 'int32'))),
        );
        const [pooled, ...outs] = [backbone.predict(x)].flat() as tf.Tensor[];
        const flat = (pooled as tf.Tensor).dataSync() as Float32Array;
        const dim = flat.length / batch.length;
        batch.forEach((_, i) => rows.push(flat.slice(i * dim, (i + 1) * dim)));
        outs.forEach((t, l) => {
          maxima[l] = Math.max(maxima[l] as number, tf.max(t).dataSync()[0] as number);
        });
      }),
    onSkip,
  });
  const out = new Float32Array(rows.reduce((n, r) => n + r.length, 0));
  rows.reduce((at, r) => (out.set(r, at), at + r.length), 0);
  return { features: out, rows: rows.length, maxima };
}

/** The calibration: `CALIBRATION_IMAGES` training images, evenly spaced. */
export function calibrationFeatures(
  model: tfl.LayersModel,
  inputSize: number,
  training: Example[],
  onSkip: (path: string, reason: string) => void,
  layers: string[] = [],
): Promise<Calibration> {
  const sample = evenSample(training, CALIBRATION_IMAGES);
  return pooledFeatures(
    model,
    inputSize,
    sample.map((e) => e.path),
    onSkip,
    layers,
  );
}

/**
 * The uint8 grids of a saved TF.js model's kernels, by weight name, from its model.json
 * (`value = q × scale + min`, so the zero point is `-min / scale`).
 */
export function savedGrids(dir: string): Record<string, QuantGrid> {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as {
    weightsManifest: { weights: { name: string; quantization?: WeightQuantization }[] }[];
  };
  const grids: Record<string, QuantGrid> = {};
  for (const w of json.weightsManifest.flatMap((g) => g.weights)) {
    const q = w.quantization;
    if (q?.dtype === 'uint8' && q.scale && q.min !== undefined)
      grids[w.name] = { scale: q.scale, zeroPoint: Math.round(-q.min / q.scale) };
  }
  return grids;
}

interface WeightQuantization {
  dtype: string;
  scale?: number;
  min?: number;
}

/**
 * The convolutions from `from` on, as the model has them, on the grids they were saved with
 * (`grids`, see `savedGrids`), with their measured maxima.
 */
export function tunedConvs(
  model: tfl.LayersModel,
  from: number,
  maxima: number[],
  grids: Record<string, QuantGrid> = {},
): TunedConvs {
  const convs = CONV_NAMES.slice(from).map((name, k) => {
    const [kernel, bias] = values(model.getLayer(name));
    if (!kernel || !bias) throw new Error(`the model's layer ${name} has no weights`);
    return { kernel, bias, grid: grids[kernelWeightName(from + k)] };
  });
  return { from, convs, outputMax: maxima };
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
  /** Fine-tuned convolutions, quantized afresh (the base file's bytes for the others). */
  tuned?: TunedConvs;
  id: string;
}): Promise<number> {
  const base = readTflite(new Uint8Array(await readFile(opts.baseFile)));
  const bytes = mobilenetTflite({
    base,
    head: headOf(opts.model),
    inputSize: opts.inputSize,
    calibration: opts.calibration,
    tuned: opts.tuned,
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
