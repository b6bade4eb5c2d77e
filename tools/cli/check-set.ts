/**
 * `npm run models:check-set -- [--variant <id>] [--per_label 50] [--image_dir DIR]`: writes
 * `models/<id>/check.json` and `anchor.json` for each shipped variant (tools/train/check-set.ts):
 * the features of an even sample of its test photos, which teach mode scores a personal head on,
 * and of its training photos, which teach mode rehearses; and checks each file: the shipped head's
 * accuracy on its features next to the model's own on the same photos.
 */
import { join } from 'node:path';
import { helpText, parseFlags, runMain, UsageError, type FlagSpec } from '../common/args.ts';
import { initTf } from '../common/tf.ts';
import { MODELS_DIR, userPath } from '../common/paths.ts';
import { readCatalog } from '../catalog/catalog-io.ts';
import { CHECK_PER_LABEL, FEATURE_SET_FILES, writeCheckSet } from '../train/check-set.ts';
import { LABELS } from '../data/dataset.ts';

const FLAGS: Record<string, FlagSpec> = {
  variant: { type: 'string', help: 'one model id in models/ (default: every variant)' },
  per_label: { type: 'number', default: CHECK_PER_LABEL, help: 'test photos per label' },
  image_dir: {
    type: 'string',
    help: "folder with road/ and not-road/ subfolders (default: each model's training.imageDir)",
  },
  quiet: { type: 'boolean', default: false, help: 'no progress bars' },
  help: { type: 'boolean', default: false, help: 'show this help' },
};

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

async function main(): Promise<void> {
  const { flags } = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.help)
    return console.log(
      helpText(
        'npm run models:check-set -- [--variant ID] [--per_label N] [--image_dir DIR]',
        FLAGS,
      ),
    );
  const perLabel = Number(flags.per_label);
  if (!Number.isInteger(perLabel) || perLabel < 1) {
    throw new UsageError(`--per_label takes a whole number of at least 1, not ${perLabel}`);
  }
  const all = readCatalog().variants.map((v) => v.id);
  const ids = typeof flags.variant === 'string' ? [flags.variant] : all;
  const unknown = ids.find((id) => !all.includes(id));
  if (unknown !== undefined) {
    throw new UsageError(`no variant ${unknown} in models/; valid: ${all.join(', ')}`);
  }
  const imageDir = typeof flags.image_dir === 'string' ? userPath(flags.image_dir) : undefined;
  await initTf();
  for (const id of ids) {
    for (const set of ['testing', 'training'] as const) {
      const r = await writeCheckSet({
        modelDir: join(MODELS_DIR, id),
        imageDir,
        perLabel,
        set,
        quiet: Boolean(flags.quiet),
        onSkip: (path, reason) => console.error(`skipped ${path}: ${reason}`),
      });
      const n = r.counts.reduce((a, b) => a + b, 0);
      console.log(
        `${id} ${FEATURE_SET_FILES[set]}: ${LABELS.map((l, i) => `${r.counts[i]} ${l}`).join(' + ')} photos, ${(r.bytes / 1024).toFixed(1)} KiB in ` +
          `${r.seconds.toFixed(1)} s; shipped head on the file ${pct(r.fileAccuracy)}, ` +
          `model's own predict ${pct(r.modelAccuracy)} (of ${n})`,
      );
    }
  }
}

runMain(main);
