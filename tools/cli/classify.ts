/**
 * `npm run classify -- --model models/<id> IMAGE...`: one line per image, label_image.py style
 * (`road 0.973`), or `--json` for machines.
 */
import { helpText, parseFlags, runMain, UsageError, type FlagSpec } from '../common/args.ts';
import { initTf } from '../common/tf.ts';
import { openModelDir } from '../model/model-dir.ts';
import { predictFiles } from '../model/predict.ts';
import { argmax } from '../train/metrics.ts';
import { userPath } from '../common/paths.ts';

const FLAGS: Record<string, FlagSpec> = {
  model: { type: 'string', help: 'model folder, e.g. models/mobilenet_v1_0.25_128 (required)' },
  json: { type: 'boolean', default: false, help: 'print one JSON array instead of lines' },
  help: { type: 'boolean', default: false, help: 'show this help' },
};

async function main(): Promise<void> {
  const { flags, positionals } = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.help) return console.log(helpText('npm run classify -- --model DIR IMAGE...', FLAGS));
  if (typeof flags.model !== 'string') throw new UsageError('--model is required');
  if (positionals.length === 0) throw new UsageError('no images given');
  await initTf();
  const m = await openModelDir(userPath(flags.model));
  let failed = 0;
  // Printed as typed; read from where the user ran the command (npm runs in the repo root).
  const files = new Map(positionals.map((p) => [userPath(p), p]));
  const preds = await predictFiles(m.model, m.inputSize, [...files.keys()], {
    onSkip: (path, reason) => {
      failed++;
      console.error(`skipped ${files.get(path) ?? path}: ${reason}`);
    },
  });
  const rows = preds.map((p) => {
    const best = argmax(p.probs);
    return {
      file: files.get(p.path) ?? p.path,
      label: m.labels[best] as string,
      confidence: p.probs[best] as number,
      scores: Object.fromEntries(m.labels.map((l, i) => [l, p.probs[i] as number])),
    };
  });
  if (flags.json) console.log(JSON.stringify(rows, null, 2));
  else
    for (const r of rows)
      console.log(
        `${positionals.length > 1 ? `${r.file}: ` : ''}${r.label} ${r.confidence.toFixed(3)}`,
      );
  if (failed > 0) process.exitCode = 1;
}

runMain(main);
