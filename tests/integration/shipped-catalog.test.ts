/** The shipped models/ agrees with itself: needs only the repository, never ../shared. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCatalog } from '../../tools/catalog/catalog-io.ts';
import { readMeta } from '../../tools/catalog/meta.ts';
import { MODELS_DIR } from '../../tools/common/paths.ts';

describe('the shipped models', () => {
  it('every shipped model folder matches its catalog entry', () => {
    const catalog = readCatalog();
    expect(catalog.variants.length).toBeGreaterThan(0);
    for (const v of catalog.variants) {
      const meta = readMeta(join(MODELS_DIR, v.id));
      expect(meta).toMatchObject({
        id: v.id,
        inputSize: v.inputSize,
        width: v.width,
        quantization: 'uint8',
        bytes: v.bytes,
      });
    }
  });
});
