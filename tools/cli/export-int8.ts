/**
 * `npm run export:int8 -- [--variants a,b] [--models_dir DIR] [--base FILE|auto]`: writes
 * `<models_dir>/<id>/model.tflite`, the model as an integer-only graph for the app's fastest CPU
 * engine, measures it on that engine in Chromium (test split accuracy, agreement with the
 * float32 model) and records it in meta.json and the catalog. `npm run retrain` does the same for
 * the model it trains.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { helpText, parseFlags, runMain, UsageError, type FlagSpec } from '../common/args.ts';
import { initTf } from '../common/tf.ts';
import { listDataset } from '../data/dataset.ts';
import { splitExamples } from '../data/split.ts';
import { MODELS_DIR, REPO_ROOT, userPath } from '../common/paths.ts';
import { updateCatalog } from '../catalog/catalog-io.ts';
import { readMeta, type ModelMeta } from '../catalog/meta.ts';
import { withHarness } from '../harness/driver.ts';
import { int8ForModelDir, int8Summary } from '../int8/model-folder.ts';
import { baseDigest, loadBase } from '../model/base.ts';
import { VARIANTS } from '../../src/models/variants.ts';
import { PUBLISHED_BASES } from '../weights/manifest.ts';
import { ensureBase, storeOptions, tfliteBaseOf, type StoreOptions } from '../weights/store.ts';

const FLAGS: Record<string, FlagSpec> = {
  variants: { type: 'list', help: 'model ids in --models_dir (default: every model there)' },
  models_dir: {
    type: 'string',
    help: "folder of model folders (default: the repository's models/)",
  },
  base: {
    type: 'string',
    default: 'auto',
    help: "the .tflite file the models were trained from (auto: the one in meta.json, else ../shared's or the cached or downloaded published one)",
  },
  weights_cache: { type: 'string', help: 'where --base auto keeps downloaded weights' },
  help: { type: 'boolean', default: false, help: 'show this help' },
};

/**
 * The `.tflite` base a model was trained from, checked against the digest in its meta.json: a
 * different backbone under the trained head would give a model that answers at random.
 */
async function baseFileFor(meta: ModelMeta, flag: string, store: StoreOptions): Promise<string> {
  let file: string;
  const recorded = resolve(REPO_ROOT, meta.base.source);
  if (flag !== 'auto') file = userPath(flag);
  else if (existsSync(recorded)) file = recorded;
  else {
    const published =
      PUBLISHED_BASES.find((b) => b.name === meta.base.published?.name) ?? tfliteBaseOf(meta.width);
    if (!published) throw new UsageError(`${meta.id}: no published .tflite base for its width`);
    file = (await ensureBase(published, store)).location;
  }
  const digest = baseDigest(await loadBase(file));
  if (digest !== meta.base.digest) {
    throw new UsageError(
      `${meta.id}: ${file} is not the base it was trained from (digest ${digest}, meta.json says ${meta.base.digest}); pass that file with --base`,
    );
  }
  return file;
}

async function main(): Promise<void> {
  const { flags } = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.help)
    return console.log(
      helpText('npm run export:int8 -- [--variants a,b] [--models_dir DIR] [--base FILE]', FLAGS),
    );
  const modelsDir = typeof flags.models_dir === 'string' ? userPath(flags.models_dir) : MODELS_DIR;
  const present = VARIANTS.map((v) => v.id).filter((id) =>
    existsSync(join(modelsDir, id, 'meta.json')),
  );
  const ids = (flags.variants as string[] | undefined) ?? present;
  const missing = ids.filter((id) => !present.includes(id));
  if (missing.length) throw new UsageError(`no model in ${modelsDir} for: ${missing.join(', ')}`);
  if (ids.length === 0) throw new UsageError(`no model in ${modelsDir}`);
  const log = (line: string) => console.error(line);
  const cacheFlag =
    typeof flags.weights_cache === 'string' ? userPath(flags.weights_cache) : undefined;
  const store = storeOptions(cacheFlag, log);
  await initTf();
  await withHarness(async (harness) => {
    for (const id of ids) {
      const dir = join(modelsDir, id);
      const meta = readMeta(dir);
      if (meta.base.format !== 'tflite') {
        console.log(
          `${id}: skipped, its base is ${meta.base.format}: the integer model reuses a .tflite base's quantized backbone`,
        );
        continue;
      }
      const baseFile = await baseFileFor(meta, String(flags.base), store);
      const imageDir = resolve(REPO_ROOT, meta.trainingData.imageDir);
      const t = meta.training as { validationPercentage: number; testingPercentage: number };
      const sets = splitExamples(
        listDataset(imageDir),
        t.validationPercentage,
        t.testingPercentage,
      );
      const split = { training: sets.training, testing: sets.testing };
      const int8 = await int8ForModelDir(harness, dir, meta, split, log, baseFile);
      console.log(int8Summary(meta, int8));
    }
  });
  await updateCatalog(modelsDir, null);
}

runMain(main);
