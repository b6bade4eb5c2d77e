import { describe, expect, it } from 'vitest';
import {
  HELD_BACK_FRACTION,
  MIN_PER_LABEL,
  shortfall,
  splitHeldBack,
} from '../../../../src/teach/heldBack.ts';

const ROAD = 0;
const NOT_ROAD = 1;

/** `n` examples of one label. */
const of = (label: number, n: number): number[] => Array.from({ length: n }, () => label);

describe('splitHeldBack', () => {
  it('holds back the last 20% of a label, in the order the examples were added', () => {
    expect(HELD_BACK_FRACTION).toBe(0.2);
    expect(splitHeldBack(of(ROAD, 10))).toEqual({
      train: [0, 1, 2, 3, 4, 5, 6, 7],
      heldBack: [8, 9],
    });
  });

  it('splits each label on its own when the labels are interleaved', () => {
    // road at 0, 2, 4, 6, 8; not-road at 1, 3, 5, 7, 9, 10, 11, 12, 13, 14.
    const labels = [...[0, 1, 2, 3, 4].flatMap(() => [ROAD, NOT_ROAD]), ...of(NOT_ROAD, 5)];
    expect(splitHeldBack(labels)).toEqual({
      // road: 5 × 0.2 = 1 held back (its last, 8); not-road: 10 × 0.2 = 2 (its last two, 13, 14).
      train: [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12],
      heldBack: [8, 13, 14],
    });
  });

  it.each([
    // [examples of the label, held back]: round(n × 0.2), at least 1, at most n − 1.
    [2, 1],
    [3, 1],
    [7, 1], // 1.4 rounds down
    [8, 2], // 1.6 rounds up
    [12, 2], // 2.4
    [13, 3], // 2.6
    [100, 20],
  ])('of %i examples holds back %i, the last ones', (n, k) => {
    const { train, heldBack } = splitHeldBack(of(NOT_ROAD, n));
    expect(heldBack).toEqual(Array.from({ length: k }, (_, i) => n - k + i));
    expect(train).toEqual(Array.from({ length: n - k }, (_, i) => i));
  });

  it('holds nothing back from a label with a single example', () => {
    expect(splitHeldBack([ROAD, NOT_ROAD, NOT_ROAD, NOT_ROAD])).toEqual({
      train: [0, 1, 2],
      heldBack: [3],
    });
  });

  it('holds back at least one and keeps at least one for training, whatever the fraction', () => {
    expect(splitHeldBack(of(ROAD, 5), 0)).toEqual({ train: [0, 1, 2, 3], heldBack: [4] });
    expect(splitHeldBack(of(ROAD, 5), 1)).toEqual({ train: [0], heldBack: [1, 2, 3, 4] });
    expect(splitHeldBack(of(ROAD, 10), 0.5)).toEqual({
      train: [0, 1, 2, 3, 4],
      heldBack: [5, 6, 7, 8, 9],
    });
  });

  it('uses every example exactly once', () => {
    const labels = [0, 1, 1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1];
    const { train, heldBack } = splitHeldBack(labels);
    expect([...train, ...heldBack].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
    expect(train.filter((i) => heldBack.includes(i))).toEqual([]);
  });

  it('splits no examples into nothing', () => {
    expect(splitHeldBack([])).toEqual({ train: [], heldBack: [] });
  });
});

describe('shortfall', () => {
  it('is null once both labels have the minimum', () => {
    expect(MIN_PER_LABEL).toBe(3);
    expect(shortfall({ road: 3, notRoad: 3 })).toBeNull();
    expect(shortfall({ road: 40, notRoad: 3 })).toBeNull();
  });

  it('says how many of each label are missing, in one line', () => {
    expect(shortfall({ road: 0, notRoad: 0 })).toBe(
      'Add 3 more road and 3 more not-road (at least 3 examples of each).',
    );
    expect(shortfall({ road: 2, notRoad: 10 })).toBe(
      'Add 1 more road (at least 3 examples of each).',
    );
    expect(shortfall({ road: 3, notRoad: 1 })).toBe(
      'Add 2 more not-road (at least 3 examples of each).',
    );
  });

  it('asks for enough that the split keeps one to train on and holds one back', () => {
    const { train, heldBack } = splitHeldBack(of(ROAD, MIN_PER_LABEL));
    expect(train.length).toBeGreaterThanOrEqual(1);
    expect(heldBack.length).toBeGreaterThanOrEqual(1);
  });
});
