/** Opens a model folder (`models/<id>`) for the classify and evaluate tools. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
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

/** Fingerprint of the model folder `dir`'s weights (model.json and shards), for cache keys. */
export async function modelDigest(dir: string): Promise<string> {
  const h = createHash('sha256');
  for (const f of (await readdir(dir))
    .filter((f) => f === 'model.json' || f.endsWith('.bin'))
    .sort())
    h.update(await readFile(join(dir, f)));
  return h.digest('hex').slice(0, 16);
}
