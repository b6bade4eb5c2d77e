/** Exporting a trained head on its backbone, and scoring exported models end to end. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Variant } from '../../src/models/variants.ts';
import type { MobileNetBase } from '../model/base.ts';
import type { Example } from '../data/dataset.ts';
import { scoreExamples } from './evaluate.ts';
import type { Metrics } from './metrics.ts';
import { buildMobileNet, kernelGrids, type HeadWeights } from '../model/mobilenet.ts';
import type { Quantization } from '../../src/models/catalog.ts';
import { loadModel, saveModel } from '../model/model-io.ts';

/** Writes backbone + head to `dir` as a TF.js layers model (the base's uint8 grids kept). */
export async function exportModel(
  base: MobileNetBase,
  head: HeadWeights,
  variant: Variant,
  quantize: Quantization,
  dir: string,
) {
  const full = buildMobileNet({ width: variant.width, inputSize: variant.inputSize, base, head });
  try {
    return await saveModel(full, dir, quantize, kernelGrids(base));
  } finally {
    full.dispose();
  }
}

/** Loads an exported model from disk and scores it end to end on `examples`. */
export async function scoreExport(
  dir: string,
  inputSize: number,
  examples: Example[],
  label: string,
  quiet: boolean,
): Promise<Metrics> {
  const model = await loadModel(dir);
  try {
    return await scoreExamples(model, inputSize, examples, { label, quiet });
  } finally {
    model.dispose();
  }
}

/** The float32 accuracy of a backbone and head, end to end on `examples` (nothing quantized). */
export async function floatAccuracy(
  w: { base: MobileNetBase; head: HeadWeights },
  variant: Variant,
  examples: Example[],
  quiet: boolean,
): Promise<number> {
  const model = buildMobileNet({ ...variant, base: w.base, head: w.head });
  try {
    return (
      await scoreExamples(model, variant.inputSize, examples, { label: 'testing float32', quiet })
    ).accuracy;
  } finally {
    model.dispose();
  }
}

/** The accuracy a head would ship with: exported to a scratch folder, reloaded, run on `examples`. */
export async function exportedAccuracy(
  base: MobileNetBase,
  head: HeadWeights,
  variant: Variant,
  quantize: Quantization,
  examples: Example[],
  quiet: boolean,
): Promise<number> {
  const tmp = await mkdtemp(join(tmpdir(), 'roadgate-candidate-'));
  try {
    await exportModel(base, head, variant, quantize, tmp);
    return (await scoreExport(tmp, variant.inputSize, examples, 'validating export', quiet))
      .accuracy;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
