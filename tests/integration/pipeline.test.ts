/**
 * The whole pipeline on a fresh machine: a generated dataset, retraining from a randomly
 * initialised 0.25_128 base, export, reload from disk, classify — and no tensor left behind.
 */
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
  existsSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTf, tf } from '../../tools/common/tf.ts';
import { retrain, type RetrainOptions } from '../../tools/train/retrain.ts';
import { openModelDir } from '../../tools/model/model-dir.ts';
import { CONV_NAMES, randomBase } from '../../tools/model/mobilenet.ts';
import { predictFiles } from '../../tools/model/predict.ts';
import { UsageError } from '../../tools/common/args.ts';
import { parseCatalog } from '../../src/models/catalog.ts';
import { SHARD_BYTES } from '../../tools/model/model-io.ts';
import { MODELS_DIR, REPO_ROOT } from '../../tools/common/paths.ts';
import { writeDataset } from './fixtures.ts';

function options(imageDir: string, outputDir: string, cacheDir: string): RetrainOptions {
  return {
    imageDir,
    architecture: 'mobilenet_0.25_128',
    base: 'random',
    learningRate: 0.1,
    testingPercentage: 20,
    validationPercentage: 20,
    trainBatchSize: 16,
    validationBatchSize: -1,
    evalStepInterval: 5,
    howManyTrainingSteps: 150,
    distortions: { flipLeftRight: true, randomCrop: 10, randomScale: 10, randomBrightness: 10 },
    distortedCopies: 1,
    hiddenUnits: 0,
    l2: 1e-4,
    patience: 100,
    fineTune: { blocks: 0, learningRate: 3e-4, steps: 0, batchSize: 32, l2sp: 1e-3, uint8: false },
    bottleneckDir: cacheDir,
    outputDir,
    quantize: 'uint8',
    setDefault: false,
    quiet: true,
    log: () => undefined,
  };
}

