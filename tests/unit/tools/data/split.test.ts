import { describe, expect, it } from 'vitest';
import { hashPercentage, splitOf } from '../../../../tools/data/split.ts';

describe('retrain.py split', () => {
  it("matches retrain.py's hash for known names (computed with Python's hashlib)", () => {
    expect(hashPercentage('road/camvid_0001TP_006690.jpg')).toBeCloseTo(25.238103607580836, 9);
    expect(hashPercentage('x.jpg')).toBeCloseTo(44.873386955808, 9);
  });

  it('ignores everything after _nohash_ and the folder', () => {
    expect(hashPercentage('a/x_nohash_1.jpg')).toBe(hashPercentage('b/x_nohash_2.png'));
    expect(hashPercentage('a/x_nohash_1.jpg')).toBeCloseTo(4.498375985759317, 9);
  });

  it('puts shares of files into validation and testing near the asked percentages', () => {
    const names = Array.from({ length: 4000 }, (_, i) => `img_${i}.jpg`);
    const counts = { training: 0, validation: 0, testing: 0 };
    for (const n of names) counts[splitOf(n, 10, 20)]++;
    expect(counts.validation / names.length).toBeGreaterThan(0.08);
    expect(counts.validation / names.length).toBeLessThan(0.12);
    expect(counts.testing / names.length).toBeGreaterThan(0.17);
    expect(counts.testing / names.length).toBeLessThan(0.23);
  });

  it('is stable: the same name always lands in the same set', () => {
    expect(splitOf('q/road_17.jpg', 10, 10)).toBe(splitOf('other/road_17.jpg', 10, 10));
  });
});
