/** Where the tools find things by default. `../shared` sits beside the checkout (see README). */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED_DIR = process.env.ROADGATE_SHARED ?? resolve(REPO_ROOT, '..', 'shared');
export const WEIGHTS_DIR = join(SHARED_DIR, 'weights');
export const SYNSETS_FILE = join(WEIGHTS_DIR, 'imagenet_synsets.txt');
export const DATASET_DIR = join(SHARED_DIR, 'datasets', 'road-not-road');
export const MODELS_DIR = join(REPO_ROOT, 'models');

export const sharedPresent = (): boolean => existsSync(DATASET_DIR) && existsSync(WEIGHTS_DIR);

/**
 * Base weights known in `../shared/weights`, by width: every file that can serve that width.
 * (A user with internet passes `--base` a URL of Google's hosted TF.js MobileNets instead.)
 */
export function knownBases(width: number): string[] {
  const tflite = join(WEIGHTS_DIR, 'tflite_quant_coral');
  const byWidth: Record<number, string[]> = {
    0.25: [
      join(tflite, 'mobilenet_v1_0.25_128_quant.tflite'),
      join(WEIGHTS_DIR, 'mobilenet_v1_0.25_224', 'model.json'),
    ],
    0.5: [join(tflite, 'mobilenet_v1_0.5_160_quant.tflite')],
    0.75: [join(tflite, 'mobilenet_v1_0.75_192_quant.tflite')],
    1: [
      join(tflite, 'mobilenet_v1_1.0_224_quant_embedding_extractor.tflite'),
      join(WEIGHTS_DIR, 'mobilenet_v1_1.0_224_partial', 'model.json'),
    ],
  };
  return (byWidth[width] ?? []).filter((p) => existsSync(p));
}
