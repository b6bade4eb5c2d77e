import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../../tools/train/metrics.ts';

describe('metrics', () => {
  it('computes accuracy, the confusion matrix, per-class precision and recall', () => {
    const m = computeMetrics([
      { file: 'road/a.jpg', label: 0, probs: [0.9, 0.1] },
      { file: 'road/b.jpg', label: 0, probs: [0.3, 0.7] },
      { file: 'not-road/c.jpg', label: 1, probs: [0.2, 0.8] },
      { file: 'not-road/d.jpg', label: 1, probs: [0.05, 0.95] },
    ]);
    expect(m.accuracy).toBe(0.75);
    expect(m.n).toBe(4);
    expect(m.confusion).toEqual([
      [1, 1],
      [0, 2],
    ]);
    expect(m.perClass.road).toEqual({ n: 2, precision: 1, recall: 0.5 });
    expect(m.perClass['not-road']?.precision).toBeCloseTo(2 / 3, 9);
    expect(m.misclassified).toEqual([
      { file: 'road/b.jpg', label: 'road', predicted: 'not-road', confidence: 0.7 },
    ]);
  });

  it('lists misclassified images most confident first', () => {
    const m = computeMetrics([
      { file: 'x', label: 0, probs: [0.4, 0.6] },
      { file: 'y', label: 0, probs: [0.1, 0.9] },
    ]);
    expect(m.misclassified.map((x) => x.file)).toEqual(['y', 'x']);
  });
});
