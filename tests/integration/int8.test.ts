/**
 * The integer export end to end: a shipped model's model.tflite written afresh, run by MediaPipe
 * in Roadgate's worker in Chromium on real test photos, against the float32 model on TF.js.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTf } from '../../tools/common/tf.ts';
import { loadModel } from '../../tools/model/model-io.ts';
import { listDataset } from '../../tools/data/dataset.ts';
import { splitExamples } from '../../tools/data/split.ts';
import { withHarness } from '../../tools/harness/driver.ts';
import { exportAndCheckInt8 } from '../../tools/int8/model-folder.ts';
import { TFLITE_FILE } from '../../tools/int8/export.ts';
import { evenSample } from '../../tools/common/sample.ts';
import { DATASET_DIR, MODELS_DIR, REPO_ROOT } from '../../tools/common/paths.ts';
import { readMeta, tunedBlocks } from '../../tools/catalog/meta.ts';
import { HAS_SHARED, NEEDS_SHARED } from '../shared.ts';

if (!HAS_SHARED) console.warn(`int8 export test${NEEDS_SHARED}`);

const ID = 'mobilenet_v1_0.25_128';

describe.skipIf(!HAS_SHARED)(`integer export on the real engine${NEEDS_SHARED}`, () => {
  let dir = '';
  beforeAll(async () => {
    await initTf('wasm');
    dir = join(await mkdtemp(join(tmpdir(), 'roadgate-int8-')), ID);
    await cp(join(MODELS_DIR, ID), dir, { recursive: true });
    await rm(join(dir, TFLITE_FILE), { force: true });
  });
  afterAll(() => rm(resolve(dir, '..'), { recursive: true, force: true }));

  it('agrees with the float32 model on real photos', { timeout: 300_000 }, async () => {
    const meta = readMeta(dir);
    const sets = splitExamples(listDataset(DATASET_DIR), 10, 10);
    const model = await loadModel(dir);
    try {
      const int8 = await withHarness((harness) =>
        exportAndCheckInt8({
          dir,
          id: ID,
          model,
          inputSize: meta.inputSize,
          baseFile: resolve(REPO_ROOT, meta.base.source),
          // A fine-tuned model's last blocks are quantized afresh, not copied from the base.
          fineTuneBlocks: tunedBlocks(meta),
          training: sets.training,
          testing: evenSample(sets.testing, 80),
          harness,
          log: () => undefined,
        }),
      );
      expect(existsSync(join(dir, TFLITE_FILE))).toBe(true);
      // A wrong scale, layout or operator option sends most answers elsewhere.
      expect(int8.agreement).toBeGreaterThanOrEqual(0.95);
      expect(int8.testAccuracy).toBeGreaterThanOrEqual(meta.testAccuracy - 0.05);
      expect(int8.maxProbabilityGap).toBeLessThan(0.5);
    } finally {
      model.dispose();
    }
  });
});
