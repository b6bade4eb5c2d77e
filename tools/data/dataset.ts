/** A retrain.py-style folder dataset: `DIR/road/*` and `DIR/not-road/*`. Never modified. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UsageError } from '../common/args.ts';

import { LABELS, type Label } from '../../src/models/labels.ts';

export { LABELS, type Label };

export interface Example {
  /** Absolute or caller-relative path of the image. */
  path: string;
  /** Path relative to the dataset folder, e.g. `road/x.jpg`. */
  file: string;
  label: Label;
  labelIndex: number;
}

const IMAGE_EXT = /\.(jpe?g|png|webp|gif|tiff?|avif|bmp)$/i;

function listImages(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return listImages(p);
    return e.isFile() && IMAGE_EXT.test(e.name) ? [p] : [];
  });
}

/**
 * Lists every image under `dir/road` and `dir/not-road` (recursively), sorted for determinism.
 * Throws `UsageError` for a missing folder or a class with no images.
 */
export function listDataset(dir: string): Example[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(`image folder "${dir}" does not exist`);
  }
  return LABELS.flatMap((label, labelIndex) => {
    const classDir = join(dir, label);
    if (!existsSync(classDir)) {
      throw new UsageError(`"${classDir}" is missing: expected ${LABELS.join(' and ')} folders`);
    }
    const images = listImages(classDir).sort();
    if (images.length === 0) throw new UsageError(`"${classDir}" has no images`);
    return images.map((path) => ({ path, file: relative(dir, path), label, labelIndex }));
  });
}
