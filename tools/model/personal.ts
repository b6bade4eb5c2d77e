/**
 * Opens an exported personal model (teach mode's `.json`, src/teach/personalFile.ts) for the
 * evaluate tool: its base variant from `models/<base>` with the final Dense layer's weights
 * replaced by the personal kernel and bias.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { UsageError } from '../common/args.ts';
import { MODELS_DIR, REPO_ROOT } from '../common/paths.ts';
import { tf, tfl } from '../common/tf.ts';
import { entryRevision } from '../build/modelRevisions.ts';
import { catalogEntry } from '../catalog/catalog-io.ts';
import { readMeta } from '../catalog/meta.ts';
import { openModelDir, type OpenedModel } from './model-dir.ts';
import { LABELS } from '../../src/models/labels.ts';
import { parsePersonal, personalId, type PersonalModel } from '../../src/teach/personalFile.ts';

/** The softmax Dense layer of every exported model (tools/model/mobilenet.ts). */
export const HEAD_LAYER = 'probabilities';
/** The global average pooling whose output a personal head reads (tools/model/mobilenet.ts). */
export const POOL_LAYER = 'pool';

export interface PersonalOptions {
  /** Where the bases are; the shipped `models/` by default. */
  modelsDir?: string;
  /** Gets a one-line warning when the base's files changed since the head was trained. */
  onWarning?: (line: string) => void;
}

/** True when `path` is a file (an exported personal model), not a model folder. */
export const isPersonalFile = (path: string): boolean =>
  existsSync(path) && statSync(path).isFile();

/** Reads and validates the personal model file at `file`; a bad file is a `UsageError`. */
export function readPersonal(file: string): PersonalModel {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message.split('\n')[0]}`);
  }
  try {
    return parsePersonal(text, file);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/**
 * The content revision the build gives the variant in `modelsDir/<id>` (the `?rev=` of its files
 * in the app), from the same catalog entry that `catalog.json` holds for it.
 */
export const baseRevisionOf = (modelsDir: string, id: string): string =>
  entryRevision(modelsDir, catalogEntry(readMeta(join(modelsDir, id))));

/** `modelsDir` as messages name it: `models` for the shipped one, else its path. */
function shownDir(modelsDir: string): string {
  const rel = relative(REPO_ROOT, modelsDir);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? modelsDir : rel;
}

/** Puts the personal kernel and bias into the model's head, after checking it is the right one. */
function replaceHead(model: tfl.LayersModel, p: PersonalModel, where: string): void {
  const fail = (why: string) => new UsageError(`personal model '${p.name}': ${where} ${why}`);
  const names = model.layers.map((l) => l.name);
  if (!names.includes(HEAD_LAYER) || !names.includes(POOL_LAYER)) {
    throw fail(`has no '${HEAD_LAYER}' layer on '${POOL_LAYER}'`);
  }
  const head = model.getLayer(HEAD_LAYER);
  if (head.input !== model.getLayer(POOL_LAYER).output) {
    throw fail(`has a hidden layer between '${POOL_LAYER}' and '${HEAD_LAYER}'`);
  }
  const features = p.kernel.length / LABELS.length;
  const kernelShape = head.weights[0]?.shape;
  if (kernelShape?.[0] !== features || kernelShape[1] !== LABELS.length) {
    throw fail(`gives ${String(kernelShape?.[0])} features, the personal head takes ${features}`);
  }
  const weights = [
    tf.tensor2d(p.kernel, [features, LABELS.length]),
    tf.tensor1d(p.bias, 'float32'),
  ];
  head.setWeights(weights);
  weights.forEach((t) => t.dispose());
}

/**
 * The base of the personal model in `file`, with its head replaced; the caller owns `model`.
 * A missing base or a bad file is a one-line `UsageError`.
 */
export async function openPersonal(file: string, o: PersonalOptions = {}): Promise<OpenedModel> {
  const modelsDir = o.modelsDir ?? MODELS_DIR;
  const p = readPersonal(file);
  const dir = join(modelsDir, p.base);
  const shown = shownDir(modelsDir);
  if (!existsSync(join(dir, 'model.json')) || !existsSync(join(dir, 'meta.json'))) {
    throw new UsageError(
      `personal model '${p.name}' is made for ${p.base}, which is not in ${shown}/`,
    );
  }
  if (p.baseRevision !== undefined) {
    const now = baseRevisionOf(modelsDir, p.base);
    if (now !== p.baseRevision) {
      o.onWarning?.(
        `warning: personal model '${p.name}' was trained on ${p.base} revision ` +
          `${p.baseRevision}, but ${shown}/${p.base} is now revision ${now}; its features may differ`,
      );
    }
  }
  const base = await openModelDir(dir);
  try {
    replaceHead(base.model, p, `${shown}/${p.base}`);
  } catch (err) {
    base.model.dispose();
    throw err;
  }
  return { ...base, id: `${personalId(p.name)} (on ${base.id})` };
}
