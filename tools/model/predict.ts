/** Runs an exported model over image files, end to end (decode, crop, resize, normalise). */
import { tf, tfl } from '../common/tf.ts';
import { toModelInput } from '../../src/inference/tensorInput.ts';
import { inBatches, photoInput } from '../data/batches.ts';

export interface FilePrediction {
  path: string;
  /** Probabilities in the model's label order. */
  probs: number[];
}

/**
 * Runs `model` on a batch of pixel arrays (RGB, already cropped and resized to `inputSize`) and
 * returns one output row per input. The tensors stay inside tf.tidy.
 */
export function runBatch(
  model: tfl.LayersModel,
  inputSize: number,
  pixels: Uint8Array[],
): Float32Array[] {
  if (pixels.length === 0) return [];
  const flat = tf.tidy(() => {
    const x = tf.concat(
      pixels.map((p) => toModelInput(tf.tensor3d(p, [inputSize, inputSize, 3], 'int32'))),
    );
    return (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
  });
  const dim = flat.length / pixels.length;
  return pixels.map((_, i) => flat.slice(i * dim, (i + 1) * dim));
}

/** Classifies `paths` in batches; undecodable files go to `onSkip` and are left out. */
export async function predictFiles(
  model: tfl.LayersModel,
  inputSize: number,
  paths: string[],
  opts: {
    onProgress?: (done: number) => void;
    onSkip?: (path: string, reason: string) => void;
  } = {},
): Promise<FilePrediction[]> {
  const out: FilePrediction[] = [];
  let done = 0;
  await inBatches(paths, {
    pathOf: (path) => path,
    inputsOf: (path) => photoInput(path, path, inputSize),
    run: (batch) => {
      const rows = runBatch(
        model,
        inputSize,
        batch.map((b) => b.pixels),
      );
      batch.forEach((b, i) =>
        out.push({ path: b.key, probs: Array.from(rows[i] as Float32Array) }),
      );
      done += batch.length;
      opts.onProgress?.(done);
    },
    onSkip: (path, reason) => {
      opts.onSkip?.(path, reason);
      opts.onProgress?.(++done);
    },
  });
  return out;
}
