/** The per-device choice's pure rules: what is timed, which timing wins, what is offered. */
import { describe, expect, it } from 'vitest';
import {
  ACCURACY_TIE,
  candidates,
  catalogKey,
  choose,
  FRAME_BUDGET_MS,
  worthOffering,
  type Timing,
} from '../../../../src/fit/choose.ts';
import type { Catalog, CatalogEntry } from '../../../../src/models/catalog.ts';

const entry = (id: string, validationAccuracy: number | undefined, int8 = true): CatalogEntry => {
  const [, width, size] = /_([\d.]+)_(\d+)$/.exec(id) ?? [];
  return {
    id,
    width: Number(width),
    inputSize: Number(size),
    quantization: 'uint8',
    path: `${id}/model.json`,
    bytes: 1000,
    testAccuracy: 0.9,
    ...(validationAccuracy !== undefined && { validationAccuracy }),
    ...(int8 && { int8: { path: `${id}/model.tflite`, bytes: 900, testAccuracy: 0.9 } }),
  };
};
const SMALL = 'mobilenet_v1_0.25_128';
const MID = 'mobilenet_v1_0.5_224';
const BIG = 'mobilenet_v1_1.0_224';
const CATALOG: Catalog = {
  default: MID,
  variants: [entry(SMALL, 0.97), entry(MID, 0.985, false), entry(BIG, 0.997)],
};
const t = (variant: string, backend: Timing['backend'], ms: number): Timing => ({
  variant,
  backend,
  ms,
});

describe('frame budget', () => {
  it('is 15% of the 250 ms steady-road interval', () => {
    expect(FRAME_BUDGET_MS).toBeCloseTo(37.5);
  });
});

const both = { int8: true, tfjs: true };

describe('candidates', () => {
  it('pairs each variant with each engine whose file is saved (int8 only with a .tflite)', () => {
    const saved = new Map([
      [SMALL, both],
      [MID, both],
    ]);
    expect(candidates(CATALOG, saved)).toEqual([
      { variant: SMALL, backend: 'int8' },
      { variant: SMALL, backend: 'webgl' },
      { variant: SMALL, backend: 'wasm' },
      { variant: MID, backend: 'webgl' },
      { variant: MID, backend: 'wasm' },
    ]);
    expect(candidates(CATALOG, new Map())).toEqual([]);
  });

  it('times WebGPU only where the browser has it', () => {
    const saved = new Map([[MID, both]]);
    expect(candidates(CATALOG, saved, true).map((c) => c.backend)).toEqual([
      'webgpu',
      'webgl',
      'wasm',
    ]);
    expect(candidates(CATALOG, saved, false).map((c) => c.backend)).toEqual(['webgl', 'wasm']);
  });

  it('times nothing that would need a download: only the engines whose file is saved', () => {
    expect(candidates(CATALOG, new Map([[SMALL, { int8: true, tfjs: false }]]))).toEqual([
      { variant: SMALL, backend: 'int8' },
    ]);
    expect(candidates(CATALOG, new Map([[BIG, { int8: false, tfjs: true }]]))).toEqual([
      { variant: BIG, backend: 'webgl' },
      { variant: BIG, backend: 'wasm' },
    ]);
  });
});

