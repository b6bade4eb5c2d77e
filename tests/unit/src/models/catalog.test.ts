import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MAX_MODEL_BYTES,
  isInsideVariantFolder,
  parseCatalog,
  sortEntries,
} from '../../../../src/models/catalog.ts';
import { entry, A, B, good, withFirst, APP } from './fixtures.ts';


describe('catalog', () => {
  it('accepts a valid catalog, and the shipped one, as a fresh copy', () => {
    const parsed = parseCatalog(good);
    expect(parsed).toEqual(good);
    expect(parsed.variants[0]).not.toBe(good.variants[0]);
    const shipped: unknown = JSON.parse(readFileSync('models/catalog.json', 'utf8'));
    expect(parseCatalog(shipped).variants).toHaveLength(16);
    expect(parseCatalog(shipped, 'http://127.0.0.1:4173/models/catalog.json').default).toBe(
      'mobilenet_v1_0.5_224',
    );
    expect(parseCatalog(shipped, APP).variants).toHaveLength(16);
  });

  it('drops fields the app does not know', () => {
    expect(parseCatalog(withFirst({ extra: 'x' })).variants[0]).not.toHaveProperty('extra');
  });

  it('rejects a default that is not listed, unknown ids, and missing fields', () => {
    expect(() => parseCatalog({ ...good, default: 'mobilenet_v1_1.0_224' })).toThrow(
      /default "mobilenet_v1_1.0_224" is not among its variants/,
    );
    expect(() => parseCatalog({ variants: good.variants })).toThrow(/lacks "default"/);
    expect(() => parseCatalog({ ...good, variants: [entry('resnet', 224, 1)] })).toThrow(
      /unknown MobileNet variant "resnet"/,
    );
    expect(() => parseCatalog({ default: 'x' })).toThrow(/expected/);
    expect(() => parseCatalog([])).toThrow(/expected/);
    expect(() => parseCatalog({ ...good, variants: [{ id: A }] })).toThrow(
      `models/catalog.json: variant ${A}: lacks "width", "inputSize", "quantization", "path", "bytes", "testAccuracy"`,
    );
    expect(() => parseCatalog({ ...good, variants: [null] })).toThrow(/object/);
  });

  it('rejects an id in another spelling: ids are keys, so only the canonical one', () => {
    expect(() => parseCatalog(withFirst({ id: 'mobilenet_0.25_128' }))).toThrow(
      /unknown MobileNet variant "mobilenet_0.25_128"/,
    );
  });

  it('rejects a width or input size that is not the one its id names', () => {
    expect(() => parseCatalog(withFirst({ inputSize: 16384 }))).toThrow(
      'models/catalog.json: variant mobilenet_v1_0.25_128: inputSize "16384" is not the id\'s 128',
    );
    expect(() => parseCatalog(withFirst({ inputSize: '128' }))).toThrow(/inputSize "128"/);
    expect(() => parseCatalog(withFirst({ width: 1 }))).toThrow(/width "1" is not the id's 0.25/);
    expect(() => parseCatalog(withFirst({ width: undefined }))).toThrow(/lacks "width"/);
  });

  it('rejects a duplicate id and an unknown quantization', () => {
    expect(() =>
      parseCatalog({ ...good, variants: [entry(A, 128, 0.25), entry(A, 128, 0.25)] }),
    ).toThrow('models/catalog.json: variant mobilenet_v1_0.25_128: listed twice');
    expect(() => parseCatalog(withFirst({ quantization: 'int4' }))).toThrow(
      /quantization "int4" is not one of uint8, float16, none/,
    );
  });

  it('rejects sizes and accuracies that are not finite and sane', () => {
    for (const bytes of [0, -1, 1.5, MAX_MODEL_BYTES + 1, '1000', null]) {
      expect(() => parseCatalog(withFirst({ bytes }))).toThrow(/bytes .* is not a whole number/);
    }
    for (const testAccuracy of [-0.1, 1.01, Number.NaN, Infinity, '0.9', null]) {
      expect(() => parseCatalog(withFirst({ testAccuracy }))).toThrow(/testAccuracy/);
    }
  });

  it('keeps a valid validationAccuracy and rejects a bad one, naming the variant', () => {
    expect(parseCatalog(withFirst({ validationAccuracy: 0.97 })).variants[0]?.validationAccuracy).toBe(0.97);
    expect(parseCatalog(withFirst({})).variants[0]).not.toHaveProperty('validationAccuracy');
    for (const validationAccuracy of [-0.1, 1.01, Number.NaN, '0.9', null]) {
      expect(() => parseCatalog(withFirst({ validationAccuracy }))).toThrow(
        new RegExp(`variant ${A}: validationAccuracy .* is not a number from 0 to 1`),
      );
    }
  });

  it('accepts an int8 .tflite beside an entry, and checks it like the entry', () => {
    const int8 = { path: `${A}/model.tflite`, bytes: 900, testAccuracy: 0.9 };
    expect(parseCatalog(withFirst({ int8 })).variants[0]?.int8).toEqual(int8);
    expect(() => parseCatalog(withFirst({ int8: { ...int8, path: undefined } }))).toThrow(
      /"int8" lacks "path"/,
    );
    expect(() => parseCatalog(withFirst({ int8: { ...int8, testAccuracy: 2 } }))).toThrow(
      /int8.testAccuracy "2"/,
    );
    expect(() => parseCatalog(withFirst({ int8: { ...int8, path: `${B}/model.tflite` } }))).toThrow(
      /int8.path "mobilenet_v1_0.5_160model.tflite" is not a file under models/,
    );
    expect(() => parseCatalog(withFirst({ int8: 'yes' }))).toThrow(/"int8" is not an object/);
  });

  it('keeps every model path inside models/<id>/ on the catalog origin', () => {
    const inside = (path: string, url = APP): boolean => isInsideVariantFolder(path, A, url);
    expect(inside(`${A}/model.json`)).toBe(true);
    expect(inside(`./${A}/model.json`)).toBe(true);
    expect(inside(`/roadgate/models/${A}/model.json`)).toBe(true);
    for (const bad of [
      `${A}/../${B}/model.json`,
      `${A}/%2e%2e/${B}/model.json`,
      `${A}/.%2E/x`,
      `${A}/..%2f..%2fsecret`,
      `${A}\\..\\..\\x`,
      `../${A}/model.json`,
      `/models/${A}/model.json`,
      `//evil.example/roadgate/models/${A}/model.json`,
      `https://evil.example/roadgate/models/${A}/model.json`,
      `https://app.example/roadgate/models/${A}/model.json`,
      `javascript:alert(1)`,
      `data:application/json,{}`,
      `${A}/model.json?x=1`,
      `${A}/model.json#x`,
      `${A}/`,
      A,
      `${A}x/model.json`,
      'mobilenet_v1_0.25_128/model.json '.repeat(10),
      '',
    ]) {
      expect(inside(bad), bad).toBe(false);
    }
    expect(inside(`${A}/model.json`, 'http://127.0.0.1:4173/models/catalog.json')).toBe(true);
    expect(
      inside(`/roadgate/models/${A}/model.json`, 'http://127.0.0.1:4173/models/catalog.json'),
    ).toBe(false);
  });

  it('quotes a bad path only as a short cleaned token, on one line', () => {
    const path = `https://evil.example/${'a'.repeat(5000)}\n<script>`;
    let message = '';
    try {
      parseCatalog(withFirst({ path }), APP);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(
      `models/catalog.json: variant ${A}: path "httpsevil.exampleaaaaaaaaaaaaaaa…" is not a file under models/${A}/ on the app's origin`,
    );
  });

  it('orders entries by width, then size', () => {
    const sorted = sortEntries([
      entry('mobilenet_v1_1.0_128', 128, 1),
      entry('mobilenet_v1_0.25_224', 224, 0.25),
      entry(A, 128, 0.25),
    ]);
    expect(sorted.map((e) => e.id)).toEqual([A, 'mobilenet_v1_0.25_224', 'mobilenet_v1_1.0_128']);
  });
});

describe('content revisions', () => {
  it('keeps a hex revision and refuses anything that could not go into a URL as it is', () => {
    expect(parseCatalog(withFirst({ revision: '4f025fbf221af5d4' })).variants[0]?.revision).toBe(
      '4f025fbf221af5d4',
    );
    expect(parseCatalog(good).variants[0]).not.toHaveProperty('revision');
    for (const bad of ['4F02', 'abc', 'x'.repeat(16), '1234567&a=b', 42, null]) {
      expect(() => parseCatalog(withFirst({ revision: bad }))).toThrow(/revision/);
    }
  });
});
