import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelMeta } from '../../../../tools/catalog/meta.ts';
import type { HeadResult } from '../../../../tools/model/head.ts';
import {
  retrainReport,
  writeReport,
  type ReportData,
} from '../../../../tools/report/report-html.ts';
import type { Metrics } from '../../../../tools/train/metrics.ts';

const history = [10, 20, 30].map((step) => ({
  step,
  trainLoss: 1 / step,
  trainAccuracy: 0.9,
  validationLoss: 2 / step,
  validationAccuracy: 0.85,
}));
const test: Metrics = {
  accuracy: 0.95,
  n: 200,
  confusion: [
    [95, 5],
    [5, 95],
  ],
  perClass: {},
  misclassified: [],
};
const report: ReportData = { history, bestStep: 20, floatTestAccuracy: 0.96, test };

let dir: string;
let examples: string[];
let meta: ModelMeta;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'roadgate-report-'));
  examples = [join(dir, 'a.png'), join(dir, 'b.jpg')];
  const raw = (v: number) => Buffer.alloc(80 * 60 * 3, v);
  await sharp(raw(90), { raw: { width: 80, height: 60, channels: 3 } })
    .png()
    .toFile(examples[0] as string);
  await sharp(raw(180), { raw: { width: 80, height: 60, channels: 3 } })
    .jpeg()
    .toFile(examples[1] as string);
  meta = {
    id: 'mobilenet_v1_0.25_128',
    inputSize: 128,
    quantization: 'uint8',
    testAccuracy: 0.95,
    validationAccuracy: 0.9,
    bytes: 300_000,
    base: { source: 'test', format: 'tflite', digest: 'x' },
    trainingData: { imageDir: dir, counts: { validation: 100 }, sources: '', terms: '' },
    training: { validationBatchSize: -1 },
  } as unknown as ModelMeta;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const flags = {
  flipLeftRight: true,
  randomCrop: 10,
  randomScale: 0,
  randomBrightness: 0,
  randomHood: 50,
  randomRain: 20,
};
const section = (html: string) => html.slice(html.indexOf('<h2>Training distortions</h2>'));
const imgs = (html: string) => html.match(/<img /g)?.length ?? 0;

describe('retrain report', () => {
  it('shows a grid of each photo: original, each enabled effect, a training copy', async () => {
    const html = await retrainReport(meta, report, [], { examples, flags, inputSize: 64 });
    expect(html).toContain('<h2>Training distortions</h2>');
    expect(imgs(section(html))).toBe(2 * (1 + 2 + 1));
    expect(section(html)).toContain('--random_hood 50');
    expect(section(html)).toMatch(/<th>hood<\/th><th>rain<\/th><th>training copy 1<\/th>/);
  });

  it('has no grid when none is asked for (npm run report without the photos)', async () => {
    const html = await retrainReport(meta, report, []);
    expect(html).not.toContain('Training distortions');
  });

  it('gives accuracies with their 95% Wilson interval', async () => {
    const html = await retrainReport(meta, report, []);
    expect(html).toContain('95.0% (95% CI 91.0–97.3%)');
    expect(html).toMatch(/validation 90\.0% \(95% CI [\d.]+–[\d.]+%\)/);
  });

  it("draws a fine-tune's curves beside the head's when there was one", async () => {
    const plain = await retrainReport(meta, report, []);
    expect(plain).toContain('id="head-acc"');
    expect(plain).not.toContain('id="ft-acc"');
    const fineTune = { blocks: 2, bestStep: 30, history };
    const html = await retrainReport(meta, { ...report, fineTune }, []);
    for (const id of ['head-acc', 'head-loss', 'ft-acc', 'ft-loss']) {
      expect(html).toContain(`id="${id}"`);
      expect(html).toContain(`line('${id}'`);
    }
    expect(html).toContain('Fine-tune (last 2 blocks)');
  });

  it('writes report.html with the grid, and report.json with only the fine-tune curve', async () => {
    const head = { history, bestStep: 20 } as unknown as HeadResult;
    const tuned = { blocks: 2, bestStep: 30, history, base: { big: 'weights' } };
    const grid = { examples, flags, inputSize: 32 };
    await writeReport(dir, meta, head, test, 0.96, { fineTune: tuned, grid });
    expect(imgs(section(readFileSync(join(dir, 'report.html'), 'utf8')))).toBe(8);
    const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ReportData;
    expect(json.bestStep).toBe(20);
    expect(json.fineTune).toEqual({ blocks: 2, bestStep: 30, history });
  });
});