describe('choose', () => {
  it('takes the most accurate variant that fits the budget, on its fastest engine', () => {
    const timings = [
      t(SMALL, 'int8', 3),
      t(MID, 'wasm', 30),
      t(MID, 'webgl', 20),
      t(BIG, 'int8', 60),
    ];
    expect(choose(CATALOG, timings, 37.5)).toEqual({
      variant: MID,
      backend: 'webgl',
      ms: 20,
      overBudget: false,
    });
    // A bigger budget lets the most accurate in.
    expect(choose(CATALOG, timings, 80)?.variant).toBe(BIG);
  });

  it('ranks by validation accuracy, not test accuracy, and by test where validation is absent', () => {
    const catalog: Catalog = {
      default: SMALL,
      variants: [
        { ...entry(SMALL, 0.99), testAccuracy: 0.5 },
        { ...entry(MID, 0.9), testAccuracy: 1 },
      ],
    };
    expect(choose(catalog, [t(SMALL, 'int8', 9), t(MID, 'int8', 5)])?.variant).toBe(SMALL);
    const older: Catalog = {
      default: SMALL,
      variants: [entry(SMALL, undefined), { ...entry(MID, undefined), testAccuracy: 0.95 }],
    };
    expect(choose(older, [t(SMALL, 'int8', 5), t(MID, 'int8', 9)])?.variant).toBe(MID);
  });

  it(`gives accuracies within ${ACCURACY_TIE * 100} point of the best to the fastest of them`, () => {
    const catalog: Catalog = {
      default: SMALL,
      variants: [entry(SMALL, 0.985), entry(MID, 0.99), entry(BIG, 0.997)],
    };
    const timings = [t(SMALL, 'int8', 4), t(MID, 'int8', 8), t(BIG, 'int8', 30)];
    // 0.997 - 0.01 = 0.987: MID is a tie with BIG and faster; SMALL is not.
    expect(choose(catalog, timings)?.variant).toBe(MID);
  });

  it('takes the fastest pair, marked over budget, when nothing fits', () => {
    expect(choose(CATALOG, [t(BIG, 'wasm', 90), t(MID, 'wasm', 50)], 37.5)).toEqual({
      variant: MID,
      backend: 'wasm',
      ms: 50,
      overBudget: true,
    });
  });

  it('is null when nothing ran, and ignores variants the catalog does not list', () => {
    const failed: Timing = { variant: SMALL, backend: 'webgl', error: 'no WebGL' };
    expect(choose(CATALOG, [failed])).toBeNull();
    expect(choose(CATALOG, [t('mobilenet_v1_0.75_128', 'int8', 1)])).toBeNull();
    expect(choose(CATALOG, [failed, t(SMALL, 'wasm', 9)])?.backend).toBe('wasm');
  });
});

describe('worthOffering', () => {
  const onMid = { variant: MID, backend: 'wasm' as const, ms: 8, overBudget: false };
  it('offers unsaved variants more accurate beyond a tie and foreseen within the budget', () => {
    // BIG: 0.997 > 0.985 + 0.01; (1.0 × 224)² / (0.5 × 224)² = 4× the compute: 32 ms foreseen.
    expect(worthOffering(CATALOG, new Map([[MID, both]]), onMid).map((v) => v.id)).toEqual([BIG]);
    expect(worthOffering(CATALOG, new Map([[MID, both]]), { ...onMid, ms: 10 })).toEqual([]);
    expect(
      worthOffering(
        CATALOG,
        new Map([
          [MID, both],
          [BIG, both],
        ]),
        onMid,
      ),
    ).toEqual([]);
  });

  it('offers variants foreseen faster when the choice is over budget', () => {
    const over = { ...onMid, ms: 60, overBudget: true };
    expect(worthOffering(CATALOG, new Map([[MID, both]]), over).map((v) => v.id)).toEqual([SMALL]);
  });

  it('offers nothing when there is no choice', () => {
    expect(worthOffering(CATALOG, new Map([[MID, both]]), null)).toEqual([]);
  });
});

describe('catalogKey', () => {
  it('changes when a variant is retrained (its revision) or the list changes', () => {
    const key = catalogKey(CATALOG);
    expect(catalogKey({ ...CATALOG })).toBe(key);
    const [first, ...rest] = CATALOG.variants as [CatalogEntry, ...CatalogEntry[]];
    expect(
      catalogKey({ ...CATALOG, variants: [{ ...first, revision: 'abcdef12' }, ...rest] }),
    ).not.toBe(key);
    expect(catalogKey({ ...CATALOG, variants: rest })).not.toBe(key);
    expect(
      catalogKey({ ...CATALOG, variants: [{ ...first, validationAccuracy: 0.5 }, ...rest] }),
    ).not.toBe(key);
  });
});
