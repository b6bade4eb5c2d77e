/**
 * `npm run evaluate -- --model <personal.json>`: a personal file made from a shipped variant's own
 * head scores exactly like the variant's folder; with its columns swapped every prediction flips.
 * Needs only the shipped models/ (in git) and generated photos, not ../shared.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTf, tf } from '../../tools/common/tf.ts';
import { UsageError } from '../../tools/common/args.ts';
import { MODELS_DIR, REPO_ROOT } from '../../tools/common/paths.ts';
import { openModelDir, type OpenedModel } from '../../tools/model/model-dir.ts';
import { baseRevisionOf, HEAD_LAYER, openPersonal } from '../../tools/model/personal.ts';
import { predictFiles, type FilePrediction } from '../../tools/model/predict.ts';
import { evaluateFolder } from '../../tools/train/evaluate.ts';
import { listDataset } from '../../tools/data/dataset.ts';
import { withRevisions } from '../../tools/build/modelRevisions.ts';
import { serializePersonal, type PersonalModel } from '../../src/teach/personalFile.ts';
import { writeDataset } from './fixtures.ts';

const BASE = 'mobilenet_v1_0.25_128';
const NAME = 'shipped head';
const IMAGES_PER_CLASS = 4;

/** `[features, 2]` row-major with its two columns exchanged. */
function swapColumns(kernel: Float32Array): Float32Array {
  const out = new Float32Array(kernel.length);
  for (let i = 0; i < kernel.length; i += 2) {
    out[i] = kernel[i + 1] as number;
    out[i + 1] = kernel[i] as number;
  }
  return out;
}

