/** The default variant is chosen on the validation split, with its interval, never on test. */
import { describe, expect, it } from 'vitest';
import { multiplyAdds } from '../../../../src/models/variants.ts';
import { wilson } from '../../../../src/util/interval.ts';
import {
  chooseDefault,
  validationRow,
  type ValidationRow,
} from '../../../../tools/catalog/default-choice.ts';
import type { ModelMeta } from '../../../../tools/catalog/meta.ts';

/** A row of `k` right out of `n` validation photos. */
const row = (id: string, width: number, inputSize: number, k: number, n = 343): ValidationRow => ({
  id,
  width,
  inputSize,
  validationAccuracy: n > 0 ? k / n : 0,
  validationN: n,
});

/** The part of a meta.json the rule and the tables read; the rest is left out. */
function meta(m: {
  id: string;
  width: number;
  inputSize: number;
  validation: number;
  test: number;
  int8Test?: number;
  testN?: number;
}): ModelMeta {
  return {
    id: m.id,
    width: m.width,
    inputSize: m.inputSize,
    validationAccuracy: m.validation,
    testAccuracy: m.test,
    floatTestAccuracy: m.test,
    trainingData: { counts: { training: 2883, validation: 343, testing: m.testN ?? 348 } },
    int8: { testAccuracy: m.int8Test ?? m.test },
  } as unknown as ModelMeta;
}

describe('chooseDefault', () => {
  it('keeps a best variant that nothing else comes near', () => {
    // 9,990 of 10,000 has the interval 99.82–99.95%: 99.5% is outside it.
    const c = chooseDefault([
      row('small', 0.25, 128, 9950, 10_000),
      row('big', 1, 224, 9990, 10_000),
      row('mid', 0.5, 160, 9900, 10_000),
    ]);
    expect(c.id).toBe('big');
    expect(c.best.id).toBe('big');
    expect(c.rows.map((r) => r.tied)).toEqual([false, true, false]);
  });

  it("takes the cheapest variant inside the best one's interval", () => {
    // 342/343 = 99.7%, lower bound 98.37%: 338/343 (98.5%) is tied, 337/343 (98.3%) is not.
    const c = chooseDefault([
      row('mobilenet_v1_1.0_224', 1, 224, 342),
      row('mobilenet_v1_0.75_160', 0.75, 160, 338),
      row('mobilenet_v1_0.5_160', 0.5, 160, 338),
      row('mobilenet_v1_0.75_128', 0.75, 128, 337),
      row('mobilenet_v1_0.25_128', 0.25, 128, 333),
    ]);
    expect(c.best.interval.low).toBeCloseTo(0.9837, 4);
    expect(c.rows.map((r) => r.tied)).toEqual([true, true, true, false, false]);
    expect(c.id).toBe('mobilenet_v1_0.5_160');
  });

  it('counts an accuracy exactly at the lower bound as tied, and one just below as not', () => {
    const floor = wilson(340, 343).low;
    const at = { ...row('at', 0.25, 128, 0), validationAccuracy: floor };
    const below = { ...row('below', 0.25, 160, 0), validationAccuracy: floor - 1e-9 };
    expect(chooseDefault([row('best', 1, 224, 340), at]).id).toBe('at');
    expect(chooseDefault([row('best', 1, 224, 340), below]).id).toBe('best');
  });

  it('breaks a tie in cost by the higher accuracy, then by id, whatever the order given', () => {
    const rows = [
      row('b', 0.5, 160, 340),
      row('a', 0.5, 160, 340),
      row('c', 0.5, 160, 341),
      row('best', 1, 224, 342),
    ];
    expect(chooseDefault(rows).id).toBe('c');
    const even = rows.filter((r) => r.id !== 'c');
    expect(chooseDefault(even).id).toBe('a');
    expect(chooseDefault([...even].reverse()).id).toBe('a');
  });

  it('ties everything with a best that has no validation photos, so the cheapest wins', () => {
    const c = chooseDefault([row('best', 1, 224, 1, 1), row('empty', 1, 192, 0, 0)]);
    expect(c.rows.find((r) => r.id === 'empty')?.interval).toEqual({ low: 0, high: 1 });
    const unseen = chooseDefault([
      { ...row('unseen', 1, 224, 0, 0), validationAccuracy: 1 },
      row('cheap', 0.25, 128, 300),
    ]);
    expect(unseen.best.id).toBe('unseen');
    expect(unseen.rows.every((r) => r.tied)).toBe(true);
    expect(unseen.id).toBe('cheap');
  });

  it('reports every variant in the order given, with its interval and multiply-adds', () => {
    const rows = [row('x', 0.5, 224, 338), row('y', 0.25, 128, 333)];
    const c = chooseDefault(rows);
    expect(c.rows.map((r) => r.id)).toEqual(['x', 'y']);
    expect(c.rows[0]?.multiplyAdds).toBe(multiplyAdds(0.5, 224));
    expect(c.rows[1]?.interval).toEqual(wilson(333, 343));
  });

  it('has nothing to choose from no variants', () => {
    expect(() => chooseDefault([])).toThrow(/no variant/);
  });
});

describe('the test split', () => {
  // The test ranking is the opposite of the validation one: the big model wins on test.
  const metas = [
    meta({ id: 'small', width: 0.25, inputSize: 128, validation: 340 / 343, test: 0.9 }),
    meta({ id: 'big', width: 1, inputSize: 224, validation: 342 / 343, test: 0.99 }),
  ];

  it('has no place in the rule: a row holds only the validation score', () => {
    const r = validationRow(metas[1] as ModelMeta);
    expect(Object.keys(r).sort()).toEqual(
      ['id', 'inputSize', 'validationAccuracy', 'validationN', 'width'].sort(),
    );
    expect(r.validationN).toBe(343);
    // @ts-expect-error: the rule's input has no field for a test accuracy.
    const typed: ValidationRow = { ...r, testAccuracy: 1 };
    expect(typed.id).toBe('big');
  });

  it('cannot move the choice, however the test accuracies change', () => {
    const base = chooseDefault(metas.map(validationRow));
    expect(base.id).toBe('small');
    for (const test of [0, 0.5, 1]) {
      const changed = metas.map((m) =>
        validationRow({ ...m, testAccuracy: test, int8: { ...m.int8!, testAccuracy: 1 - test } }),
      );
      expect(chooseDefault(changed)).toEqual(base);
    }
  });

  it('needs the validation count from meta.json', () => {
    const noCount = {
      ...metas[0],
      trainingData: { counts: { training: 1 } },
    } as unknown as ModelMeta;
    expect(() => validationRow(noCount)).toThrow(/small: meta.json has no validation count/);
  });
});
