/**
 * `npm run models:check-set`'s library on a shipped variant and generated photos: the file holds
 * the test-split sample's pooled features (within half a uint8 step), skips and reports an
 * unreadable photo, scores the shipped head like the model's own predict, and frees its tensors;
 * the anchor set holds training photos only.
 * Needs only the shipped models/ (in git), not ../shared.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTf, tf, tfl } from '../../tools/common/tf.ts';
import { MODELS_DIR } from '../../tools/common/paths.ts';
import { openModelDir } from '../../tools/model/model-dir.ts';
import { HEAD_LAYER } from '../../tools/model/personal.ts';
import { predictFiles } from '../../tools/model/predict.ts';
import { checkSample, writeCheckSet, type CheckSetReport } from '../../tools/train/check-set.ts';
import { listDataset } from '../../tools/data/dataset.ts';
import { ANCHOR_FILE, CHECK_FILE, FEATURE_SCALE, parseCheckSet } from '../../src/teach/checkSet.ts';
import { writeDataset } from './fixtures.ts';

const ID = 'mobilenet_v1_0.25_128';
/** With its 10% / 10% split, 3 of 30 generated photos of each label land in testing. */
const IMAGES_PER_CLASS = 30;
/** In the testing split; made unreadable. */
const CORRUPT = join('road', 'road_28.jpg');
/** The readable testing photos, sorted by name as the file holds them. */
const TESTING = [
  'road/road_20.jpg',
  'road/road_29.jpg',
  'not-road/other_15.jpg',
  'not-road/other_26.jpg',
  'not-road/other_4.jpg',
];

describe(`check set of ${ID} on generated photos`, () => {
  const root = mkdtempSync(join(tmpdir(), 'roadgate-check-set-'));
  const data = join(root, 'data');
  const out = join(root, 'out');
  const shipped = join(MODELS_DIR, ID, CHECK_FILE);
  const shippedBefore = existsSync(shipped) ? statSync(shipped).mtimeMs : null;
  const skipped: string[] = [];
  let report: CheckSetReport;
  let tensors: { before: number; after: number };

  beforeAll(async () => {
    await initTf('cpu');
    await writeDataset(data, IMAGES_PER_CLASS);
    writeFileSync(join(data, CORRUPT), 'not a jpeg');
    const before = tf.memory().numTensors;
    report = await writeCheckSet({
      modelDir: join(MODELS_DIR, ID),
      imageDir: data,
      outputDir: out,
      cacheDir: join(root, 'cache'),
      quiet: true,
      onSkip: (path) => skipped.push(path),
    });
    tensors = { before, after: tf.memory().numTensors };
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes the testing photos of each label, skipping and reporting the unreadable one', () => {
    expect(skipped).toEqual([join(data, CORRUPT)]);
    expect(report.counts).toEqual([2, 3]);
    expect(report.file).toBe(join(out, CHECK_FILE));
    const set = parseCheckSet(readFileSync(report.file, 'utf8'), report.file);
    expect(set).toMatchObject({ variant: ID, rows: 5, dim: 256 });
    expect(Array.from(set.y)).toEqual([0, 0, 1, 1, 1]);
    const json = JSON.parse(readFileSync(report.file, 'utf8')) as { source: string };
    expect(json.source).toMatch(
      /^2 road \+ 3 not-road photos of the testing split of .*data, sampled evenly by name$/,
    );
  });

  it("holds the model's pooled features of those photos, in order, within half a step", async () => {
    const m = await openModelDir(join(MODELS_DIR, ID));
    const backbone = tfl.model({
      inputs: m.model.inputs,
      outputs: m.model.getLayer(HEAD_LAYER).input as tfl.SymbolicTensor,
    });
    const rows = await predictFiles(
      backbone,
      m.inputSize,
      TESTING.map((f) => join(data, f)),
    );
    m.model.dispose();
    const set = parseCheckSet(readFileSync(report.file, 'utf8'), report.file);
    rows.forEach((r, i) =>
      r.probs.forEach((v, j) =>
        expect(Math.abs((set.x[i * set.dim + j] as number) - v)).toBeLessThanOrEqual(
          FEATURE_SCALE / 2 + 1e-5,
        ),
      ),
    );
  });

  it("scores the shipped head on the file like the model's own predict, and frees its tensors", () => {
    expect(Math.abs(report.fileAccuracy - report.modelAccuracy)).toBeLessThanOrEqual(1 / 5);
    expect(tensors.after).toBe(tensors.before);
  });

  it('writes the training photos to anchor.json, none of them a testing photo', async () => {
    const anchor = await writeCheckSet({
      modelDir: join(MODELS_DIR, ID),
      imageDir: data,
      outputDir: out,
      cacheDir: join(root, 'cache'),
      quiet: true,
      set: 'training',
    });
    expect(anchor.file).toBe(join(out, ANCHOR_FILE));
    const json = JSON.parse(readFileSync(anchor.file, 'utf8')) as { source: string; rows: number };
    expect(json.source).toMatch(/ photos of the training split of /);
    expect(json.rows).toBeGreaterThan(0);
    const split = { validationPercentage: 10, testingPercentage: 10 };
    const names = (set: 'testing' | 'training') =>
      checkSample(listDataset(data), split, 50, set).map((e) => relative(data, e.path));
    expect(names('testing')).toEqual(expect.arrayContaining(TESTING));
    expect(names('training').filter((f) => names('testing').includes(f))).toEqual([]);
  });

  it('leaves the shipped models/ alone', () => {
    expect(existsSync(shipped) ? statSync(shipped).mtimeMs : null).toBe(shippedBefore);
  });
});
