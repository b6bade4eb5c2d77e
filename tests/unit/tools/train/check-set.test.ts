/**
 * The check set's sample (tools/train/check-set.ts): balanced, only testing-split files,
 * deterministic, evenly spaced by name. Empty files with image names stand in for photos.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../../tools/common/args.ts';
import { listDataset, type Example } from '../../../../tools/data/dataset.ts';
import { splitOf } from '../../../../tools/data/split.ts';
import { checkSample, requireFolder } from '../../../../tools/train/check-set.ts';

const SPLIT = { validationPercentage: 10, testingPercentage: 10 };
const root = mkdtempSync(join(tmpdir(), 'roadgate-check-sample-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `n` empty files per label, `road/road_<i>.jpg` and `not-road/other_<i>.png`. */
function fakeDataset(dir: string, road: number, notRoad: number): Example[] {
  const names = {
    road: (i: number) => `road_${i}.jpg`,
    'not-road': (i: number) => `other_${i}.png`,
  };
  for (const [label, n] of [
    ['road', road],
    ['not-road', notRoad],
  ] as const) {
    mkdirSync(join(dir, label), { recursive: true });
    for (let i = 0; i < n; i++) writeFileSync(join(dir, label, names[label](i)), '');
  }
  return listDataset(dir);
}

const isTesting = (e: Example) =>
  splitOf(e.file, SPLIT.validationPercentage, SPLIT.testingPercentage) === 'testing';

describe('check set sample', () => {
  const examples = fakeDataset(join(root, 'big'), 900, 700);

  it('takes the same number of each label, in label order, all from the testing split', () => {
    const sample = checkSample(examples, SPLIT, 20);
    expect(sample.map((e) => e.label)).toEqual([
      ...Array<string>(20).fill('road'),
      ...Array<string>(20).fill('not-road'),
    ]);
    expect(sample.every(isTesting)).toBe(true);
    expect(new Set(sample.map((e) => e.file)).size).toBe(40);
  });

  it('spreads evenly over the testing files sorted by name', () => {
    for (const label of ['road', 'not-road'] as const) {
      const testing = examples
        .filter((e) => e.label === label && isTesting(e))
        .map((e) => e.file)
        .sort();
      const picked = checkSample(examples, SPLIT, 10)
        .filter((e) => e.label === label)
        .map((e) => e.file);
      const step = testing.length / 10;
      expect(step).toBeGreaterThan(2);
      expect(picked).toEqual(Array.from({ length: 10 }, (_, i) => testing[Math.floor(i * step)]));
    }
  });

  it('does not depend on the order the files are listed in', () => {
    const shuffled = [...examples].reverse();
    expect(checkSample(shuffled, SPLIT, 15)).toEqual(checkSample(examples, SPLIT, 15));
  });

  it('takes every testing file of a label that has fewer than asked', () => {
    const small = fakeDataset(join(root, 'small'), 40, 900);
    const roadTesting = small.filter((e) => e.label === 'road' && isTesting(e));
    expect(roadTesting.length).toBeLessThan(30);
    const sample = checkSample(small, SPLIT, 30);
    expect(sample.filter((e) => e.label === 'road')).toEqual(roadTesting);
    expect(sample.filter((e) => e.label === 'not-road')).toHaveLength(30);
  });
});

describe('requireFolder', () => {
  it('names the outermost missing folder (../shared absent) in one line', () => {
    const shared = join(root, 'absent', 'shared');
    const dir = join(shared, 'datasets', 'road-not-road');
    expect(() => requireFolder(dir)).toThrow(UsageError);
    expect(() => requireFolder(dir)).toThrow(
      /^\S+\/absent does not exist \(the photos are expected in \S+road-not-road\)[^\n]*$/,
    );
  });

  it('passes a folder that exists', () => {
    expect(() => requireFolder(root)).not.toThrow();
  });
});
