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

export interface ReportData {
  history: EvalPoint[];
  bestStep: number;
  floatTestAccuracy: number;
  test: Metrics;
}

/** `models/<id>/report.html`: curves, confusion matrix, misclassified test images, size, speed. */
export async function retrainReport(
  meta: ModelMeta,
  report: ReportData,
  latency: LatencyInfo[],
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
  const body = `<h1>${escape(meta.id)}</h1>
<p>Test accuracy <b>${pct(meta.testAccuracy)}</b> (${meta.quantization}; float ${pct(report.floatTestAccuracy)}) on ${report.test.n} test images ·
validation ${pct(meta.validationAccuracy)} · ${(meta.bytes / 1024).toFixed(0)} KB · ${speed} · base ${escape(meta.base.source)} · best step ${report.bestStep}</p>
<div class="charts"><div><h2>Accuracy</h2><canvas id="acc"></canvas></div><div><h2>Loss</h2><canvas id="loss"></canvas></div></div>
<h2>Confusion matrix (test split)</h2>${confusion}
<h2>Misclassified test images (${report.test.misclassified.length})</h2>
${haveImages ? `<div class="thumbs">${thumbs.join('')}</div>` : `<p>The images are not at ${escape(imageDir)}: ${report.test.misclassified.map((m) => escape(m.file)).join(', ')}</p>`}`;
  const h = report.history;
  const script = `
const steps = ${JSON.stringify(h.map((p) => p.step))};
const line = (id, sets) => new Chart(document.getElementById(id), { type: 'line', data: { labels: steps, datasets: sets }, options: { animation: false, elements: { point: { radius: 0 } }, scales: { x: { title: { display: true, text: 'step' } } } } });
line('acc', [{ label: 'training', data: ${JSON.stringify(h.map((p) => p.trainAccuracy))} }, { label: 'validation', data: ${JSON.stringify(h.map((p) => p.validationAccuracy))} }]);
line('loss', [{ label: 'training', data: ${JSON.stringify(h.map((p) => p.trainLoss))} }, { label: 'validation', data: ${JSON.stringify(h.map((p) => p.validationLoss))} }]);`;
  return page(`${meta.id} training report`, body, script);
}

export interface VariantPoint {
  id: string;
  testAccuracy: number;
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
        `<tr><td style="text-align:left">${p.id}</td><td>${pct(p.testAccuracy)}</td><td>${(p.bytes / 1024).toFixed(0)} KB</td>${backends
          .map((b) => `<td>${p.latency[b]?.toFixed(2) ?? '–'}</td>`)
          .join('')}</tr>`,
    )
    .join('');
  const body = `<h1>Roadgate variants</h1><p>${escape(benchNote)}</p>
<div class="charts"><div><h2>Accuracy vs latency</h2><canvas id="lat"></canvas></div><div><h2>Accuracy vs bytes</h2><canvas id="bytes"></canvas></div></div>
<h2>Table</h2><table><tr><th>variant</th><th>test accuracy</th><th>weights</th>${backends.map((b) => `<th>${escape(b)} ms</th>`).join('')}</tr>${rows}</table>`;
  const script = `
const points = ${JSON.stringify(points)};
const backends = ${JSON.stringify(backends)};
const opts = (x) => ({ animation: false, plugins: { tooltip: { callbacks: { label: (c) => c.raw.id + ': ' + (100 * c.raw.y).toFixed(2) + '%' } } }, scales: { x: { title: { display: true, text: x } }, y: { title: { display: true, text: 'test accuracy' } } } });
new Chart(document.getElementById('lat'), { type: 'scatter', data: { datasets: backends.map((b) => ({ label: b, data: points.filter((p) => p.latency[b] !== undefined).map((p) => ({ x: p.latency[b], y: p.testAccuracy, id: p.id })) })) }, options: opts('median latency, ms') });
new Chart(document.getElementById('bytes'), { type: 'scatter', data: { datasets: [{ label: 'weights', data: points.map((p) => ({ x: p.bytes / 1024, y: p.testAccuracy, id: p.id })) }] }, options: opts('weights, KB') });`;
  return page('Roadgate variants', body, script);
}

/** report.json (the data) and report.html (curves, confusion matrix, misclassified images). */
export async function writeReport(
  dir: string,
  meta: ModelMeta,
  head: HeadResult,
  metrics: Metrics,
  floatTestAccuracy: number,
): Promise<void> {
  const report: ReportData = {
    history: head.history,
    bestStep: head.bestStep,
    floatTestAccuracy,
    test: metrics,
  };
  await writeFile(join(dir, 'report.json'), `${JSON.stringify(report, null, 1)}\n`);
  await writeFile(join(dir, 'report.html'), await retrainReport(meta, report, []));
}
