/**
 * `npm run evaluate -- --windshield`: the shipped 0.25_128 on generated photos, as is and under
 * each windshield effect. Needs only the shipped models/ (in git), not ../shared.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTf } from '../../tools/common/tf.ts';
import { MODELS_DIR, REPO_ROOT } from '../../tools/common/paths.ts';
import { openModelDir, type OpenedModel } from '../../tools/model/model-dir.ts';
import { predictFiles } from '../../tools/model/predict.ts';
import { listDataset } from '../../tools/data/dataset.ts';
import { splitExamples } from '../../tools/data/split.ts';
import { readMeta } from '../../tools/catalog/meta.ts';
import { CONDITIONS, scoreWindshield } from '../../tools/train/windshield-eval.ts';
import { writeDataset } from './fixtures.ts';

const BASE = 'mobilenet_v1_0.25_128';
const PER_CLASS = 5;

describe(`windshield robustness of ${BASE} (generated photos)`, () => {
  const root = mkdtempSync(join(tmpdir(), 'roadgate-windshield-'));
  const data = join(root, 'data');
  let m: OpenedModel;

  beforeAll(async () => {
    await initTf('cpu');
    await writeDataset(data, PER_CLASS);
    writeFileSync(join(data, 'road', 'broken.jpg'), 'not a JPEG');
    m = await openModelDir(join(MODELS_DIR, BASE));
  });
  afterAll(() => m.model.dispose());

  it('scores the same photos under every condition; "as is" is the plain evaluation; a broken photo is skipped once', async () => {
    const examples = listDataset(data);
    const skipped: string[] = [];
    const scores = await scoreWindshield(m.model, m.inputSize, examples, {
      quiet: true,
      onSkip: (path) => skipped.push(path),
    });
    expect(skipped).toEqual([join(data, 'road', 'broken.jpg')]);
    expect(scores.map((s) => s.condition.name)).toEqual(CONDITIONS.map((c) => c.name));
    for (const s of scores) expect(s.metrics.n).toBe(2 * PER_CLASS);

    // "As is" is the plain evaluation: the app's centre crop, nothing else.
    const plain = await predictFiles(
      m.model,
      m.inputSize,
      examples.map((e) => e.path),
    );
    const labelOf = new Map(examples.map((e) => [e.path, e.labelIndex]));
    const right = plain.filter((p) => (p.probs[0]! >= p.probs[1]! ? 0 : 1) === labelOf.get(p.path));
    expect(scores[0]!.metrics.accuracy).toBeCloseTo(right.length / plain.length, 10);
    // Seeded by each photo's bytes: a second run gives the same scores.
    const again = await scoreWindshield(m.model, m.inputSize, examples, { quiet: true });
    expect(again.map((s) => s.metrics)).toEqual(scores.map((s) => s.metrics));
  });

  it('the CLI prints every condition with its interval, takes a split, and says what a bad split is', () => {
    const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
    const run = (...args: string[]) =>
      spawnSync(tsx, ['tools/cli/evaluate.ts', '--model', join(MODELS_DIR, BASE), ...args], {
        cwd: REPO_ROOT,
        env: { ...process.env, INIT_CWD: root },
        encoding: 'utf8',
      });
    const text = run('--image_dir', 'data', '--windshield');
    expect(text.status, text.stderr).toBe(0);
    for (const c of CONDITIONS) expect(text.stdout).toContain(c.title);
    expect(text.stdout).toMatch(/as is +\d+\.\d% \(95% CI/);

    const json = run('--image_dir', 'data', '--windshield', '--json', '--split', 'training');
    expect(json.status, json.stderr).toBe(0);
    const rows = JSON.parse(json.stdout) as { condition: string; n: number }[];
    const meta = readMeta(join(MODELS_DIR, BASE)).training;
    const training = splitExamples(
      listDataset(data),
      Number(meta.validationPercentage),
      Number(meta.testingPercentage),
    ).training.filter((e) => !e.file.endsWith('broken.jpg'));
    expect(training.length).toBeGreaterThan(0);
    expect(training.length).toBeLessThan(2 * PER_CLASS);
    expect(rows.map((r) => r.condition)).toEqual(CONDITIONS.map((c) => c.name));
    for (const r of rows) expect(r.n).toBe(training.length);

    const bad = run('--image_dir', 'data', '--split', 'train');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--split must be one of training, validation, testing');
  });
});
