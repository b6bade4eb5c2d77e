import { describe, expect, it } from 'vitest';
import { Z_95, accuracyText, wilson } from '../../../../src/util/interval.ts';

/**
 * The Wilson score interval in its textbook closed form, written independently of the source's
 * algebra: (2np + z² ± z√(z² + 4np(1−p))) / (2(n + z²)).
 */
function reference(k: number, n: number, z = Z_95): { low: number; high: number } {
  const p = k / n;
  const centre = 2 * n * p + z * z;
  const half = z * Math.sqrt(z * z + 4 * n * p * (1 - p));
  const denominator = 2 * (n + z * z);
  return { low: (centre - half) / denominator, high: (centre + half) / denominator };
}

describe('wilson', () => {
  it('uses the 97.5th percentile of the standard normal', () => {
    // Φ⁻¹(0.975) = 1.95996398…
    expect(Z_95).toBeCloseTo(1.95996398, 6);
  });

  it.each([
    // Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison of
    // seven methods", Stat. Med. 17:857–872, Table II, method 3 (score, no continuity
    // correction), to the 4 decimals published.
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('matches the published interval for %i/%i', (k, n, low, high) => {
    const w = wilson(k, n);
    expect(w.low).toBeCloseTo(low, 4);
    expect(w.high).toBeCloseTo(high, 4);
  });

  it('gives [0, z²/(n + z²)] for no successes and [n/(n + z²), 1] for all', () => {
    const z2 = Z_95 * Z_95;
    const none = wilson(0, 10);
    expect(none.low).toBeCloseTo(0, 12);
    expect(none.high).toBeCloseTo(z2 / (10 + z2), 12);
    expect(none.high).toBeCloseTo(0.2775, 4);
    const all = wilson(10, 10);
    expect(all.low).toBeCloseTo(10 / (10 + z2), 12);
    expect(all.low).toBeCloseTo(0.7225, 4);
    expect(all.high).toBeCloseTo(1, 12);
  });

  it('matches the closed form for 336 of 343 (98%)', () => {
    const w = wilson(336, 343);
    const r = reference(336, 343);
    expect(w.low).toBeCloseTo(r.low, 12);
    expect(w.high).toBeCloseTo(r.high, 12);
    expect(w.low).toBeCloseTo(0.9585, 4);
    expect(w.high).toBeCloseTo(0.9901, 4);
  });

  it('stays in [0, 1], holds the observed proportion and matches the closed form', () => {
    for (const n of [1, 2, 3, 5, 10, 20, 50, 343]) {
      for (let k = 0; k <= n; k++) {
        const { low, high } = wilson(k, n);
        const r = reference(k, n);
        expect(low).toBeGreaterThanOrEqual(0);
        expect(high).toBeLessThanOrEqual(1);
        expect(low).toBeLessThanOrEqual(k / n + 1e-12);
        expect(high).toBeGreaterThanOrEqual(k / n - 1e-12);
        expect(low).toBeCloseTo(Math.max(0, r.low), 12);
        expect(high).toBeCloseTo(Math.min(1, r.high), 12);
      }
    }
  });

  it('is symmetric: k successes mirror n − k', () => {
    const cases: [number, number][] = [
      [3, 17],
      [0, 9],
      [50, 60],
    ];
    for (const [k, n] of cases) {
      expect(wilson(k, n).low).toBeCloseTo(1 - wilson(n - k, n).high, 12);
    }
  });

  it('narrows as the trials grow at the same proportion', () => {
    const width = (k: number, n: number) => wilson(k, n).high - wilson(k, n).low;
    expect(width(45, 50)).toBeLessThan(width(9, 10));
    expect(width(450, 500)).toBeLessThan(width(45, 50));
  });

  it('takes another z', () => {
    expect(wilson(7, 10, 0)).toEqual({ low: 0.7, high: 0.7 });
    const r = reference(7, 10, 2.575829);
    const w = wilson(7, 10, 2.575829);
    expect(w.low).toBeCloseTo(r.low, 12);
    expect(w.high).toBeCloseTo(r.high, 12);
    expect(w.high - w.low).toBeGreaterThan(wilson(7, 10).high - wilson(7, 10).low);
  });

  it('knows nothing from no trials', () => {
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
  });
});

describe('accuracyText', () => {
  it('gives the accuracy and its 95% interval to one decimal', () => {
    // 98% of 343 is 336.14 examples: the interval is that of 336/343, 95.848–99.008%.
    expect(accuracyText(0.98, 343)).toBe('98.0% (95% CI 95.8–99.0%)');
    // 0/10 and 10/10: 0–27.753% and 72.247–100%.
    expect(accuracyText(0, 10)).toBe('0.0% (95% CI 0.0–27.8%)');
    expect(accuracyText(1, 10)).toBe('100.0% (95% CI 72.2–100.0%)');
  });

  it('says the whole range for no examples', () => {
    expect(accuracyText(0, 0)).toBe('0.0% (95% CI 0.0–100.0%)');
  });
});