describe('retrain → export → reload → classify (random 0.25_128 base, generated images)', () => {
  const root = mkdtempSync(join(tmpdir(), 'roadgate-it-'));
  const data = join(root, 'data');
  const models = join(root, 'models');
  const cache = join(root, 'cache');
  const logs: string[] = [];

  beforeAll(async () => {
    await initTf('cpu');
    await writeDataset(data, 20);
    writeFileSync(join(data, 'road', 'broken.jpg'), Buffer.from('not really a jpeg'));
  });

  it('trains, exports a uint8 model with catalog and meta, and leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const snapshot = readdirSync(join(data, 'road')).map((f) => [
      f,
      statSync(join(data, 'road', f)).mtimeMs,
    ]);
    const result = await retrain({ ...options(data, models, cache), log: (l) => logs.push(l) });

    expect(logs.some((l) => l.includes('broken.jpg') && l.includes('cannot decode'))).toBe(true);
    expect(result.metrics.n).toBeGreaterThan(0);
    expect(result.metrics.accuracy).toBeGreaterThanOrEqual(0.75);
    // Nothing in the dataset folder was touched.
    expect(
      readdirSync(join(data, 'road')).map((f) => [f, statSync(join(data, 'road', f)).mtimeMs]),
    ).toEqual(snapshot);

    const dir = join(models, 'mobilenet_v1_0.25_128');
    const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    const weights = modelJson.weightsManifest[0].weights as {
      name: string;
      quantization?: { dtype: string };
    }[];
    expect(
      weights
        .filter((w) => w.name.endsWith('kernel'))
        .every((w) => w.quantization?.dtype === 'uint8'),
    ).toBe(true);
    for (const p of modelJson.weightsManifest[0].paths as string[])
      expect(statSync(join(dir, p)).size).toBeLessThanOrEqual(SHARD_BYTES);
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({
      id: 'mobilenet_v1_0.25_128',
      labels: ['road', 'not-road'],
      inputSize: 128,
      quantization: 'uint8',
    });
    // The user's photos are not the shipped dataset: its non-commercial terms are not theirs.
    expect(meta.trainingData.terms).not.toMatch(/non-commercial/);
    expect(meta.trainingData.sources).toMatch(/supplied by the user/);
    const catalog = parseCatalog(JSON.parse(readFileSync(join(models, 'catalog.json'), 'utf8')));
    expect(catalog.default).toBe('mobilenet_v1_0.25_128');
    expect(catalog.variants[0]).toMatchObject({
      path: 'mobilenet_v1_0.25_128/model.json',
      bytes: meta.bytes,
    });
    expect(existsSync(join(dir, 'report.json'))).toBe(true);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/new Chart\(/);

    const opened = await openModelDir(dir);
    const preds = await predictFiles(opened.model, opened.inputSize, [
      join(data, 'road', 'road_1.jpg'),
      join(data, 'not-road', 'other_1.jpg'),
    ]);
    expect(preds.map((p) => p.probs.indexOf(Math.max(...p.probs)))).toEqual([0, 1]);
    preds.forEach((p) => expect(p.probs[0]! + p.probs[1]!).toBeCloseTo(1, 5));
    opened.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reuses cached bottlenecks on a second run, and removes a model.tflite it did not write', async () => {
    // Every cache file by name, inode and mtime: a recomputed feature is written to a fresh
    // file and renamed over the old one, which changes both.
    const entries = () =>
      readdirSync(cache, { recursive: true, encoding: 'utf8' })
        .map((f) => join(cache, f))
        .filter((f) => statSync(f).isFile())
        .sort()
        .map((f) => ({ f, ino: statSync(f).ino, mtimeMs: statSync(f).mtimeMs }));
    const before = entries();
    expect(before.length).toBeGreaterThan(0);
    const stale = join(root, 'models2', 'mobilenet_v1_0.25_128', 'model.tflite');
    mkdirSync(dirname(stale), { recursive: true });
    writeFileSync(stale, 'an older head');
    const lines: string[] = [];
    const o = { ...options(data, join(root, 'models2'), cache), int8: true };
    await retrain({ ...o, log: (l) => lines.push(l) });
    expect(entries()).toEqual(before);
    expect(existsSync(stale)).toBe(false);
    expect(lines).toContain(
      'no model.tflite for mobilenet_v1_0.25_128: its base random is not a .tflite file (old one removed)',
    );
  });

  it(
    'fine-tunes the last two blocks: new weights there, the base before them, both curves reported',
    { timeout: 600_000 },
    async () => {
      // The tail trains about ten times faster on WASM than on the CPU backend.
      await initTf('wasm');
      const before = tf.memory().numTensors;
      const out = join(root, 'models3');
      const fineTune = {
        blocks: 2,
        learningRate: 1e-3,
        steps: 40,
        batchSize: 8,
        l2sp: 1e-3,
        uint8: true,
      };
      const lines: string[] = [];
      const result = await retrain({
        ...options(data, out, cache),
        fineTune,
        log: (l) => lines.push(l),
      });
      expect(lines.some((l) => l.startsWith('fine-tuned 2 block(s): validation'))).toBe(true);
      expect(result.metrics.accuracy).toBeGreaterThanOrEqual(0.75);
      const dir = join(out, 'mobilenet_v1_0.25_128');
      const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
      expect(meta.fineTune).toMatchObject({ blocks: 2, quantizationAware: true });
      expect(meta.fineTune.floatValidationAccuracy).toBeGreaterThan(0.5);
      expect(meta.training.fineTune).toMatchObject({ blocks: 2, learningRate: 1e-3 });
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
      expect(report.fineTune.blocks).toBe(2);
      expect(report.fineTune.history.length).toBeGreaterThan(1);
      expect(report.history.length).toBeGreaterThan(1);

      // The exported kernels against the random base they started from: equal up to the uint8
      // step before block 12, moved by training from dw12 (convolution 23) on.
      const base = randomBase(0.25);
      const opened = await openModelDir(dir);
      const gap = (i: number) => {
        const name = CONV_NAMES[i] as string;
        const kernel = opened.model.getLayer(name).getWeights()[0]?.dataSync() as Float32Array;
        const start = base.convs[i]?.kernel as Float32Array;
        const [lo, hi] = [Math.min(...start), Math.max(...start)];
        const biggest = kernel.reduce(
          (m, v, j) => Math.max(m, Math.abs(v - (start[j] as number))),
          0,
        );
        return biggest / ((hi - lo) / 255);
      };
      for (const i of [0, 11, 22]) expect(gap(i)).toBeLessThanOrEqual(0.51);
      for (const i of [23, 24, 25, 26]) expect(gap(i)).toBeGreaterThan(2);
      opened.model.dispose();
      expect(tf.memory().numTensors).toBe(before);
      await initTf('cpu');
    },
  );

  it('refuses to write into the shipped models/ without --replace_shipped', async () => {
    const err = await retrain(options(data, MODELS_DIR, cache)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/holds the shipped models/);
  });

  it('classify reads paths from the folder it was run in (INIT_CWD)', () => {
    // tsx itself, not npx: npm sets INIT_CWD to where it was started, as a user's `npm run` does.
    const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
    const args = ['--model', '../models/mobilenet_v1_0.25_128', 'road/road_1.jpg'];
    const out = execFileSync(tsx, ['tools/cli/classify.ts', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, INIT_CWD: data },
      encoding: 'utf8',
    });
    expect(out.trim()).toMatch(/^road 0\.\d{3}$/);
  });

  it.each([
    ['a missing folder', (d: string) => join(d, 'nowhere'), /does not exist/],
    [
      'a single class',
      (d: string) => {
        mkdirSync(join(d, 'single', 'road'), { recursive: true });
        writeFileSync(
          join(d, 'single', 'road', 'a.jpg'),
          readFileSync(join(d, 'data', 'road', 'road_0.jpg')),
        );
        return join(d, 'single');
      },
      /not-road" is missing/,
    ],
    [
      'an empty class folder',
      (d: string) => (
        mkdirSync(join(d, 'empty', 'road'), { recursive: true }),
        mkdirSync(join(d, 'empty', 'not-road')),
        join(d, 'empty')
      ),
      /has no images/,
    ],
  ])('fails with a one-line usage error on %s', async (_name, make, message) => {
    const dir = make(root);
    const err = await retrain(options(dir, join(root, 'm3'), cache)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });
});
