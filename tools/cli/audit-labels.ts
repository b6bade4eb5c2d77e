/**
 * `npm run audit-labels -- --model models/<id> --image_dir DIR [--json FILE] [--html FILE]`:
 * ranks the images whose folder the model disagrees with (judged out-of-fold). `--apply FILE`
 * moves the marked ones to the other folder (undo log written); `--undo LOG` reverses that.
 * Without --apply or --undo, nothing in DIR is touched.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { helpText, parseFlags, runMain, UsageError, type FlagSpec } from '../lib/args.ts';
import { initTf, tfl } from '../lib/tf.ts';
import { openModelDir } from '../lib/model-dir.ts';
import { listDataset } from '../lib/dataset.ts';
import { cacheKey, getBottlenecks } from '../lib/bottlenecks.ts';
import { judgeOutOfFold, rankSuspects } from '../lib/audit.ts';
import { reviewPage } from '../lib/review-html.ts';
import { applyMoves, undoMoves } from '../lib/relabel.ts';
import { progress } from '../lib/progress.ts';

const FLAGS: Record<string, FlagSpec> = {
  model: {
    type: 'string',
    help: 'model folder whose backbone gives the features (required to audit)',
  },
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
    default: '.cache/bottlenecks',
    help: 'bottleneck cache folder',
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

async function modelDigest(dir: string): Promise<string> {
  const h = createHash('sha256');
  for (const f of (await readdir(dir))
    .filter((f) => f === 'model.json' || f.endsWith('.bin'))
    .sort())
    h.update(await readFile(join(dir, f)));
  return h.digest('hex').slice(0, 16);
}

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
  if (typeof f.undo === 'string') {
    const n = await undoMoves(f.undo, (m) => log(`not restored: ${m}`));
    console.log(`restored ${n} file(s) from ${f.undo}`);
    return;
  }
  if (typeof f.image_dir !== 'string') throw new UsageError('--image_dir is required');
  const imageDir = resolve(f.image_dir);
  if (typeof f.apply === 'string') {
    let list: { file: string; marked?: boolean }[];
    try {
      list = JSON.parse(await readFile(f.apply, 'utf8'));
      if (!Array.isArray(list)) throw new Error('not an array');
    } catch (err) {
      throw new UsageError(
        `--apply ${f.apply}: expected a JSON array of {"file", ...} (${(err as Error).message})`,
      );
    }
    const logFile = String(
      f.undo_log ?? `audit-undo-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
    const result = await applyMoves(imageDir, list, logFile, (m) => log(`skipped ${m}`));
    console.log(
      `moved ${result.moves.length} file(s); undo with: npm run audit-labels -- --undo ${logFile}`,
    );
    return;
  }
  if (typeof f.model !== 'string') throw new UsageError('--model is required to audit');
  const k = Number(f.folds);
  if (!(k >= 2)) throw new UsageError('--folds must be at least 2');

  await initTf();
  const examples = listDataset(imageDir);
  const m = await openModelDir(f.model);
  const backbone = tfl.model({
    inputs: m.model.inputs,
    outputs: m.model.getLayer('pool').output as tfl.SymbolicTensor,
  });
  const bar = progress('features', examples.length, Boolean(f.quiet));
  const bottlenecks = await getBottlenecks({
    backbone,
    inputSize: m.inputSize,
    modelKey: cacheKey(await modelDigest(f.model), m.id, 'audit'),
    examples,
    copiesOf: () => 0,
    distortions: { flipLeftRight: false, randomCrop: 0, randomScale: 0, randomBrightness: 0 },
    cacheDir: resolve(String(f.bottleneck_dir)),
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
  if (typeof f.json === 'string') {
    await writeFile(f.json, `${JSON.stringify(suspects, null, 2)}\n`);
    console.log(`wrote ${f.json}`);
  }
  if (typeof f.html === 'string') {
    await writeFile(f.html, await reviewPage(imageDir, m.id, suspects, judged.length));
    console.log(`wrote ${f.html}`);
  }
}

runMain(main);
