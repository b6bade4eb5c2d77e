/** The shipped models and their data's terms are not the user's. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASET_DIR, MODELS_DIR } from '../../../../tools/common/paths.ts';
import { dataTerms, guardShipped, TRAINING_DATA_TERMS } from '../../../../tools/catalog/shipped.ts';
import { UsageError } from '../../../../tools/common/args.ts';

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
