/**
 * `npm run evaluate -- --model models/<id> --image_dir DIR [--json]`: accuracy, confusion matrix,
 * per-class precision and recall and the misclassified images over every image under DIR/road
 * and DIR/not-road (any such folder, not only the training set). `--model` may also be a
 * personal model exported from teach mode (a `.json` file), evaluated on its base in models/.
 */
import { helpText, parseFlags, runMain, UsageError, type FlagSpec } from '../common/args.ts';
import { initTf } from '../common/tf.ts';
import { openModelDir } from '../model/model-dir.ts';
import { isPersonalFile, openPersonal } from '../model/personal.ts';
import { evaluateFolder } from '../train/evaluate.ts';
import { userPath } from '../common/paths.ts';

const FLAGS: Record<string, FlagSpec> = {
  model: {
    type: 'string',
    help: 'model folder (e.g. models/mobilenet_v1_0.25_128) or a personal model .json (required)',
  },
  image_dir: { type: 'string', help: 'folder with road/ and not-road/ subfolders (required)' },
  json: { type: 'boolean', default: false, help: 'print one JSON object' },
  help: { type: 'boolean', default: false, help: 'show this help' },
};

async function main(): Promise<void> {
  const { flags } = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.help)
    return console.log(
      helpText('npm run evaluate -- --model DIR|FILE.json --image_dir DIR [--json]', FLAGS),
    );
  if (typeof flags.model !== 'string') throw new UsageError('--model is required');
  if (typeof flags.image_dir !== 'string') throw new UsageError('--image_dir is required');
  await initTf();
  const modelPath = userPath(flags.model);
  const m = isPersonalFile(modelPath)
    ? await openPersonal(modelPath, { onWarning: (line) => console.error(line) })
    : await openModelDir(modelPath);
  const metrics = await evaluateFolder(m, userPath(flags.image_dir), {
    onSkip: (path, reason) => console.error(`skipped ${path}: ${reason}`),
    quiet: Boolean(flags.json),
  });
  if (flags.json) {
    console.log(JSON.stringify(metrics));
    return;
  }
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
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
