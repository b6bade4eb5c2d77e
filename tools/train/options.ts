/**
 * What a retrain takes: its options, and the flags of `npm run retrain` that set them (apart
 * from its main, so tests and `npm run bench:retrain` can use them).
 */
import { join } from 'node:path';
import { UsageError, type FlagSpec, type FlagValues } from '../common/args.ts';
import { REPO_ROOT, userPath } from '../common/paths.ts';
import type { DistortionFlags } from '../data/images.ts';
import { QUANTIZATIONS, type Quantization } from '../../src/models/catalog.ts';
import type { StoreOptions } from '../weights/store.ts';
import type { FineTuneSettings } from './fine-tune.ts';

export interface RetrainOptions {
  imageDir: string;
  architecture: string;
  /** 'auto' (every known base for the width, keep the best), 'random', or a path / URL. */
  base: string;
  learningRate: number;
  testingPercentage: number;
  validationPercentage: number;
  trainBatchSize: number;
  /** -1: the whole validation set at every evaluation. */
  validationBatchSize: number;
  evalStepInterval: number;
  howManyTrainingSteps: number;
  distortions: DistortionFlags;
  distortedCopies: number;
  hiddenUnits: number;
  l2: number;
  patience: number;
  /** The second stage: the last `blocks` backbone blocks trained with the head (0: none). */
  fineTune: FineTuneSettings;
  bottleneckDir: string;
  outputDir: string;
  quantize: Quantization;
  setDefault: boolean;
  /** Also write model.tflite (a .tflite base only) and measure it in Chromium. */
  int8?: boolean;
  /** Where `base: 'auto'` finds or fetches weights (default: ../shared, then the user's cache). */
  weights?: StoreOptions;
  /** Allow `outputDir` to be the repository's shipped `models/`. */
  replaceShipped?: boolean;
  quiet: boolean;
  log: (line: string) => void;
}

/** Images per fine-tuning step: the tail's activations are larger than bottlenecks. */
const FINE_TUNE_BATCH = 32;

/** Flags and defaults after retrain.py (2017), plus Roadgate's own. */
export const RETRAIN_FLAGS: Record<string, FlagSpec> = {
  image_dir: { type: 'string', help: 'folder with road/ and not-road/ subfolders (required)' },
  architecture: { type: 'string', default: 'mobilenet_0.25_128', help: 'mobilenet_<width>_<size>' },
  base: {
    type: 'string',
    default: 'auto',
    help: 'base weights: auto (../shared/weights, else the cache, else downloaded once), random, a .tflite file, or a TF.js model.json path or URL',
  },
  weights_cache: {
    type: 'string',
    help: 'where --base auto keeps downloaded weights (default: $ROADGATE_WEIGHTS_CACHE, else $XDG_CACHE_HOME/roadgate/weights, else ~/.cache/roadgate/weights)',
  },
  learning_rate: { type: 'number', default: 0.01, help: 'Adam learning rate of the head' },
  testing_percentage: { type: 'number', default: 10, help: 'percent of images in the test split' },
  validation_percentage: {
    type: 'number',
    default: 10,
    help: 'percent of images in the validation split',
  },
  train_batch_size: { type: 'number', default: 100, help: 'images per training step' },
  validation_batch_size: {
    type: 'number',
    default: -1,
    help: 'validation images per evaluation (-1: all)',
  },
  eval_step_interval: { type: 'number', default: 10, help: 'steps between evaluations' },
  how_many_training_steps: { type: 'number', default: 4000, help: 'most training steps' },
  flip_left_right: { type: 'boolean', default: false, help: 'mirror training copies at random' },
  random_crop: {
    type: 'number',
    default: 0,
    help: 'percent of margin to crop off training copies at random',
  },
  random_scale: {
    type: 'number',
    default: 0,
    help: 'percent to enlarge training copies at random',
  },
  random_brightness: {
    type: 'number',
    default: 0,
    help: 'percent to brighten or darken training copies',
  },
  random_hood: {
    type: 'number',
    default: 0,
    help: 'percent of training copies with a dark hood or dashboard over the bottom 8-25%',
  },
  random_glare: {
    type: 'number',
    default: 0,
    help: 'percent of training copies with a sun glare in the upper half and washed-out contrast',
  },
  random_low_light: {
    type: 'number',
    default: 0,
    help: 'percent of training copies darkened to 25-60% of their light, with sensor noise',
  },
  random_motion_blur: {
    type: 'number',
    default: 0,
    help: 'percent of training copies with a near-horizontal motion blur of 3-9 px at input size',
  },
  random_rain: {
    type: 'number',
    default: 0,
    help: 'percent of training copies seen through glass with 20-120 raindrops',
  },
  random_roll: {
    type: 'number',
    default: 0,
    help: 'degrees: every training copy is rolled by a random angle within plus or minus this',
  },
  distorted_copies: {
    type: 'number',
    default: 2,
    help: 'distorted copies per training image (cached)',
  },
  hidden_units: {
    type: 'number',
    default: 0,
    help: 'units of an optional hidden layer in the head (0: none)',
  },
  l2: { type: 'number', default: 1e-4, help: 'L2 weight on the head kernels' },
  patience: {
    type: 'number',
    default: 40,
    help: 'evaluations without improvement before stopping early',
  },
  fine_tune_blocks: {
    type: 'number',
    default: 0,
    help: 'after the head, also train the last N depthwise + pointwise blocks (0-13; 0: head only)',
  },
  fine_tune_learning_rate: {
    type: 'number',
    default: 3e-4,
    help: 'Adam learning rate of the fine-tuning stage',
  },
  fine_tune_steps: { type: 'number', default: 2000, help: 'most steps of the fine-tuning stage' },
  fine_tune_l2sp: {
    type: 'number',
    default: 1e-3,
    help: 'weight of the pull of fine-tuned weights back to where they started (L2-SP)',
  },
  quantization_aware: {
    type: 'boolean',
    default: true,
    help: 'with --fine_tune_blocks and --quantize uint8: train through the uint8 weights the export holds',
  },
  bottleneck_dir: {
    type: 'string',
    help: 'bottleneck cache folder (default: .cache/bottlenecks in the repository)',
  },
  output_dir: {
    type: 'string',
    default: 'my-models',
    help: 'folder for your models: <output_dir>/<id>/ and its catalog.json',
  },
  replace_shipped: {
    type: 'boolean',
    default: false,
    help: "allow --output_dir to be the repository's models/ (replaces a shipped model)",
  },
  quantize: { type: 'string', default: 'uint8', help: 'uint8 | float16 | none' },
  set_default: { type: 'boolean', default: false, help: "make this variant the catalog's default" },
  int8: {
    type: 'boolean',
    default: true,
    help: 'also write model.tflite (integer engine; .tflite bases only) and measure it in Chromium',
  },
  backend: { type: 'string', default: 'wasm', help: 'wasm | cpu' },
  quiet: { type: 'boolean', default: false, help: 'no progress bars' },
  help: { type: 'boolean', default: false, help: 'show this help' },
};

