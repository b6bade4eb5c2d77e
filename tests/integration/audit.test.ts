/** audit-labels end to end on generated images with planted label flips, then --apply and --undo. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTf } from '../../tools/common/tf.ts';
import { retrain } from '../../tools/train/retrain.ts';

const root = mkdtempSync(join(tmpdir(), 'roadgate-audit-'));
const data = join(root, 'data');
const planted = ['road/flip_0.jpg', 'road/flip_1.jpg', 'not-road/flip_2.jpg'];

async function image(file: string, road: boolean, seed: number) {
  const w = 64;
  const px = Buffer.alloc(w * w * 3);
  for (let i = 0; i < w * w; i++) {
    const y = Math.floor(i / w);
    const noise = ((i * 7919 + seed * 104729) % 97) / 4;
    const rgb = road ? (y < w / 2 ? [120, 170, 230] : [70, 70, 75]) : [40, 140, 50];
    px.set(
      rgb.map((v) => Math.min(255, Math.round(v + noise))),
      3 * i,
    );
  }
  await sharp(px, { raw: { width: w, height: w, channels: 3 } })
    .jpeg()
    .toFile(file);
}

const tree = (dir: string) =>
  ['road', 'not-road']
    .flatMap((l) =>
      readdirSync(join(dir, l)).map(
        (f) =>
          `${l}/${f}:${createHash('sha1')
            .update(readFileSync(join(dir, l, f)))
            .digest('hex')}`,
      ),
    )
    .sort();

const cli = (...args: string[]) =>
  execFileSync('npx', ['tsx', 'tools/cli/audit-labels.ts', ...args, '--quiet'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

describe('audit-labels on a generated dataset with planted flips', () => {
  beforeAll(async () => {
    await initTf('cpu');
    for (const l of ['road', 'not-road']) mkdirSync(join(data, l), { recursive: true });
    for (let i = 0; i < 24; i++) {
      await image(join(data, 'road', `r_${i}.jpg`), true, i);
      await image(join(data, 'not-road', `n_${i}.jpg`), false, i);
    }
    // Planted mistakes: a not-road picture in road/, and the other way round.
    await image(join(data, 'road', 'flip_0.jpg'), false, 100);
    await image(join(data, 'road', 'flip_1.jpg'), false, 101);
    await image(join(data, 'not-road', 'flip_2.jpg'), true, 102);
    const r = await retrain({
      imageDir: data,
      architecture: 'mobilenet_0.25_128',
      base: 'random',
      learningRate: 0.1,
      testingPercentage: 10,
      validationPercentage: 20,
      trainBatchSize: 16,
      validationBatchSize: -1,
      evalStepInterval: 5,
      howManyTrainingSteps: 50,
      distortions: { flipLeftRight: false, randomCrop: 0, randomScale: 0, randomBrightness: 0 },
      distortedCopies: 0,
      hiddenUnits: 0,
      l2: 1e-4,
      patience: 100,
      fineTune: {
        blocks: 0,
        learningRate: 3e-4,
        steps: 0,
        batchSize: 32,
        l2sp: 1e-3,
        uint8: false,
      },
      bottleneckDir: join(root, 'cache'),
      outputDir: join(root, 'models'),
      quantize: 'uint8',
      setDefault: false,
      quiet: true,
      log: () => undefined,
    });
    expect(r.id).toBe('mobilenet_v1_0.25_128');
  });

  it('ranks the planted flips at the top and leaves the folder untouched', () => {
    const before = tree(data);
    const json = join(root, 'suspects.json');
    const html = join(root, 'review.html');
    cli(
      '--model',
      join(root, 'models', 'mobilenet_v1_0.25_128'),
      '--image_dir',
      data,
      '--json',
      json,
      '--html',
      html,
      '--folds',
      '4',
      '--bottleneck_dir',
      join(root, 'cache'),
    );
    const suspects = JSON.parse(readFileSync(json, 'utf8')) as {
      file: string;
      label: string;
      predicted: string;
      confidence: number;
    }[];
    expect(Object.keys(suspects[0] ?? {}).sort()).toEqual([
      'confidence',
      'file',
      'label',
      'predicted',
    ]);
    const top = suspects.slice(0, 2 * planted.length).map((s) => s.file);
    expect(planted.filter((p) => top.includes(p)).length).toBeGreaterThanOrEqual(
      planted.length - 1,
    );
    expect(readFileSync(html, 'utf8')).toContain('data:image/jpeg;base64,');
    expect(tree(data)).toEqual(before);
  });

  it('--apply moves only the marked files and --undo restores them exactly', () => {
    const before = tree(data);
    const list = join(root, 'marked.json');
    writeFileSync(
      list,
      JSON.stringify([
        { file: 'road/flip_0.jpg', label: 'road', marked: true },
        { file: 'road/r_1.jpg', label: 'road', marked: false },
        { file: 'not-road/flip_2.jpg', label: 'not-road', marked: true },
      ]),
    );
    const log = join(root, 'undo.json');
    cli('--image_dir', data, '--apply', list, '--undo_log', log);
    expect(existsSync(join(data, 'not-road', 'flip_0.jpg'))).toBe(true);
    expect(existsSync(join(data, 'road', 'flip_2.jpg'))).toBe(true);
    expect(existsSync(join(data, 'road', 'r_1.jpg'))).toBe(true);
    expect(existsSync(join(data, 'road', 'flip_0.jpg'))).toBe(false);
    const undo = JSON.parse(readFileSync(log, 'utf8'));
    expect(undo.moves.map((m: { from: string; to: string }) => `${m.from}>${m.to}`)).toEqual([
      'road/flip_0.jpg>not-road/flip_0.jpg',
      'not-road/flip_2.jpg>road/flip_2.jpg',
    ]);
    expect(tree(data)).not.toEqual(before);

    cli('--undo', log);
    expect(tree(data)).toEqual(before);
  });

  it('--apply that moves nothing fails and writes no undo log', () => {
    const list = join(root, 'unmarked.json');
    writeFileSync(list, JSON.stringify([{ file: 'road/r_1.jpg', marked: false }]));
    const log = join(root, 'undo-nothing.json');
    let status = 0;
    let stderr = '';
    try {
      cli('--image_dir', data, '--apply', list, '--undo_log', log);
    } catch (err) {
      ({ status, stderr } = err as { status: number; stderr: string });
    }
    expect(status).toBe(1);
    expect(stderr).toMatch(/^error: moved nothing: 0 of the 1 entries/);
    expect(existsSync(log)).toBe(false);
  });
});
