/** Tests that need ../shared (real weights, photos, clips) skip with this reason where it is absent. */
import { existsSync } from 'node:fs';
import { DATASET_DIR, SHARED_DIR, WEIGHTS_DIR } from '../tools/common/paths.ts';

export const HAS_SHARED = existsSync(DATASET_DIR) && existsSync(WEIGHTS_DIR);

/** Appended to the names of tests that skip without ../shared, so the skip says why. */
export const NEEDS_SHARED = HAS_SHARED
  ? ''
  : ` [skipped: ${SHARED_DIR} is absent; it holds the real weights, photos and clips]`;
