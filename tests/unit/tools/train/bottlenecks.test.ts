/** The bottleneck cache gives the same rows, in the same order, however much of it was warm. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTf, tfl } from '../../../../tools/common/tf.ts';
import type { Example } from '../../../../tools/data/dataset.ts';
import { getBottlenecks, type Bottleneck } from '../../../../tools/train/bottlenecks.ts';
import { writeImage } from '../../../integration/fixtures.ts';

const root = mkdtempSync(join(tmpdir(), 'roadgate-bottlenecks-'));
let examples: Example[] = [];
let backbone: tfl.LayersModel;

beforeAll(async () => {
  await initTf('cpu');
  examples = await Promise.all(
    Array.from({ length: 6 }, async (_, i) => {
      const path = join(root, `${i}.jpg`);
      await writeImage(path, i % 2 === 0, i);
      const label = i % 2 === 0 ? 'road' : 'not-road';
      return { path, file: `${label}/${i}.jpg`, label, labelIndex: i % 2 } as Example;
    }),
  );
  backbone = tfl.sequential({
    layers: [tfl.layers.globalAveragePooling2d({ inputShape: [16, 16, 3] })],
  });
});
afterAll(() => {
  backbone.dispose();
  rmSync(root, { recursive: true, force: true });
});

const request = (cacheDir: string, of: Example[]) =>
  getBottlenecks({
    backbone,
    inputSize: 16,
    modelKey: 'test',
    examples: of,
    copiesOf: (e) => (e.labelIndex === 0 ? 2 : 0),
    distortions: { flipLeftRight: true, randomCrop: 10, randomScale: 10, randomBrightness: 10 },
    cacheDir,
    batchSize: 2,
  });
const rows = (bs: Bottleneck[]) =>
  bs.map((b) => ({ file: b.example.file, copy: b.copy, features: Array.from(b.features) }));

describe('bottlenecks', () => {
  it('come in the examples’ order, copy 0 first, whether computed or read back', async () => {
    const cold = await request(join(root, 'cold'), examples);
    const partly = join(root, 'partly');
    // Warm the cache for some examples only: read ones would otherwise come first.
    await request(partly, [examples[1], examples[4]] as Example[]);
    const mixed = await request(partly, examples);
    expect(rows(cold).map((r) => `${r.file}#${r.copy}`)).toEqual(
      examples.flatMap((e) =>
        Array.from({ length: e.labelIndex === 0 ? 3 : 1 }, (_, c) => `${e.file}#${c}`),
      ),
    );
    expect(rows(mixed)).toEqual(rows(cold));
  });
});
