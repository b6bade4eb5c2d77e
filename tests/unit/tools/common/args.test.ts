import { describe, expect, it } from 'vitest';
import { parseFlags, UsageError, type FlagSpec } from '../../../../tools/common/args.ts';
import { RETRAIN_FLAGS } from '../../../../tools/train/options.ts';

const spec: Record<string, FlagSpec> = {
  image_dir: { type: 'string', help: '' },
  learning_rate: { type: 'number', default: 0.01, help: '' },
  flip_left_right: { type: 'boolean', default: false, help: '' },
  variants: { type: 'list', help: '' },
};

describe('flag parsing', () => {
  it('reads --flag=value and --flag value alike', () => {
    const a = parseFlags(['--image_dir=data', '--learning_rate=0.5'], spec).flags;
    const b = parseFlags(['--image_dir', 'data', '--learning_rate', '0.5'], spec).flags;
    expect(a).toEqual(b);
    expect(a.image_dir).toBe('data');
    expect(a.learning_rate).toBe(0.5);
  });

  it('accepts kebab-case aliases', () => {
    expect(parseFlags(['--image-dir', 'd', '--flip-left-right'], spec).flags).toMatchObject({
      image_dir: 'd',
      flip_left_right: true,
    });
  });

  it('takes booleans bare, with a following true/false, or with =', () => {
    expect(parseFlags(['--flip_left_right'], spec).flags.flip_left_right).toBe(true);
    expect(parseFlags(['--flip_left_right', 'true', 'img.jpg'], spec)).toEqual({
      flags: expect.objectContaining({ flip_left_right: true }),
      positionals: ['img.jpg'],
    });
    expect(parseFlags(['--flip_left_right', 'false'], spec).flags.flip_left_right).toBe(false);
    expect(parseFlags(['--flip_left_right=false'], spec).flags.flip_left_right).toBe(false);
  });

  it('keeps defaults and splits lists', () => {
    const f = parseFlags(['--variants', 'a, b,c'], spec).flags;
    expect(f.learning_rate).toBe(0.01);
    expect(f.variants).toEqual(['a', 'b', 'c']);
  });

  it('rejects unknown flags, missing values and bad numbers with a UsageError', () => {
    expect(() => parseFlags(['--nope'], spec)).toThrow(UsageError);
    expect(() => parseFlags(['--image_dir'], spec)).toThrow(/needs a value/);
    expect(() => parseFlags(['--learning_rate', 'fast'], spec)).toThrow(/takes a number/);
    expect(() => parseFlags(['--flip_left_right=maybe'], spec)).toThrow(/true or false/);
  });

  it("accepts the 2017 article's retrain.py command as written", () => {
    const argv = [
      '--image_dir',
      'data',
      '--learning_rate=0.0001',
      '--testing_percentage',
      '20',
      '--validation_percentage',
      '20',
      '--train_batch_size=32',
      '--validation_batch_size=-1',
      '--flip_left_right',
      'True',
      '--random_scale=30',
      '--random_brightness=30',
      '--eval_step_interval=100',
      '--how_many_training_steps=600',
      '--architecture',
      'mobilenet_1.0_224',
    ];
    const f = parseFlags(argv, RETRAIN_FLAGS).flags;
    expect(f).toMatchObject({
      image_dir: 'data',
      learning_rate: 0.0001,
      testing_percentage: 20,
      validation_batch_size: -1,
      flip_left_right: true,
      random_scale: 30,
      how_many_training_steps: 600,
      architecture: 'mobilenet_1.0_224',
    });
  });
});
