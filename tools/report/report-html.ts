/**
 * Static HTML reports that a person looks at: the retrain report of one variant and the
 * comparison of all variants. Charts are drawn by Chart.js, inlined so a file works offline.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { EvalPoint, HeadResult } from '../model/head.ts';
import type { Metrics } from '../train/metrics.ts';
import type { ModelMeta } from '../catalog/meta.ts';
import { LABELS } from '../data/dataset.ts';
import { REPO_ROOT } from '../common/paths.ts';
import { escapeHtml as escape, thumbnail } from '../common/html.ts';
import { accuracyText } from '../../src/util/interval.ts';
import { distortionGridHtml, type DistortionGrid } from './distortion-grid.ts';

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

function chartJs(): string {
  // The UMD build is not in chart.js's exports map: find it beside the package's main file.
  const main = createRequire(import.meta.url).resolve('chart.js');
  const file = join(dirname(main), 'chart.umd.min.js');
  // A literal "</script" would end the inline script early.
  return readFileSync(file, 'utf8').replace(/<\/script/gi, '<\\/script');
}

function page(title: string, body: string, script: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;margin:24px;max-width:1100px;color:#222}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:24px}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:6px 10px;text-align:right}
.thumbs{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
figure{margin:0;font-size:12px}figure img{width:100%;height:120px;object-fit:cover}
.grid td,.grid th{padding:2px;font-size:12px}.grid img{width:112px;height:112px;display:block}
</style></head><body>
${body}
<script>${chartJs()}</script>
<script>${script}</script>
</body></html>
`;
}

export interface LatencyInfo {
  backend: string;
  medianMs: number;
}

/** A second training stage: the last `blocks` of the backbone trained with the head. */
export interface FineTuneData {
  blocks: number;
  bestStep: number;
  history: EvalPoint[];
}

export interface ReportData {
  history: EvalPoint[];
  bestStep: number;
  floatTestAccuracy: number;
  test: Metrics;
  fineTune?: FineTuneData;
}

/** Two canvases, accuracy and loss, for one training stage; and the script that draws them. */
function curves(id: string, title: string, h: EvalPoint[]): { html: string; script: string } {
  const series = (f: (p: EvalPoint) => number) => JSON.stringify(h.map(f));
  return {
    html: `<div><h2>${escape(title)}: accuracy</h2><canvas id="${id}-acc"></canvas></div><div><h2>${escape(title)}: loss</h2><canvas id="${id}-loss"></canvas></div>`,
    script: `
line('${id}-acc', ${series((p) => p.step)}, [{ label: 'training', data: ${series((p) => p.trainAccuracy)} }, { label: 'validation', data: ${series((p) => p.validationAccuracy)} }]);
line('${id}-loss', ${series((p) => p.step)}, [{ label: 'training', data: ${series((p) => p.trainLoss)} }, { label: 'validation', data: ${series((p) => p.validationLoss)} }]);`,
  };
}

/**
 * `models/<id>/report.html`: curves (the head's, and a fine-tune's when there was one), the
 * confusion matrix, misclassified test images, size, speed, and with `grid` the training
 * distortions. Accuracies carry their 95% Wilson interval.
 */
export async function retrainReport(
  meta: ModelMeta,
  report: ReportData,
  latency: LatencyInfo[],
  grid?: DistortionGrid,
): Promise<string> {
  const imageDir = resolve(REPO_ROOT, meta.trainingData.imageDir);
  const haveImages = existsSync(imageDir);
  const thumbs = haveImages
    ? await Promise.all(
        report.test.misclassified.map(async (m) => {
          const src = await thumbnail(join(imageDir, m.file), 150);
          return `<figure>${src ? `<img src="${src}" alt="">` : ''}<figcaption>${escape(m.file)}<br>${m.label} → <b>${m.predicted}</b> ${pct(m.confidence)}</figcaption></figure>`;
        }),
      )
    : [];
  const c = report.test.confusion;
  const confusion = `<table><tr><th>true \\ predicted</th>${LABELS.map((l) => `<th>${l}</th>`).join('')}</tr>${LABELS.map(
    (l, i) =>
      `<tr><th>${l}</th>${LABELS.map((_, j) => `<td>${c[i]?.[j] ?? 0}</td>`).join('')}</tr>`,
  ).join('')}</table>`;
  const speed = latency.length
    ? latency.map((l) => `${escape(l.backend)}: ${l.medianMs.toFixed(2)} ms median`).join(', ')
    : 'not measured yet (npm run bench -- --json bench-results/latest.json)';
  const n = report.test.n;
  const int8 = meta.int8 ? ` · integer engine ${accuracyText(meta.int8.testAccuracy, n)}` : '';
  const ft = report.fineTune;
  const onGrids = meta.fineTune?.quantizationAware ? ', weights on their uint8 grids' : '';
  const stages = [
    curves('head', 'Head', report.history),
    ...(ft ? [curves('ft', `Fine-tune (last ${ft.blocks} blocks${onGrids})`, ft.history)] : []),
  ];
  const body = `<h1>${escape(meta.id)}</h1>
<p>Test accuracy <b>${accuracyText(meta.testAccuracy, n)}</b> (${meta.quantization}; float ${accuracyText(report.floatTestAccuracy, n)}${int8}) on ${n} test images ·
validation ${accuracyText(meta.validationAccuracy, meta.trainingData.counts.validation ?? 0)} · ${(meta.bytes / 1024).toFixed(0)} KB · ${speed} · base ${escape(meta.base.source)} · best step ${report.bestStep}${ft ? ` (fine-tune: ${ft.bestStep})` : ''}</p>
<div class="charts">${stages.map((c) => c.html).join('')}</div>
<h2>Confusion matrix (test split)</h2>${confusion}
<h2>Misclassified test images (${report.test.misclassified.length})</h2>
${haveImages ? `<div class="thumbs">${thumbs.join('')}</div>` : `<p>The images are not at ${escape(imageDir)}: ${report.test.misclassified.map((m) => escape(m.file)).join(', ')}</p>`}
${grid ? await distortionGridHtml(grid) : ''}`;
  const script = `
const line = (id, steps, sets) => new Chart(document.getElementById(id), { type: 'line', data: { labels: steps, datasets: sets }, options: { animation: false, elements: { point: { radius: 0 } }, scales: { x: { title: { display: true, text: 'step' } } } } });
${stages.map((c) => c.script).join('')}`;
  return page(`${meta.id} training report`, body, script);
}

