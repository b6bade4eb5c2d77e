import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../../tools/common/paths.ts';
import { parseFlags } from '../../../../tools/common/args.ts';
import {
  DISTORTION_FLAGS,
  RETRAIN_FLAGS,
  retrainOptions,
  SHIPPED_FLAGS,
} from '../../../../tools/train/options.ts';
import type { StoreOptions } from '../../../../tools/weights/store.ts';

const weights: StoreOptions = {
  cacheDir: '/tmp/none',
  mirror: null,
  sharedWeightsDir: null,
  quiet: true,
  log: () => {},
};
const options = (argv: string[]) =>
  retrainOptions(
    parseFlags(['--image_dir', 'data', ...argv], RETRAIN_FLAGS).flags,
    weights,
    () => {},
  );

describe('retrain distortion flags', () => {
  it('turns every windshield effect off by default', () => {
    expect(options([]).distortions).toEqual({
      flipLeftRight: false,
      randomCrop: 0,
      randomScale: 0,
      randomBrightness: 0,
      randomHood: 0,
      randomGlare: 0,
      randomLowLight: 0,
      randomMotionBlur: 0,
      randomRain: 0,
      randomRoll: 0,
    });
  });

  it('reads each windshield flag', () => {
    const d = options([
      '--random_hood',
      '40',
      '--random-glare=10',
      '--random_low_light',
      '20',
      '--random_motion_blur',
      '30',
      '--random_rain',
      '15',
      '--random_roll',
      '5',
    ]).distortions;
    expect(d).toMatchObject({
      randomHood: 40,
      randomGlare: 10,
      randomLowLight: 20,
      randomMotionBlur: 30,
      randomRain: 15,
      randomRoll: 5,
    });
  });

  it('is the recipe tools/retrain-all.sh passes to every shipped variant', () => {
    // The script's retrain line, from `--flip_left_right` up to `--quiet`, flag by flag.
    const script = readFileSync(join(REPO_ROOT, 'tools', 'retrain-all.sh'), 'utf8');
    const words = script.replace(/\\\n/g, ' ').split(/\s+/);
    const from = words.indexOf('--flip_left_right');
    expect(words.slice(from, words.indexOf('--quiet', from))).toEqual([...SHIPPED_FLAGS]);
    const o = options([...SHIPPED_FLAGS]);
    expect(o.distortions).toMatchObject({ flipLeftRight: true, randomCrop: 10, randomHood: 30 });
    expect(o.fineTune).toMatchObject({ blocks: 2, learningRate: 0.0003, steps: 2000 });
    expect(o.fineTune.uint8).toBe(true);
  });

  it('fine-tunes through the uint8 grids only where the export is uint8, unless told not to', () => {
    expect(options([]).fineTune.uint8).toBe(true);
    expect(options(['--quantize', 'float16']).fineTune.uint8).toBe(false);
    expect(options(['--quantize', 'none']).fineTune.uint8).toBe(false);
    expect(options(['--quantization_aware', 'false']).fineTune.uint8).toBe(false);
  });

  it('refuses a fine-tuning depth it cannot build, in one line', () => {
    expect(() => options(['--fine_tune_blocks', '14'])).toThrow(/0 to 13/);
    expect(() => options(['--fine_tune_blocks', '1.5'])).toThrow(/whole number/);
    expect(() => options(['--fine_tune_blocks', '2', '--hidden_units', '64'])).toThrow(
      /hidden layer/,
    );
  });

  it('offers the distortion flags, and only those, to other commands', () => {
    expect(Object.keys(DISTORTION_FLAGS)).toEqual([
      'flip_left_right',
      'random_crop',
      'random_scale',
      'random_brightness',
      'random_hood',
      'random_glare',
      'random_low_light',
      'random_motion_blur',
      'random_rain',
      'random_roll',
    ]);
  });
});
