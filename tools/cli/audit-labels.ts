/**
 * `npm run audit-labels -- --model models/<id> --image_dir DIR [--json FILE] [--html FILE]`:
 * ranks the images whose folder the model disagrees with (judged out-of-fold); `--base auto`
 * instead of `--model` judges on ImageNet features, before any model exists. `--apply FILE`
 * moves the marked ones to the other folder (undo log written); `--undo LOG` reverses that.
 * Without --apply or --undo, nothing in DIR is touched.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { helpText, parseFlags, runMain, UsageError, type FlagSpec } from '../common/args.ts';
import { initTf } from '../common/tf.ts';
import { baseBackbone, modelBackbone } from '../audit/audit-backbone.ts';
import { storeOptions } from '../weights/store.ts';
import { listDataset } from '../data/dataset.ts';
import { findSuspects } from '../audit/find-suspects.ts';
import { reviewPage } from '../audit/review-html.ts';
import { applyMarkedFile, undoMoves } from '../audit/relabel.ts';
import { REPO_ROOT, userPath } from '../common/paths.ts';

const FLAGS: Record<string, FlagSpec> = {
  model: {
    type: 'string',
    help: 'model folder whose backbone gives the features (or use --base)',
  },
  base: {
    type: 'string',
    help: "without --model: ImageNet weights for the features, auto (the width's .tflite: ../shared, cache or download) or a file",
  },
  architecture: {
    type: 'string',
    default: 'mobilenet_0.25_128',
    help: 'width and input size used with --base',
  },
  weights_cache: { type: 'string', help: 'where --base auto keeps downloaded weights' },
  image_dir: { type: 'string', help: 'folder with road/ and not-road/ subfolders (required)' },
  json: { type: 'string', help: 'write the ranked suspects here (array, most suspect first)' },
  html: { type: 'string', help: 'write a review page here' },
  folds: { type: 'number', default: 5, help: 'k of the k-fold judging' },
  unsure_below: {
    type: 'number',
    default: 0.8,
    help: "also list images whose folder's label got less than this",
  },
  steps: { type: 'number', default: 1000, help: 'most training steps of each fold head' },
  bottleneck_dir: {
    type: 'string',
    help: 'bottleneck cache folder (default: .cache/bottlenecks in the repository)',
  },
  apply: { type: 'string', help: 'move the files marked in this JSON list to the other folder' },
  undo_log: {
    type: 'string',
    help: 'where --apply writes its undo log (default: audit-undo-<time>.json)',
  },
  undo: { type: 'string', help: 'reverse the moves recorded in this undo log' },
  quiet: { type: 'boolean', default: false, help: 'no progress bars' },
  help: { type: 'boolean', default: false, help: 'show this help' },
};

async function main(): Promise<void> {
  const { flags: f } = parseFlags(process.argv.slice(2), FLAGS);
  if (f.help)
    return console.log(
      helpText(
        'npm run audit-labels -- --model DIR --image_dir DIR [--json FILE] [--html FILE]',
        FLAGS,
      ),
    );
  const log = (msg: string) => console.error(msg);
  // Every path the user typed is read from where they ran the command (npm runs in the repo root).
  const path = (v: unknown) => (typeof v === 'string' ? userPath(v) : undefined);
  const undo = path(f.undo);
  if (undo !== undefined) {
    const n = await undoMoves(undo, (m) => log(`not restored: ${m}`));
    console.log(`restored ${n} file(s) from ${undo}`);
    return;
  }
  if (typeof f.image_dir !== 'string') throw new UsageError('--image_dir is required');
  const imageDir = userPath(f.image_dir);
  const apply = path(f.apply);
  if (apply !== undefined) {
    const logFile = userPath(
      String(f.undo_log ?? `audit-undo-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
    );
    const skip = (m: string) => log(`skipped ${m}`);
    const result = await applyMarkedFile(imageDir, apply, logFile, skip, String(f.apply));
    console.log(
      `moved ${result.moves.length} file(s); undo with: npm run audit-labels -- --undo ${logFile}`,
    );
    return;
  }
  if (typeof f.model !== 'string' && typeof f.base !== 'string')
    throw new UsageError(
      '--model DIR (or --base auto|FILE with --architecture) is required to audit',
    );
  const k = Number(f.folds);
  if (!(k >= 2)) throw new UsageError('--folds must be at least 2');

  await initTf();
  const examples = listDataset(imageDir);
  const cacheFlag = path(f.weights_cache);
  const m =
    typeof f.model === 'string'
      ? await modelBackbone(userPath(f.model))
      : await baseBackbone(
          f.base === 'auto' ? 'auto' : userPath(String(f.base)),
          String(f.architecture),
          storeOptions(cacheFlag, log, Boolean(f.quiet)),
        );
  const { judged, suspects } = await findSuspects(m, examples, {
    folds: k,
    steps: Number(f.steps),
    unsureBelow: Number(f.unsure_below),
    cacheDir: path(f.bottleneck_dir) ?? join(REPO_ROOT, '.cache', 'bottlenecks'),
    quiet: Boolean(f.quiet),
    log,
  });
  const against = suspects.filter((s) => s.predicted !== s.label).length;
  console.log(
    `${judged.length} images judged out-of-fold (k=${k}): ${against} predicted against their folder, ${suspects.length - against} unsure`,
  );
  for (const s of suspects.slice(0, 20))
    console.log(`  ${s.file}: folder ${s.label}, model ${s.predicted} ${s.confidence.toFixed(3)}`);
  const json = path(f.json);
  if (json !== undefined) {
    await writeFile(json, `${JSON.stringify(suspects, null, 2)}\n`);
    console.log(`wrote ${json}`);
  }
  const html = path(f.html);
  if (html !== undefined) {
    await writeFile(html, await reviewPage(imageDir, m.id, suspects, judged.length));
    console.log(`wrote ${html}`);
  }
}

runMain(main);