/** The page of `npm run report -- --distortions_preview DIR`: the distortions grid alone. */
export async function previewPage(grid: DistortionGrid): Promise<string> {
  return page('Roadgate training distortions', await distortionGridHtml(grid), '');
}

export interface VariantPoint {
  id: string;
  testAccuracy: number;
  /** Test photos the accuracy was measured on (for its interval). */
  testN: number;
  validationAccuracy: number;
  validationN: number;
  bytes: number;
  /** Median latency per backend label, ms, where measured. */
  latency: Record<string, number>;
}

/** `models/compare.html`: accuracy against latency and against bytes, one point per variant. */
export function comparePage(points: VariantPoint[], benchNote: string): string {
  const backends = [...new Set(points.flatMap((p) => Object.keys(p.latency)))];
  const rows = points
    .map(
      (p) =>
        `<tr><td style="text-align:left">${p.id}</td><td>${accuracyText(p.validationAccuracy, p.validationN)}</td><td>${accuracyText(p.testAccuracy, p.testN)}</td><td>${(p.bytes / 1024).toFixed(0)} KB</td>${backends
          .map((b) => `<td>${p.latency[b]?.toFixed(2) ?? '–'}</td>`)
          .join('')}</tr>`,
    )
    .join('');
  const body = `<h1>Roadgate variants</h1><p>${escape(benchNote)}</p>
<div class="charts"><div><h2>Accuracy vs latency</h2><canvas id="lat"></canvas></div><div><h2>Accuracy vs bytes</h2><canvas id="bytes"></canvas></div></div>
<h2>Table</h2><p>Accuracies with their 95% Wilson intervals; variants are chosen on validation, test is for reference.</p><table><tr><th>variant</th><th>validation accuracy</th><th>test accuracy</th><th>weights</th>${backends.map((b) => `<th>${escape(b)} ms</th>`).join('')}</tr>${rows}</table>`;
  const script = `
const points = ${JSON.stringify(points)};
const backends = ${JSON.stringify(backends)};
const opts = (x) => ({ animation: false, plugins: { tooltip: { callbacks: { label: (c) => c.raw.id + ': ' + (100 * c.raw.y).toFixed(2) + '%' } } }, scales: { x: { title: { display: true, text: x } }, y: { title: { display: true, text: 'test accuracy' } } } });
new Chart(document.getElementById('lat'), { type: 'scatter', data: { datasets: backends.map((b) => ({ label: b, data: points.filter((p) => p.latency[b] !== undefined).map((p) => ({ x: p.latency[b], y: p.testAccuracy, id: p.id })) })) }, options: opts('median latency, ms') });
new Chart(document.getElementById('bytes'), { type: 'scatter', data: { datasets: [{ label: 'weights', data: points.map((p) => ({ x: p.bytes / 1024, y: p.testAccuracy, id: p.id })) }] }, options: opts('weights, KB') });`;
  return page('Roadgate variants', body, script);
}

/**
 * report.json (the data) and report.html (curves, confusion matrix, misclassified images); with
 * `fineTune` its curves too (only its blocks, best step and history are kept), with `grid` the
 * training distortions.
 */
export async function writeReport(
  dir: string,
  meta: ModelMeta,
  head: HeadResult,
  metrics: Metrics,
  floatTestAccuracy: number,
  extra: { fineTune?: FineTuneData; grid?: DistortionGrid } = {},
): Promise<void> {
  const ft = extra.fineTune;
  const report: ReportData = {
    history: head.history,
    bestStep: head.bestStep,
    floatTestAccuracy,
    test: metrics,
    ...(ft && { fineTune: { blocks: ft.blocks, bestStep: ft.bestStep, history: ft.history } }),
  };
  await writeFile(join(dir, 'report.json'), `${JSON.stringify(report, null, 1)}\n`);
  await writeFile(join(dir, 'report.html'), await retrainReport(meta, report, [], extra.grid));
}