/**
 * The flags the shipped models are trained with, beyond the defaults (tools/retrain-all.sh passes
 * the same): retrain.py's distortions, two cached copies, a lower learning rate; windshield
 * effects on some copies; and the last two blocks fine-tuned with the head. What each bought on
 * 0.25_128's validation split is in the README (Shipped models).
 */
export const SHIPPED_FLAGS: readonly string[] = [
  ...['--flip_left_right', 'true', '--random_crop', '10', '--random_scale', '10'],
  ...['--random_brightness', '10', '--distorted_copies', '2'],
  ...['--learning_rate', '0.003', '--how_many_training_steps', '4000'],
  ...['--random_hood', '30', '--random_glare', '15', '--random_low_light', '15'],
  ...['--random_motion_blur', '15', '--random_rain', '15', '--random_roll', '5'],
  ...['--fine_tune_blocks', '2', '--fine_tune_learning_rate', '0.0003'],
  ...['--fine_tune_steps', '2000'],
];

/** The distortion flags of `RETRAIN_FLAGS`, by name, for other commands that show them. */
export const DISTORTION_FLAGS: Record<string, FlagSpec> = Object.fromEntries(
  Object.entries(RETRAIN_FLAGS).filter(([k]) => k === 'flip_left_right' || k.startsWith('random_')),
);

/** The distortions that parsed `DISTORTION_FLAGS` (or `RETRAIN_FLAGS`) ask for. */
export function distortionFlags(f: FlagValues): DistortionFlags {
  return {
    flipLeftRight: Boolean(f.flip_left_right),
    randomCrop: Number(f.random_crop),
    randomScale: Number(f.random_scale),
    randomBrightness: Number(f.random_brightness),
    randomHood: Number(f.random_hood),
    randomGlare: Number(f.random_glare),
    randomLowLight: Number(f.random_low_light),
    randomMotionBlur: Number(f.random_motion_blur),
    randomRain: Number(f.random_rain),
    randomRoll: Number(f.random_roll),
  };
}

/**
 * The options that parsed `RETRAIN_FLAGS` give, paths read from where the user ran the command;
 * `weights` where `base: 'auto'` looks. Throws `UsageError` on a missing or bad value.
 */
export function retrainOptions(
  f: FlagValues,
  weights: StoreOptions,
  log: (line: string) => void,
): RetrainOptions {
  if (typeof f.image_dir !== 'string')
    throw new UsageError('--image_dir is required (a folder with road/ and not-road/)');
  const quantize = f.quantize as Quantization;
  if (!QUANTIZATIONS.includes(quantize))
    throw new UsageError(`--quantize takes uint8, float16 or none, not "${quantize}"`);
  const base = String(f.base);
  const blocks = Number(f.fine_tune_blocks);
  if (!Number.isInteger(blocks) || blocks < 0 || blocks > 13)
    throw new UsageError(
      `--fine_tune_blocks takes a whole number from 0 to 13, not "${f.fine_tune_blocks}"`,
    );
  if (blocks > 0 && Number(f.hidden_units) > 0)
    throw new UsageError(
      '--fine_tune_blocks needs a head without a hidden layer (--hidden_units 0)',
    );
  return {
    imageDir: userPath(f.image_dir),
    architecture: String(f.architecture),
    // auto and random are words, not files; anything else the user typed is a path or URL.
    base: base === 'auto' || base === 'random' ? base : userPath(base),
    weights,
    learningRate: Number(f.learning_rate),
    testingPercentage: Number(f.testing_percentage),
    validationPercentage: Number(f.validation_percentage),
    trainBatchSize: Number(f.train_batch_size),
    validationBatchSize: Number(f.validation_batch_size),
    evalStepInterval: Number(f.eval_step_interval),
    howManyTrainingSteps: Number(f.how_many_training_steps),
    distortions: distortionFlags(f),
    distortedCopies: Number(f.distorted_copies),
    hiddenUnits: Number(f.hidden_units),
    l2: Number(f.l2),
    patience: Number(f.patience),
    fineTune: {
      blocks: Number(f.fine_tune_blocks),
      learningRate: Number(f.fine_tune_learning_rate),
      steps: Number(f.fine_tune_steps),
      batchSize: FINE_TUNE_BATCH,
      l2sp: Number(f.fine_tune_l2sp),
      uint8: quantize === 'uint8' && Boolean(f.quantization_aware),
    },
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
  };
}
