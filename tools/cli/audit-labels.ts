/**
 * `npm run audit-labels -- --model models/<id> --image_dir DIR [--json FILE] [--html FILE]`:
 * ranks the images whose folder the model disagrees with (judged out-of-fold); `--base auto`
 * instead of `--model` judges on ImageNet features, before any model exists. `--apply FILE`
 * moves the marked ones to the other folder (undo log written); `--undo LOG` reverses that.
 * Without --apply or --undo, nothing in DIR is touched.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { helpText, parseFlags, runMain, UsageError, type FlagSpec } from '../lib/args.ts';
import { initTf } from '../lib/tf.ts';
import { baseBackbone, modelBackbone } from '../lib/audit-backbone.ts';
import { storeOptions } from '../weights/store.ts';
import { listDataset } from '../lib/dataset.ts';
import { cacheKey, getBottlenecks } from '../lib/bottlenecks.ts';
import { judgeOutOfFold, rankSuspects } from '../lib/audit.ts';
import { reviewPage } from '../lib/review-html.ts';
import { applyMoves, markedEntries, undoMoves } from '../lib/relabel.ts';
import { progress } from '../lib/progress.ts';
import { REPO_ROOT, userPath } from '../lib/paths.ts';

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
    let list: { file: string; marked?: boolean }[];
    try {
      list = JSON.parse(await readFile(apply, 'utf8'));
      if (!Array.isArray(list)) throw new Error('not an array');
    } catch (err) {
      throw new UsageError(
        `--apply ${f.apply}: expected a JSON array of {"file", ...} (${(err as Error).message})`,
      );
    }
    const logFile = userPath(
      String(f.undo_log ?? `audit-undo-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
    );
    const result = await applyMoves(imageDir, list, logFile, (m) => log(`skipped ${m}`));
    if (result.moves.length === 0) {
      // Exit 0 would read as "done"; an undo log of nothing would only mislead later.
      throw new Error(
        `moved nothing: ${markedEntries(list).length} of the ${list.length} entries in ${apply} are marked, none could be moved (reasons above); no undo log written`,
      );
    }
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
  const bar = progress('features', examples.length, Boolean(f.quiet));
  const bottlenecks = await getBottlenecks({
    backbone: m.model,
    inputSize: m.inputSize,
    modelKey: cacheKey(m.digest, m.id, 'audit'),
    examples,
    copiesOf: () => 0,
    distortions: { flipLeftRight: false, randomCrop: 0, randomScale: 0, randomBrightness: 0 },
    cacheDir: path(f.bottleneck_dir) ?? join(REPO_ROOT, '.cache', 'bottlenecks'),
    onProgress: (d) => bar.update(d),
    onSkip: (p, reason) => log(`skipped ${p}: ${reason}`),
  });
  bar.stop();
  m.model.dispose();
  const folds = progress('judging folds', k, Boolean(f.quiet));
  const judged = judgeOutOfFold(
    bottlenecks.map((b) => ({
      file: b.example.file,
      labelIndex: b.example.labelIndex,
      features: b.features,
    })),
    k,
    Number(f.steps),
    (fold) => folds.update(fold + 1),
  );
  folds.stop();
  const suspects = rankSuspects(judged, Number(f.unsure_below));
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
