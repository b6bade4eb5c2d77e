/** The stored per-device choice: read back whole, or not at all. */
import { describe, expect, it } from 'vitest';
import {
  keepRemembered,
  parseRemembered,
  readRemembered,
  serializeRemembered,
  type FitStorage,
  type RememberedFit,
} from '../../../../src/fit/remembered.ts';

const FIT: RememberedFit = {
  catalogKey: 'mobilenet_v1_0.5_224@abc',
  budgetMs: 37.5,
  timings: [
    { variant: 'mobilenet_v1_0.5_224', backend: 'int8', ms: 12.5 },
    { variant: 'mobilenet_v1_0.5_224', backend: 'webgl', error: 'no WebGL here' },
  ],
  choice: { variant: 'mobilenet_v1_0.5_224', backend: 'int8', ms: 12.5, overBudget: false },
  at: '2026-12-02T00:00:00.000Z',
};

describe('remembered device choice', () => {
  it('reads back what it wrote', () => {
    expect(parseRemembered(serializeRemembered(FIT))).toEqual(FIT);
  });

  it('is null for nothing, damaged JSON, another version or a damaged field', () => {
    const stored = JSON.parse(serializeRemembered(FIT)) as Record<string, unknown>;
    const variants: unknown[] = [
      { ...stored, version: 2 },
      { ...stored, budgetMs: -1 },
      { ...stored, catalogKey: 3 },
      { ...stored, timings: 'x' },
      { ...stored, timings: [{ variant: 'v', backend: 'cpu', ms: 1 }] },
      { ...stored, timings: [{ variant: 'v', backend: 'int8' }] },
      { ...stored, choice: { variant: 'v', backend: 'int8', ms: Number.NaN } },
      { ...stored, choice: null },
      [],
    ];
    expect(parseRemembered(null)).toBeNull();
    expect(parseRemembered('{not json')).toBeNull();
    for (const v of variants) expect(parseRemembered(JSON.stringify(v))).toBeNull();
  });

  it('reads back only a record for the catalog and budget in use', () => {
    const items = new Map<string, string>();
    const storage: FitStorage = {
      getItem: (k) => items.get(k) ?? null,
      setItem: (k, v) => void items.set(k, v),
    };
    expect(keepRemembered(storage, FIT)).toBe(true);
    expect(readRemembered(storage, FIT.catalogKey, 37.5)).toEqual(FIT);
    expect(readRemembered(storage, 'another catalog', 37.5)).toBeNull();
    expect(readRemembered(storage, FIT.catalogKey, 50)).toBeNull();
  });

  it('remembers nothing where storage is absent or throws, and never throws itself', () => {
    const blocked: FitStorage = {
      getItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    expect(keepRemembered(blocked, FIT)).toBe(false);
    expect(readRemembered(blocked, FIT.catalogKey, 37.5)).toBeNull();
    expect(keepRemembered(null, FIT)).toBe(false);
    expect(readRemembered(null, FIT.catalogKey, 37.5)).toBeNull();
  });
});
