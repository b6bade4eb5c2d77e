import { describe, expect, it } from 'vitest';
import { framesPerSecond, median, percentile, pushBounded } from '../../../../src/util/stats.ts';

describe('stats', () => {
  it('computes median and percentiles by interpolation', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBeCloseTo(9.1, 9);
    expect(percentile([], 50)).toBeNaN();
  });

  it('computes frames per second over the window', () => {
    expect(framesPerSecond([0, 100, 200, 300])).toBeCloseTo(10, 9);
    expect(framesPerSecond([5])).toBe(0);
  });

  it('keeps a bounded window', () => {
    expect(pushBounded([1, 2, 3], 4, 3)).toEqual([2, 3, 4]);
  });
});
