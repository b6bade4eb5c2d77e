/**
 * `npm run bench:retrain`: retrains a variant (default 0.25_128) on the whole dataset from a cold
 * bottleneck cache, with the shipped models' flags, into a scratch folder, and reports the wall
 * time of each phase. Then a second run on the warm cache, for the ratio.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helpText, parseFlags, runMain, type FlagSpec } from '../common/args.ts';
import { initTf } from '../common/tf.ts';
import { retrain } from '../train/retrain.ts';
import { RETRAIN_FLAGS, retrainOptions, SHIPPED_FLAGS } from '../train/options.ts';
import { DATASET_DIR, userPath } from '../common/paths.ts';
import { autoBases, storeOptions } from '../weights/store.ts';
import { parseVariant } from '../../src/models/variants.ts';

const FLAGS: Record<string, FlagSpec> = {
  image_dir: { type: 'string', default: DATASET_DIR, help: 'dataset folder' },
  architecture: { type: 'string', default: 'mobilenet_0.25_128', help: 'variant to retrain' },
  base: {
    type: 'string',
    default: 'auto',
    help: 'base weights: auto (../shared, else the cache, else downloaded), or a .tflite / model.json path or URL',
  },
  weights_cache: { type: 'string', help: 'where --base auto keeps downloaded weights' },
  help: { type: 'boolean', default: false, help: 'show this help' },
};

async function main(): Promise<void> {
  const { flags } = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.help)
    return console.log(
      helpText('npm run bench:retrain -- [--image_dir DIR] [--architecture A] [--base B]', FLAGS),
    );
  const base = String(flags.base);
  const cacheFlag =
    typeof flags.weights_cache === 'string' ? userPath(flags.weights_cache) : undefined;
  // Fetched (if need be) before the clock starts: the bench times training, not the network.
  const weights = storeOptions(cacheFlag, (l) => console.error(l));
  if (base === 'auto') await autoBases(parseVariant(String(flags.architecture)).width, weights);
  const backend = await initTf();
  const scratch = mkdtempSync(join(tmpdir(), 'roadgate-retrain-bench-'));
  const run = async (label: string) => {
    const lines: string[] = [];
    const argv = [
      ...SHIPPED_FLAGS,
      ...['--image_dir', String(flags.image_dir), '--architecture', String(flags.architecture)],
      ...['--base', base, '--bottleneck_dir', join(scratch, 'cache')],
      ...['--output_dir', join(scratch, 'models'), '--int8', 'false', '--quiet'],
    ];
    const options = retrainOptions(parseFlags(argv, RETRAIN_FLAGS).flags, weights, (l) =>
      lines.push(l),
    );
    const t0 = Date.now();
    const r = await retrain(options);
    const seconds = (Date.now() - t0) / 1000;
    console.log(
      `${label}: ${seconds.toFixed(1)} s, test accuracy ${(100 * r.metrics.accuracy).toFixed(2)}% (${r.id}, ${backend})`,
    );
    return seconds;
  };
  try {
    const cold = await run('cold bottleneck cache');
    const warm = await run('warm bottleneck cache');
    console.log(`cold / warm: ${(cold / warm).toFixed(1)}×`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

runMain(main);