describe(`a personal model file evaluated on its base (${BASE}, generated images)`, () => {
  const root = mkdtempSync(join(tmpdir(), 'roadgate-personal-'));
  const data = join(root, 'data');
  let shipped: OpenedModel;
  let head: PersonalModel;
  let paths: string[];
  let shippedPreds: FilePrediction[];

  /** Writes `m` as an exported file and returns its path. */
  const write = (m: PersonalModel, file: string): string => {
    const path = join(root, file);
    writeFileSync(path, serializePersonal(m));
    return path;
  };
  const scoreWith = async (file: string) => {
    const m = await openPersonal(file);
    try {
      return await predictFiles(m.model, m.inputSize, paths);
    } finally {
      m.model.dispose();
    }
  };

  beforeAll(async () => {
    await initTf('cpu');
    await writeDataset(data, IMAGES_PER_CLASS);
    paths = listDataset(data).map((e) => e.path);
    shipped = await openModelDir(join(MODELS_DIR, BASE));
    const [kernel, bias] = shipped.model.getLayer(HEAD_LAYER).getWeights();
    head = {
      name: NAME,
      base: BASE,
      baseRevision: baseRevisionOf(MODELS_DIR, BASE),
      // Copies: on the CPU backend dataSync hands out the variable's own array.
      kernel: Float32Array.from(kernel?.dataSync() ?? []),
      bias: Float32Array.from(bias?.dataSync() ?? []),
      createdAt: '2026-12-01T10:00:00.000Z',
      examples: { road: 10, notRoad: 10 },
      heldBack: { n: 4, shipped: 1, personal: 1 },
    };
    shippedPreds = await predictFiles(shipped.model, shipped.inputSize, paths);
  });

  afterAll(() => shipped.model.dispose());

  it('scores exactly like the model folder, names itself, and leaves no tensor behind', async () => {
    const file = write(head, 'same.json');
    const before = tf.memory().numTensors;
    const warnings: string[] = [];
    const m = await openPersonal(file, { onWarning: (l) => warnings.push(l) });
    try {
      expect(m.id).toBe(`personal:${NAME} (on ${BASE})`);
      expect(m.inputSize).toBe(shipped.inputSize);
      expect(m.labels).toEqual(shipped.labels);
      expect(warnings).toEqual([]);
      const preds = await predictFiles(m.model, m.inputSize, paths);
      expect(preds).toHaveLength(2 * IMAGES_PER_CLASS);
      expect(preds).toEqual(shippedPreds);
      const quiet = { quiet: true };
      expect(await evaluateFolder(m, data, quiet)).toEqual(
        await evaluateFolder(shipped, data, quiet),
      );
    } finally {
      m.model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('flips every prediction when the kernel columns (and bias) are swapped', async () => {
    const swapped = {
      ...head,
      kernel: swapColumns(head.kernel),
      bias: Float32Array.from([head.bias[1] as number, head.bias[0] as number]),
    };
    const preds = await scoreWith(write(swapped, 'swapped.json'));
    expect(preds.map((p) => p.path)).toEqual(shippedPreds.map((p) => p.path));
    preds.forEach((p, i) => {
      const [road, notRoad] = (shippedPreds[i] as FilePrediction).probs as [number, number];
      expect(p.probs[0]).toBeCloseTo(notRoad, 6);
      expect(p.probs[1]).toBeCloseTo(road, 6);
    });
    const argmax = (p: FilePrediction) => ((p.probs[0] as number) >= 0.5 ? 0 : 1);
    expect(preds.map(argmax)).toEqual(shippedPreds.map((p) => 1 - argmax(p)));
  });

  it('swapping only the kernel columns already flips every confident prediction', async () => {
    const preds = await scoreWith(write({ ...head, kernel: swapColumns(head.kernel) }, 'k.json'));
    const confident = shippedPreds.flatMap((p, i) =>
      Math.abs((p.probs[0] as number) - 0.5) > 0.25 ? [i] : [],
    );
    expect(confident.length).toBeGreaterThan(0);
    for (const i of confident) {
      const was = (shippedPreds[i]?.probs[0] as number) > 0.5;
      expect((preds[i]?.probs[0] as number) > 0.5).toBe(!was);
    }
  });

  it('checks against the revision the build gives each shipped variant', () => {
    const catalog = withRevisions(
      readFileSync(join(MODELS_DIR, 'catalog.json'), 'utf8'),
      MODELS_DIR,
    );
    const { variants } = JSON.parse(catalog) as { variants: { id: string; revision: string }[] };
    expect(variants.length).toBeGreaterThan(0);
    for (const v of variants) expect(baseRevisionOf(MODELS_DIR, v.id)).toBe(v.revision);
  });

  it('warns in one line when the base has changed since the head was trained', async () => {
    const warnings: string[] = [];
    const file = write({ ...head, baseRevision: 'deadbeefdeadbeef' }, 'old.json');
    const m = await openPersonal(file, { onWarning: (l) => warnings.push(l) });
    m.model.dispose();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warning: .*deadbeefdeadbeef.*models\/mobilenet_v1_0\.25_128/);
    expect(warnings[0]).toContain(head.baseRevision);
    expect(warnings[0]).not.toContain('\n');
  });

  it.each<[string, (dir: string) => { file: string; modelsDir?: string }, string | RegExp]>([
    [
      'a base that models/ lacks',
      () => ({ file: write({ ...head, base: 'mobilenet_v1_0.5_100' }, 'gone.json') }),
      `personal model '${NAME}' is made for mobilenet_v1_0.5_100, which is not in models/`,
    ],
    [
      'an empty models folder',
      (dir) => {
        const modelsDir = join(dir, 'empty-models');
        mkdirSync(modelsDir, { recursive: true });
        return { file: write(head, 'elsewhere.json'), modelsDir };
      },
      new RegExp(`is made for ${BASE}, which is not in .*empty-models/$`),
    ],
    [
      'a head for another width',
      () => ({ file: write({ ...head, base: 'mobilenet_v1_0.5_128' }, 'wide.json') }),
      /mobilenet_v1_0\.5_128 gives 512 features, the personal head takes 256/,
    ],
    [
      'a file that is not a personal model',
      () => ({ file: join(MODELS_DIR, BASE, 'meta.json') }),
      /meta\.json: not a Roadgate personal model/,
    ],
  ])('refuses %s with a one-line usage error', async (_case, make, message) => {
    const before = tf.memory().numTensors;
    const { file, modelsDir } = make(root);
    const err = await openPersonal(file, { modelsDir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    const line = (err as Error).message;
    if (typeof message === 'string') expect(line).toBe(message);
    else expect(line).toMatch(message);
    expect(line).not.toContain('\n');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the evaluate tool takes a personal file and names it; a bad one exits 2 in one line', () => {
    // tsx itself, not npx: npm sets INIT_CWD to where it was started, as a user's `npm run` does.
    const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
    const run = (model: string) =>
      spawnSync(tsx, ['tools/cli/evaluate.ts', '--model', model, '--image_dir', 'data'], {
        cwd: REPO_ROOT,
        env: { ...process.env, INIT_CWD: root },
        encoding: 'utf8',
      });
    write(head, 'cli.json');
    write({ ...head, base: 'mobilenet_v1_0.5_100' }, 'cli-gone.json');
    const ok = run('cli.json');
    expect(ok.status).toBe(0);
    expect(ok.stdout.split('\n')[0]).toMatch(
      new RegExp(`^personal:${NAME} \\(on ${BASE}\\): accuracy \\d+\\.\\d{2}% on 8 images$`),
    );
    const bad = run('cli-gone.json');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(
      `error: personal model '${NAME}' is made for mobilenet_v1_0.5_100, which is not in models/\n`,
    );
  });
});
