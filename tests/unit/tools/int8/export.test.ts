/**
 * A fine-tuned model's two exports hold the same uint8 weights: the grid a tuned kernel was saved
 * with in model.json is the grid model.tflite puts it on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTf } from '../../../../tools/common/tf.ts';
import { savedGrids, tunedConvs } from '../../../../tools/int8/export.ts';
import {
  buildMobileNet,
  kernelGrids,
  kernelWeightName,
  randomBase,
} from '../../../../tools/model/mobilenet.ts';
import { loadModel, saveModel } from '../../../../tools/model/model-io.ts';
import { minMax, quantizeToGrid, uint8Range } from '../../../../tools/model/quantize.ts';
import type { MobileNetBase } from '../../../../tools/model/base.ts';

const dir = mkdtempSync(join(tmpdir(), 'roadgate-int8-grids-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => initTf('cpu'));

describe('the grids of tuned convolutions', () => {
  it('come back from model.json and put the saved weights on the same uint8 codes', async () => {
    const random = randomBase(0.25);
    // Convolutions 23–26 (the last two blocks) as fine-tuning leaves them: a grid of their own.
    const base: MobileNetBase = {
      ...random,
      convs: random.convs.map((c, i) =>
        i >= 23 ? { ...c, kernelGrid: uint8Range(...minMax(c.kernel)) } : c,
      ),
    };
    const head = {
      kernel: new Float32Array(256 * 2).fill(0.01),
      bias: new Float32Array(2),
      classes: 2,
    };
    const model = buildMobileNet({ width: 0.25, inputSize: 32, base, head });
    await saveModel(model, dir, 'uint8', kernelGrids(base));
    model.dispose();

    const grids = savedGrids(dir);
    const loaded = await loadModel(dir);
    try {
      const tuned = tunedConvs(loaded, 23, [1, 2, 3, 4], grids);
      expect(tuned.convs).toHaveLength(4);
      tuned.convs.forEach((conv, k) => {
        const original = base.convs[23 + k];
        const grid = original?.kernelGrid;
        expect(conv.grid?.scale).toBeCloseTo(grid?.scale as number, 9);
        expect(conv.grid?.zeroPoint).toBe(grid?.zeroPoint);
        expect(grids[kernelWeightName(23 + k)]).toEqual(conv.grid);
        // What model.json holds, re-quantized on its grid, is what the float kernel gives there.
        expect(quantizeToGrid(conv.kernel, conv.grid!)).toEqual(
          quantizeToGrid(original?.kernel as Float32Array, grid!),
        );
      });
      expect(tuned.outputMax).toEqual([1, 2, 3, 4]);
    } finally {
      loaded.dispose();
    }
  });
});
