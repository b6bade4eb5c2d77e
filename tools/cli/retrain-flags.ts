/** The flags of `npm run retrain`, apart from its main so tests can import them. */
import type { FlagSpec } from '../lib/args.ts';

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
