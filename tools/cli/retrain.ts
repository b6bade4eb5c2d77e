/** `npm run retrain -- --image_dir DIR --architecture mobilenet_0.25_128 ...` (see --help). */
import { helpText, parseFlags, runMain } from '../common/args.ts';
import { userPath } from '../common/paths.ts';
import { initTf } from '../common/tf.ts';
import { RETRAIN_FLAGS, retrainOptions } from '../train/options.ts';
import { retrain } from '../train/retrain.ts';
import { storeOptions } from '../weights/store.ts';

async function main(): Promise<void> {
  const { flags: f } = parseFlags(process.argv.slice(2), RETRAIN_FLAGS);
  if (f.help) {
    console.log(helpText('npm run retrain -- --image_dir DIR [flags]', RETRAIN_FLAGS));
    return;
  }
  const log = (line: string) => console.error(line);
  const cacheFlag = typeof f.weights_cache === 'string' ? userPath(f.weights_cache) : undefined;
  const options = retrainOptions(f, storeOptions(cacheFlag, log, Boolean(f.quiet)), log);
  const backend = await initTf(f.backend === 'cpu' ? 'cpu' : 'wasm');
  const r = await retrain(options);
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  console.log(
    `${r.id} (${backend}): test accuracy ${pct(r.metrics.accuracy)} ${r.meta.quantization} (float ${pct(r.floatTestAccuracy)}), ` +
      `${r.meta.bytes} bytes, ${r.meta.trainingSeconds} s -> ${r.dir}`,
  );
}

runMain(main);
