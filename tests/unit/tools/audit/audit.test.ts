import { describe, expect, it } from 'vitest';
import {
  foldOf,
  judgeOutOfFold,
  rankSuspects,
  trainingRowsFor,
  type FeatureRow,
  type Judged,
} from '../../../../tools/audit/audit.ts';
import { initTf } from '../../../../tools/common/tf.ts';

const files = Array.from({ length: 500 }, (_, i) => ({
  file: `${i % 2 ? 'road' : 'not-road'}/img_${i}.jpg`,
}));

describe('k-fold judging', () => {
  it('gives every file one stable fold, and folds of similar size', () => {
    const counts = new Array(5).fill(0);
    for (const f of files) counts[foldOf(f.file, 5)]++;
    expect(counts.every((c) => c > 70 && c < 130)).toBe(true);
    expect(foldOf('road/x.jpg', 5)).toBe(foldOf('road/x.jpg', 5));
  });

  it('never lets a head train on a file it judges', () => {
    for (let fold = 0; fold < 5; fold++) {
      const judged = new Set(files.filter((f) => foldOf(f.file, 5) === fold).map((f) => f.file));
      const training = trainingRowsFor(files, fold, 5);
      expect(training.some((t) => judged.has(t.file))).toBe(false);
      expect(training.length + judged.size).toBe(files.length);
    }
  });

  it('judges each row exactly once, out of fold, and catches flipped labels', async () => {
    await initTf('cpu');
    // Two separable clusters; rows 0..3 carry the wrong label.
    const rows: FeatureRow[] = Array.from({ length: 120 }, (_, i) => {
      const truth = i % 2;
      const label = i < 4 ? 1 - truth : truth;
      const features = Float32Array.from(
        { length: 4 },
        (_, d) => (d === truth ? 1 : 0) + ((i * 7 + d * 13) % 10) / 50,
      );
      return { file: `${label ? 'not-road' : 'road'}/f${i}.jpg`, labelIndex: label, features };
    });
    const judged = judgeOutOfFold(rows, 4, 300);
    expect(judged.map((j) => j.file).sort()).toEqual(rows.map((r) => r.file).sort());
    const top = rankSuspects(judged, 0.5)
      .slice(0, 4)
      .map((s) => s.file);
    expect(top.sort()).toEqual(
      rows
        .slice(0, 4)
        .map((r) => r.file)
        .sort(),
    );
  });
});

describe('ranking', () => {
  const j = (file: string, label: string, labelProbability: number): Judged => ({
    file,
    label,
    predicted: labelProbability >= 0.5 ? label : label === 'road' ? 'not-road' : 'road',
    confidence: Math.max(labelProbability, 1 - labelProbability),
    labelProbability,
  });

  it('ranks by how little the judge believes the folder, keeps the unsure, drops the sure', () => {
    const ranked = rankSuspects(
      [j('a', 'road', 0.99), j('b', 'road', 0.02), j('c', 'not-road', 0.3), j('d', 'road', 0.7)],
      0.8,
    );
    expect(ranked.map((r) => r.file)).toEqual(['b', 'c', 'd']);
    expect(ranked[0]).toEqual({
      file: 'b',
      label: 'road',
      predicted: 'not-road',
      confidence: 0.98,
    });
  });
});
