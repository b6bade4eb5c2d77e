/** Paths are the user's (INIT_CWD); the shipped models and their data's terms are not theirs. */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASET_DIR, MODELS_DIR, userPath } from '../../tools/lib/paths.ts';
import { dataTerms, guardShipped, TRAINING_DATA_TERMS } from '../../tools/lib/shipped.ts';
import { UsageError } from '../../tools/lib/args.ts';

describe('userPath', () => {
  it('resolves against the folder npm was run from', () => {
    expect(userPath('road/x.jpg', { INIT_CWD: '/home/u/data' })).toBe('/home/u/data/road/x.jpg');
    expect(userPath('../models/m', { INIT_CWD: '/home/u/data' })).toBe('/home/u/models/m');
  });
  it('keeps absolute paths and URLs, and falls back to the working folder', () => {
    expect(userPath('/abs/x', { INIT_CWD: '/home/u' })).toBe('/abs/x');
    expect(userPath('https://h/model.json', { INIT_CWD: '/home/u' })).toBe('https://h/model.json');
    expect(userPath('x', {})).toBe(resolve('x'));
  });
});

describe('the shipped models', () => {
  it('are replaced only when asked', () => {
    expect(() => guardShipped(MODELS_DIR, false)).toThrow(UsageError);
    expect(() => guardShipped(MODELS_DIR, false)).toThrow(/--output_dir DIR.*--replace_shipped/);
    expect(() => guardShipped(`${MODELS_DIR}/`, false)).toThrow(UsageError);
    expect(() => guardShipped(MODELS_DIR, true)).not.toThrow();
    expect(() => guardShipped(join(MODELS_DIR, '..', 'my-models'), false)).not.toThrow();
  });

  it("lend their dataset's terms only to that dataset", () => {
    expect(dataTerms(DATASET_DIR).terms).toBe(TRAINING_DATA_TERMS);
    const own = dataTerms('/home/u/data');
    expect(own.terms).not.toMatch(/non-commercial/);
    expect(own.sources).toMatch(/supplied by the user/);
  });
});
