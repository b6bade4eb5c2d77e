/**
 * `npm run evaluate -- --model models/<id> --image_dir DIR [--split NAME] [--windshield] [--json]`:
 * accuracy, confusion matrix, per-class precision and recall and the misclassified images over
 * every image under DIR/road and DIR/not-road (any such folder, not only the training set), or
 * over one split of it, as the model's training split it. `--windshield` instead gives the
 * accuracy as is, under each windshield effect alone and under all together, each with its 95%
 * interval. `--model` may also be a personal model exported from teach mode (a `.json` file),
 * evaluated on its base in models/.
 */
import { helpText, parseFlags, runMain, UsageError, type FlagSpec } from '../common/args.ts';
import { initTf } from '../common/tf.ts';
import { openModelDir } from '../model/model-dir.ts';
import { isPersonalFile, openPersonal } from '../model/personal.ts';
import { scoreExamples } from '../train/evaluate.ts';
import { userPath } from '../common/paths.ts';
import { listDataset, type Example } from '../data/dataset.ts';
import { splitExamples, type SplitName } from '../data/split.ts';
import { readMeta } from '../catalog/meta.ts';
import { scoreWindshield } from '../train/windshield-eval.ts';
import { accuracyText } from '../../src/util/interval.ts';

const SPLITS: readonly SplitName[] = ['training', 'validation', 'testing'];

const FLAGS: Record<string, FlagSpec> = {
  model: {
    type: 'string',
    help: 'model folder (e.g. models/mobilenet_v1_0.25_128) or a personal model .json (required)',
  },
  image_dir: { type: 'string', help: 'folder with road/ and not-road/ subfolders (required)' },
  split: {
    type: 'string',
    help: `only this split of image_dir (${SPLITS.join(', ')}), with the model's own percentages`,
  },
  windshield: {
    type: 'boolean',
    default: false,
    help: 'accuracy as is, under each windshield effect alone and all together',
  },
  json: { type: 'boolean', default: false, help: 'print one JSON object' },
  help: { type: 'boolean', default: false, help: 'show this help' },
};

const USAGE =
  'npm run evaluate -- --model DIR|FILE.json --image_dir DIR [--split NAME] [--windshield] [--json]';

/** The photos to score: all of `imageDir`, or the split the model's training made of it. */
function examplesOf(imageDir: string, split: unknown, modelPath: string): Example[] {
  const all = listDataset(imageDir);
  if (split === undefined) return all;
  if (!SPLITS.includes(split as SplitName)) {
    throw new UsageError(`--split must be one of ${SPLITS.join(', ')} (got ${String(split)})`);
  }
  if (isPersonalFile(modelPath)) {
    throw new UsageError('--split needs a model folder: its meta.json gives the percentages');
  }
  const { validationPercentage: v, testingPercentage: t } = readMeta(modelPath).training;
  if (typeof v !== 'number' || typeof t !== 'number') {
    throw new UsageError(`${modelPath}/meta.json does not say how its photos were split`);
  }
  return splitExamples(all, v, t)[split as SplitName];
}

async function main(): Promise<void> {
  const { flags } = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.help) return console.log(helpText(USAGE, FLAGS));
  if (typeof flags.model !== 'string') throw new UsageError('--model is required');
  if (typeof flags.image_dir !== 'string') throw new UsageError('--image_dir is required');
  const modelPath = userPath(flags.model);
  const examples = examplesOf(userPath(flags.image_dir), flags.split, modelPath);
  await initTf();
  const m = isPersonalFile(modelPath)
    ? await openPersonal(modelPath, { onWarning: (line) => console.error(line) })
    : await openModelDir(modelPath);
  const scoreOpts = {
    onSkip: (path: string, reason: string) => console.error(`skipped ${path}: ${reason}`),
    quiet: Boolean(flags.json),
  };
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  if (flags.windshield) {
    const scores = await scoreWindshield(m.model, m.inputSize, examples, scoreOpts);
    if (flags.json) {
      const rows = scores.map(({ condition, metrics }) => ({
        condition: condition.name,
        ...metrics,
      }));
      return console.log(JSON.stringify(rows));
    }
    console.log(
      `${m.id}: accuracy under windshield effects, on the same ${examples.length} photos`,
    );
    for (const { condition, metrics } of scores) {
      console.log(`  ${condition.title.padEnd(13)} ${accuracyText(metrics.accuracy, metrics.n)}`);
    }
    return;
  }
  const metrics = await scoreExamples(m.model, m.inputSize, examples, {
    label: `evaluating ${m.id}`,
    ...scoreOpts,
  });
  if (flags.json) {
    console.log(JSON.stringify(metrics));
    return;
  }
  console.log(`${m.id}: accuracy ${pct(metrics.accuracy)} on ${metrics.n} images`);
  for (const [label, c] of Object.entries(metrics.perClass)) {
    console.log(
      `  ${label.padEnd(9)} n=${c.n} precision ${pct(c.precision)} recall ${pct(c.recall)}`,
    );
  }
  console.log(`  confusion (rows true, columns predicted): ${JSON.stringify(metrics.confusion)}`);
  for (const x of metrics.misclassified.slice(0, 20)) {
    console.log(`  ${x.file}: ${x.label} predicted ${x.predicted} ${x.confidence.toFixed(3)}`);
  }
}

runMain(main);
