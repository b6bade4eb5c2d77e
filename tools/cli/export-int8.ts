/**
 * `npm run export:int8 -- [--variants a,b]`: writes `models/<id>/model.tflite`, the model as an
 * integer-only graph for the app's fastest CPU engine, measures it on that engine in Chromium
 * (test split accuracy, agreement with the float32 model) and records it in meta.json and the
 * catalog. `npm run retrain` does the same for the model it trains.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { helpText, parseFlags, runMain, UsageError, type FlagSpec } from '../lib/args.ts';
import { initTf } from '../lib/tf.ts';
import { listDataset } from '../lib/dataset.ts';
import { splitOf } from '../lib/split.ts';
import { MODELS_DIR, REPO_ROOT } from '../lib/paths.ts';
import { updateCatalog, type ModelMeta } from '../lib/catalog-io.ts';
import { withHarness } from '../lib/harness.ts';
import { int8ForModelDir, int8Summary } from '../lib/int8-check.ts';
import { VARIANTS } from '../../src/models/variants.ts';

const FLAGS: Record<string, FlagSpec> = {
  variants: { type: 'list', help: 'model ids under models/ (default: every model there)' },
  help: { type: 'boolean', default: false, help: 'show this help' },
};

async function main(): Promise<void> {
  const { flags } = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.help) return console.log(helpText('npm run export:int8 -- [--variants a,b]', FLAGS));
  const present = VARIANTS.map((v) => v.id).filter((id) =>
    existsSync(join(MODELS_DIR, id, 'meta.json')),
  );
  const ids = (flags.variants as string[] | undefined) ?? present;
  const missing = ids.filter((id) => !present.includes(id));
  if (missing.length) throw new UsageError(`no model in models/ for: ${missing.join(', ')}`);
  await initTf();
  await withHarness(async (harness) => {
    for (const id of ids) {
      const dir = join(MODELS_DIR, id);
      const meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as ModelMeta;
      if (meta.base.format !== 'tflite') {
        console.log(
          `${id}: skipped, its base is ${meta.base.format}: the integer model reuses a .tflite base's quantized backbone`,
        );
        continue;
      }
      const imageDir = resolve(REPO_ROOT, meta.trainingData.imageDir);
      const t = meta.training as { validationPercentage: number; testingPercentage: number };
      const examples = listDataset(imageDir);
      const part = (name: string) =>
        examples.filter(
          (e) => splitOf(e.file, t.validationPercentage, t.testingPercentage) === name,
        );
      const split = { training: part('training'), testing: part('testing') };
      const int8 = await int8ForModelDir(harness, dir, meta, split, (line: string) =>
        console.error(line),
      );
      console.log(int8Summary(meta, int8));
    }
  });
  await updateCatalog(MODELS_DIR, null);
}

runMain(main);
