/**
 * What belongs to the shipped models (the repository's `models/` and the dataset they were
 * trained on), so that a user's run neither overwrites them nor borrows their data's terms.
 */
import { resolve } from 'node:path';
import { UsageError } from '../common/args.ts';
import { DATASET_DIR, MODELS_DIR } from '../common/paths.ts';

/** The terms of the data the shipped models were trained on (../shared/datasets/SOURCES.md). */
export const TRAINING_DATA_TERMS =
  'Photos from public GitHub repositories; several sources are for research or non-commercial use ' +
  'only (CamVid / SegNet: CC BY-NC 4.0; ImageNet samples: non-commercial research; scraped web photos: ' +
  'copyright of their authors). These models demonstrate the app: a product retrains on its own data.';

/** Written for any other folder of photos: Roadgate knows nothing of their origin or terms. */
export const OWN_DATA_TERMS =
  "The photos' owner's terms: Roadgate did not supply these photos and records no terms for them.";

/** meta.json's `sources` and `terms` for the photos in `imageDir`. */
export function dataTerms(imageDir: string): { sources: string; terms: string } {
  return resolve(imageDir) === resolve(DATASET_DIR)
    ? { sources: '../shared/datasets/SOURCES.md', terms: TRAINING_DATA_TERMS }
    : { sources: 'the photos in imageDir (supplied by the user)', terms: OWN_DATA_TERMS };
}

/** True when `outputDir` is the repository's `models/`, which holds the shipped models. */
export const isShippedDir = (outputDir: string): boolean =>
  resolve(outputDir) === resolve(MODELS_DIR);

/**
 * Refuses to write into the shipped `models/` (its model folders and catalog.json are tracked
 * files the app serves) unless `replaceShipped` says so.
 */
export function guardShipped(outputDir: string, replaceShipped: boolean): void {
  if (isShippedDir(outputDir) && !replaceShipped) {
    throw new UsageError(
      `${outputDir} holds the shipped models: pass --output_dir DIR for your own model, or --replace_shipped to replace the shipped one`,
    );
  }
}
