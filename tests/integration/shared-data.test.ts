/** Checks on the real weights and photos in ../shared (skipped, saying why, where it is absent). */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTf } from '../../tools/common/tf.ts';
import { loadBase } from '../../tools/model/base.ts';
import { checkBase, imagenetSamples } from '../../tools/model/base-check.ts';
import { DATASET_DIR, MODELS_DIR, SYNSETS_FILE, WEIGHTS_DIR } from '../../tools/common/paths.ts';
import { listDataset } from '../../tools/data/dataset.ts';
import { splitOf } from '../../tools/data/split.ts';
import { openModelDir } from '../../tools/model/model-dir.ts';
import { scoreExamples } from '../../tools/train/evaluate.ts';
import { readCatalog } from '../../tools/catalog/catalog-io.ts';
import { readMeta } from '../../tools/catalog/meta.ts';
import { HAS_SHARED, NEEDS_SHARED } from '../shared.ts';

// Vitest does not print the names of skipped tests: say once why these are skipped.
if (!HAS_SHARED) console.warn(`shared-data tests${NEEDS_SHARED}`);

describe.skipIf(!HAS_SHARED)(`real weights and photos${NEEDS_SHARED}`, () => {
  beforeAll(async () => {
    await initTf('wasm');
  });

  const bases: [string, number][] = [
    [join(WEIGHTS_DIR, 'mobilenet_v1_0.25_224', 'model.json'), 224],
    [join(WEIGHTS_DIR, 'tflite_quant_coral', 'mobilenet_v1_0.25_128_quant.tflite'), 128],
    [join(WEIGHTS_DIR, 'tflite_quant_coral', 'mobilenet_v1_0.5_160_quant.tflite'), 160],
    [join(WEIGHTS_DIR, 'tflite_quant_coral', 'mobilenet_v1_0.75_192_quant.tflite'), 192],
  ];

  it.each(bases)(
    '%s at %i px is ImageNet-trained (true class in the top 5 for at least 60 in 100 sample photos)',
    async (file, size) => {
      const base = await loadBase(file);
      const check = await checkBase(base, size, imagenetSamples(DATASET_DIR, SYNSETS_FILE, 200));
      expect(check.method).toBe('top5');
      expect(check.n).toBe(200);
      expect(check.score).toBeGreaterThanOrEqual(0.6);
    },
  );

  it('refuses the partial 1.0 layers model, naming the missing weight', async () => {
    const partial = join(WEIGHTS_DIR, 'mobilenet_v1_1.0_224_partial', 'model.json');
    await expect(loadBase(partial)).rejects.toThrow(/conv_pw_13\/kernel" is missing/);
  });

  it("the shipped default model scores >= 90% on the dataset's test split", async () => {
    const catalog = readCatalog();
    const dir = join(MODELS_DIR, catalog.default);
    const meta = readMeta(dir);
    const { testingPercentage, validationPercentage } = meta.training as {
      testingPercentage: number;
      validationPercentage: number;
    };
    const test = listDataset(DATASET_DIR).filter(
      (e) => splitOf(e.path, validationPercentage, testingPercentage) === 'testing',
    );
    expect(test.length).toBeGreaterThan(100);
    const m = await openModelDir(dir);
    const metrics = await scoreExamples(m.model, m.inputSize, test, { quiet: true });
    m.model.dispose();
    expect(metrics.n).toBe(test.length);
    expect(metrics.accuracy).toBeGreaterThanOrEqual(0.9);
    // The catalog's figure is the same measurement.
    expect(
      Math.abs(
        metrics.accuracy -
          (catalog.variants.find((v) => v.id === catalog.default)?.testAccuracy ?? 0),
      ),
    ).toBeLessThan(0.005);
  });
});

describe.skipIf(!HAS_SHARED)(`a base from a URL${NEEDS_SHARED}`, () => {
  beforeAll(async () => {
    await initTf('wasm');
  });

  it('loads a TF.js layers MobileNet over HTTP, as from a hosted model', async () => {
    const { createServer } = await import('node:http');
    const { readFile } = await import('node:fs/promises');
    const dir = join(WEIGHTS_DIR, 'mobilenet_v1_0.25_224');
    const server = createServer((req, res) => {
      readFile(join(dir, (req.url ?? '/').slice(1)))
        .then((body) => res.end(body))
        .catch(() => res.writeHead(404).end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    try {
      const base = await loadBase(`http://127.0.0.1:${port}/model.json`);
      expect(base.format).toBe('tfjs-layers');
      expect(base.width).toBe(0.25);
      expect(base.convs).toHaveLength(27);
      expect(base.classifier?.classes).toBe(1000);
      await expect(loadBase(`http://127.0.0.1:${port}/missing/model.json`)).rejects.toThrow(
        /HTTP 404/,
      );
    } finally {
      server.close();
    }
  });
});
