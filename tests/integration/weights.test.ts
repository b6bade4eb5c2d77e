/**
 * `--base auto` on a machine without ../shared: the published locations are stood in for by a
 * local mirror (`ROADGATE_WEIGHTS_MIRROR`) serving ../shared/weights, so nothing reaches the
 * internet. First run downloads and trains; a second with the mirror stopped trains from the
 * cache; a tampered or cut-off download is refused and leaves nothing usable in the cache.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTf } from '../../tools/common/tf.ts';
import { retrain, type RetrainOptions } from '../../tools/train/retrain.ts';
import { WEIGHTS_DIR } from '../../tools/common/paths.ts';
import { PUBLISHED_BASES, type PublishedBase } from '../../tools/weights/manifest.ts';
import { autoBases, ensureBase, type StoreOptions } from '../../tools/weights/store.ts';
import { PARTIAL_SUFFIX } from '../../tools/weights/download.ts';
import { HAS_SHARED, NEEDS_SHARED } from '../shared.ts';
import { writeDataset } from './fixtures.ts';
import { startMirror, type Mirror } from './mirror-server.ts';

if (!HAS_SHARED) console.warn(`weights download tests${NEEDS_SHARED}`);

const byName = (name: string) => PUBLISHED_BASES.find((b) => b.name === name) as PublishedBase;
const TFLITE = byName('mobilenet_v1_0.25_128_quant');
const LAYERS = byName('mobilenet_v1_0.25_224');

describe.skipIf(!HAS_SHARED)(`base weights fetched through a mirror${NEEDS_SHARED}`, () => {
  const root = mkdtempSync(join(tmpdir(), 'roadgate-weights-'));
  const data = join(root, 'data');
  let mirror: Mirror;
  /** A mirror URL on which nothing listens (a port just freed). */
  let offline = '';
  const logs: string[] = [];
  const store = (cacheDir: string, url = mirror.url): StoreOptions => ({
    cacheDir,
    mirror: url,
    sharedWeightsDir: null,
    quiet: true,
    log: (l) => logs.push(l),
  });
  /** A small, quick training run (0.25 at 128, 40 generated photos, no Chromium). */
  const options = (cacheDir: string, out: string): RetrainOptions => ({
    imageDir: data,
    architecture: 'mobilenet_0.25_128',
    base: 'auto',
    weights: store(cacheDir),
    learningRate: 0.1,
    testingPercentage: 20,
    validationPercentage: 20,
    trainBatchSize: 16,
    validationBatchSize: -1,
    evalStepInterval: 5,
    howManyTrainingSteps: 60,
    distortions: { flipLeftRight: false, randomCrop: 0, randomScale: 0, randomBrightness: 0 },
    distortedCopies: 0,
    hiddenUnits: 0,
    l2: 1e-4,
    patience: 100,
    fineTune: { blocks: 0, learningRate: 3e-4, steps: 0, batchSize: 32, l2sp: 1e-3, uint8: false },
    bottleneckDir: join(root, 'bottlenecks'),
    outputDir: join(root, out),
    quantize: 'uint8',
    setDefault: false,
    int8: false,
    quiet: true,
    log: (l) => logs.push(l),
  });
  /** Every file under `dir`, relative, sorted. */
  const listing = (dir: string) =>
    existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort() : [];

  beforeAll(async () => {
    await initTf('wasm');
    await writeDataset(data, 20);
    mirror = await startMirror(WEIGHTS_DIR);
    const gone = await startMirror(WEIGHTS_DIR);
    offline = gone.url;
    await gone.close();
  });
  afterAll(() => mirror.close());

  it('the manifest matches the SHA256SUMS files of ../shared/weights', () => {
    for (const b of PUBLISHED_BASES) {
      const sums = readFileSync(join(WEIGHTS_DIR, b.sharedDir, 'SHA256SUMS'), 'utf8');
      for (const f of b.files) expect(sums).toContain(`${f.sha256}  ${f.path}`);
    }
  });

  it('downloads on first use, then trains from the cache with the mirror stopped', async () => {
    const cache = join(root, 'cache');
    const t0 = Date.now();
    const first = await retrain(options(cache, 'models-1'));
    const seconds = (Date.now() - t0) / 1000;
    console.info(`cold cache: download + train ${seconds.toFixed(1)} s`);
    expect(mirror.requests).toContain(`/${TFLITE.entry}`);
    expect(mirror.requests).toContain(`/${LAYERS.name}/model.json`);
    expect(listing(cache)).toContain(TFLITE.entry);
    expect(listing(cache).filter((f) => f.startsWith(`${LAYERS.name}/`))).toHaveLength(
      LAYERS.files.length,
    );
    expect(listing(cache).some((f) => f.includes(PARTIAL_SUFFIX))).toBe(false);
    expect(first.meta.base.published?.licence).toMatch(/Apache-2.0/);
    expect(first.meta.basesCompared).toHaveLength(2);

    await mirror.close();
    const requests = mirror.requests.length;
    const second = await retrain({
      ...options(cache, 'models-2'),
      weights: store(cache, offline),
    });
    expect(mirror.requests).toHaveLength(requests);
    expect(second.meta.base.digest).toBe(first.meta.base.digest);
    expect(existsSync(join(root, 'models-2', 'mobilenet_v1_0.25_128', 'model.json'))).toBe(true);
    mirror = await startMirror(WEIGHTS_DIR);
  });

  it('refuses a tampered file and keeps nothing of it', async () => {
    const cache = join(root, 'cache-tampered');
    mirror.tamper.add(`/${TFLITE.entry}`);
    mirror.tamper.add(`/${LAYERS.name}/group3-shard1of1`);
    try {
      const err = await ensureBase(TFLITE, store(cache)).catch((e: Error) => e);
      expect((err as Error).message).toMatch(/^refused base mobilenet_v1_0.25_128_quant: http:/);
      expect((err as Error).message).toMatch(/sha256/);
      expect((err as Error).message).not.toContain('\n');
      await expect(ensureBase(LAYERS, store(cache))).rejects.toThrow(/group3-shard1of1.*sha256/);
      expect(listing(cache)).toEqual([]);
    } finally {
      mirror.tamper.clear();
    }
  });

  it('never uses a download cut halfway, and restarts it next time', async () => {
    const cache = join(root, 'cache-cut');
    mirror.cut.add(`/${TFLITE.entry}`);
    const err = await ensureBase(TFLITE, store(cache)).catch((e: Error) => e);
    mirror.cut.clear();
    expect((err as Error).message).toContain(`${mirror.url}/${TFLITE.entry}`);
    expect((err as Error).message).toMatch(/could not download.*save https:\/\/raw\.github/);
    expect(listing(cache)).toEqual([]);
    // What a killed process leaves behind is swept, not used.
    writeFileSync(join(cache, `${TFLITE.entry}.999${PARTIAL_SUFFIX}`), 'half a file');
    const ok = await ensureBase(TFLITE, store(cache));
    expect(ok.from).toBe('download');
    expect(listing(cache)).toEqual([TFLITE.entry]);
  });

  it('fails in one line naming the URL when the mirror is unreachable, and re-fetches a corrupted cache', async () => {
    const cache = join(root, 'cache-offline');
    const err = await autoBases(0.5, store(cache, offline)).catch((e: Error) => e);
    expect((err as Error).message).toMatch(
      /^could not download base mobilenet_v1_0.5_160_quant: http:\/\/127\.0\.0\.1:\d+\/mobilenet_v1_0.5_160_quant\.tflite: .*ECONNREFUSED/,
    );
    expect((err as Error).message).toContain(join(cache, 'mobilenet_v1_0.5_160_quant.tflite'));
    expect((err as Error).message).not.toContain('\n');

    await ensureBase(TFLITE, store(cache));
    writeFileSync(join(cache, TFLITE.entry), 'edited by hand');
    await expect(ensureBase(TFLITE, store(cache, offline))).rejects.toThrow(/could not download/);
    const again = await ensureBase(TFLITE, store(cache));
    expect(again.from).toBe('download');
    expect(logs.some((l) => l.includes('does not match its sha256'))).toBe(true);
  });
});
