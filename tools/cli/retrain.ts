/** `npm run retrain -- --image_dir DIR --architecture mobilenet_0.25_128 ...` (see --help). */
import { join } from 'node:path';
import { helpText, parseFlags, runMain, UsageError } from '../lib/args.ts';
import { RETRAIN_FLAGS } from './retrain-flags.ts';
import { initTf } from '../lib/tf.ts';
import { retrain } from '../lib/retrain.ts';
import { REPO_ROOT, userPath } from '../lib/paths.ts';
import { storeOptions } from '../weights/store.ts';
import type { Quantization } from '../lib/model-io.ts';

async function main(): Promise<void> {
  const { flags: f } = parseFlags(process.argv.slice(2), RETRAIN_FLAGS);
  if (f.help) {
    console.log(helpText('npm run retrain -- --image_dir DIR [flags]', RETRAIN_FLAGS));
    return;
  }
  if (typeof f.image_dir !== 'string')
    throw new UsageError('--image_dir is required (a folder with road/ and not-road/)');
  const quantize = f.quantize as Quantization;
  if (!['uint8', 'float16', 'none'].includes(quantize))
    throw new UsageError(`--quantize takes uint8, float16 or none, not "${quantize}"`);
  const backend = await initTf(f.backend === 'cpu' ? 'cpu' : 'wasm');
  const log = (line: string) => console.error(line);
  const base = String(f.base);
  const r = await retrain({
    imageDir: userPath(f.image_dir),
    architecture: String(f.architecture),
    // auto and random are words, not files; anything else the user typed is a path or URL.
    base: base === 'auto' || base === 'random' ? base : userPath(base),
    weights: storeOptions(
      typeof f.weights_cache === 'string' ? userPath(f.weights_cache) : undefined,
      log,
      Boolean(f.quiet),
    ),
    learningRate: Number(f.learning_rate),
    testingPercentage: Number(f.testing_percentage),
    validationPercentage: Number(f.validation_percentage),
    trainBatchSize: Number(f.train_batch_size),
    validationBatchSize: Number(f.validation_batch_size),
    evalStepInterval: Number(f.eval_step_interval),
    howManyTrainingSteps: Number(f.how_many_training_steps),
    distortions: {
      flipLeftRight: Boolean(f.flip_left_right),
      randomCrop: Number(f.random_crop),
      randomScale: Number(f.random_scale),
      randomBrightness: Number(f.random_brightness),
    },
    distortedCopies: Number(f.distorted_copies),
    hiddenUnits: Number(f.hidden_units),
    l2: Number(f.l2),
    patience: Number(f.patience),
    bottleneckDir:
      typeof f.bottleneck_dir === 'string'
        ? userPath(f.bottleneck_dir)
        : join(REPO_ROOT, '.cache', 'bottlenecks'),
    outputDir: userPath(String(f.output_dir)),
    replaceShipped: Boolean(f.replace_shipped),
    quantize,
    setDefault: Boolean(f.set_default),
    int8: Boolean(f.int8),
    quiet: Boolean(f.quiet),
    log,
  });
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  console.log(
    `${r.id} (${backend}): test accuracy ${pct(r.metrics.accuracy)} ${r.meta.quantization} (float ${pct(r.floatTestAccuracy)}), ` +
      `${r.meta.bytes} bytes, ${r.meta.trainingSeconds} s -> ${r.dir}`,
  );
}

runMain(main);
