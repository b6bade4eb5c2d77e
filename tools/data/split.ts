/**
 * retrain.py's stable split: a file goes to validation, testing or training by a hash of its
 * name, so adding images never moves old ones between sets. Anything after `_nohash_` in a name
 * is ignored, so variants of one picture stay together.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';

export type SplitName = 'training' | 'validation' | 'testing';

/** retrain.py's MAX_NUM_IMAGES_PER_CLASS: 2 ** 27 - 1. */
const MAX_NUM_IMAGES_PER_CLASS = 2 ** 27 - 1;

/** The share (0..100) that retrain.py's hash assigns to a file name. */
export function hashPercentage(file: string): number {
  const name = basename(file).replace(/_nohash_.*$/, '');
  const hex = createHash('sha1').update(name, 'utf8').digest('hex');
  const bucket = Number(BigInt(`0x${hex}`) % BigInt(MAX_NUM_IMAGES_PER_CLASS + 1));
  return bucket * (100 / MAX_NUM_IMAGES_PER_CLASS);
}

/** Which set a file belongs to, given the validation and testing percentages (0..100). */
export function splitOf(file: string, validationPct: number, testingPct: number): SplitName {
  const p = hashPercentage(file);
  if (p < validationPct) return 'validation';
  if (p < testingPct + validationPct) return 'testing';
  return 'training';
}

/** `examples` by set: each file's set by `splitOf`, in the order given. */
export function splitExamples<T extends { file: string }>(
  examples: readonly T[],
  validationPct: number,
  testingPct: number,
): Record<SplitName, T[]> {
  const sets: Record<SplitName, T[]> = { training: [], validation: [], testing: [] };
  for (const e of examples) sets[splitOf(e.file, validationPct, testingPct)].push(e);
  return sets;
}
