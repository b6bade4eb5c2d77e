/**
 * What gives audit-labels its features: a trained model's backbone (`--model DIR`), or, before
 * any model exists, an ImageNet base (`--base auto|FILE` at `--architecture`'s input size). The
 * judging heads are trained afresh either way, so a model's own head is never needed.
 */
import { tfl } from '../common/tf.ts';
import { modelDigest, openModelDir } from '../model/model-dir.ts';
import { baseDigest, loadBase } from '../model/base.ts';
import { buildMobileNet } from '../model/mobilenet.ts';
import { UsageError } from '../common/args.ts';
import { parseVariant } from '../../src/models/variants.ts';
import { ensureBase, tfliteBaseOf, type StoreOptions } from '../weights/store.ts';

export interface AuditBackbone {
  /** Image in, pooled features out; the caller disposes it. */
  model: tfl.LayersModel;
  inputSize: number;
  id: string;
  /** Fingerprint of the weights, for the bottleneck cache key. */
  digest: string;
}

/** The backbone of the model folder `dir`. */
export async function modelBackbone(dir: string): Promise<AuditBackbone> {
  const m = await openModelDir(dir);
  const model = tfl.model({
    inputs: m.model.inputs,
    outputs: m.model.getLayer('pool').output as tfl.SymbolicTensor,
  });
  return { model, inputSize: m.inputSize, id: m.id, digest: await modelDigest(dir) };
}

/** A backbone straight from ImageNet weights: `base` is a path, or 'auto' (the width's .tflite). */
export async function baseBackbone(
  base: string,
  architecture: string,
  store: StoreOptions,
): Promise<AuditBackbone> {
  const variant = parseVariant(architecture);
  let location = base;
  if (base === 'auto') {
    const published = tfliteBaseOf(variant.width);
    if (!published) throw new UsageError(`no published base of width ${variant.width}`);
    location = (await ensureBase(published, store)).location;
  }
  const weights = await loadBase(location);
  const model = buildMobileNet({
    width: variant.width,
    inputSize: variant.inputSize,
    base: weights,
  });
  return { model, inputSize: variant.inputSize, id: variant.id, digest: baseDigest(weights) };
}
