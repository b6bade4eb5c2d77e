/** Opens a model folder (`models/<id>`) for the classify and evaluate tools. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../common/args.ts';
import { loadModel } from './model-io.ts';
import { readMeta } from '../catalog/meta.ts';
import type { tfl } from '../common/tf.ts';

export interface OpenedModel {
  model: tfl.LayersModel;
  inputSize: number;
  labels: string[];
  id: string;
}

export async function openModelDir(dir: string): Promise<OpenedModel> {
  const metaPath = join(dir, 'meta.json');
  if (!existsSync(join(dir, 'model.json')))
    throw new UsageError(`no model at ${dir}: ${join(dir, 'model.json')} is missing`);
  if (!existsSync(metaPath))
    throw new UsageError(`${metaPath} is missing (labels and input size are read from it)`);
  const meta = readMeta(dir);
  return {
    model: await loadModel(dir),
    inputSize: meta.inputSize,
    labels: meta.labels,
    id: meta.id,
  };
}
