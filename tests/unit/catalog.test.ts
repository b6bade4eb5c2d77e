import { describe, expect, it } from 'vitest';
import { parseCatalog, sortEntries, type CatalogEntry } from '../../src/models/catalog.ts';
import { pickVariant } from '../../src/models/fetchCatalog.ts';

const entry = (id: string, inputSize: number, width: number): CatalogEntry => ({
  id,
  width,
  inputSize,
  quantization: 'uint8',
  path: `${id}/model.json`,
  bytes: 1000,
  testAccuracy: 0.9,
});

describe('catalog', () => {
  const good = {
    default: 'mobilenet_v1_0.25_128',
    variants: [entry('mobilenet_v1_0.25_128', 128, 0.25), entry('mobilenet_v1_0.5_160', 160, 0.5)],
  };

  it('accepts a valid catalog', () => {
    expect(parseCatalog(good).variants).toHaveLength(2);
  });

  it('rejects a default that is not listed, unknown ids, and missing fields', () => {
    expect(() => parseCatalog({ ...good, default: 'mobilenet_v1_1.0_224' })).toThrow(
      /default "mobilenet_v1_1.0_224"/,
    );
    expect(() => parseCatalog({ ...good, variants: [entry('resnet', 224, 1)] })).toThrow(
      /unknown MobileNet variant/,
    );
    expect(() => parseCatalog({ default: 'x' })).toThrow(/expected/);
    expect(() => parseCatalog({ ...good, variants: [{ id: 'mobilenet_v1_0.25_128' }] })).toThrow(
      /lacks "path"/,
    );
  });

  it('accepts an int8 .tflite beside an entry, and rejects one without its path', () => {
    const withInt8 = {
      ...entry('mobilenet_v1_0.25_128', 128, 0.25),
      int8: { path: 'mobilenet_v1_0.25_128/model.tflite', bytes: 900, testAccuracy: 0.9 },
    };
    expect(parseCatalog({ ...good, variants: [withInt8] }).variants[0]?.int8?.bytes).toBe(900);
    const broken = { ...withInt8, int8: { bytes: 900, testAccuracy: 0.9 } };
    expect(() => parseCatalog({ ...good, variants: [broken] })).toThrow(/"int8" lacks "path"/);
  });

  it('orders entries by width, then size', () => {
    const sorted = sortEntries([
      entry('mobilenet_v1_1.0_128', 128, 1),
      entry('mobilenet_v1_0.25_224', 224, 0.25),
      entry('mobilenet_v1_0.25_128', 128, 0.25),
    ]);
    expect(sorted.map((e) => e.id)).toEqual([
      'mobilenet_v1_0.25_128',
      'mobilenet_v1_0.25_224',
      'mobilenet_v1_1.0_128',
    ]);
  });

  it('picks ?variant= when listed, else the default, and names the choices otherwise', () => {
    expect(pickVariant(good, null).id).toBe('mobilenet_v1_0.25_128');
    expect(pickVariant(good, 'mobilenet_v1_0.5_160').id).toBe('mobilenet_v1_0.5_160');
    expect(() => pickVariant(good, 'mobilenet_v1_1.0_224')).toThrow(
      /Available: mobilenet_v1_0.25_128, mobilenet_v1_0.5_160/,
    );
  });
});
