/**
 * `npm run report`: writes `models/<id>/report.html` for every model (or `--model DIR` for one)
 * from its meta.json and report.json, and `models/compare.html` over all of them. Latencies come
 * from a benchmark JSON (`--bench FILE`, default bench-results/latest.json) when present.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { helpText, parseFlags, runMain, UsageError, type FlagSpec } from '../common/args.ts';
import { MODELS_DIR, REPO_ROOT } from '../common/paths.ts';
import {
  comparePage,
  retrainReport,
  type LatencyInfo,
  type ReportData,
  type VariantPoint,
} from '../report/report-html.ts';
import { readCatalog } from '../catalog/catalog-io.ts';
import { readMeta } from '../catalog/meta.ts';
import { readBenchJson, type BenchJson } from '../bench/summary.ts';

const FLAGS: Record<string, FlagSpec> = {
  model: { type: 'string', help: 'one model folder (default: every model in models/)' },
  bench: {
    type: 'string',
    default: 'bench-results/latest.json',
    help: 'benchmark JSON with latencies (npm run bench -- --json FILE)',
  },
  help: { type: 'boolean', default: false, help: 'show this help' },
};

function latencies(bench: BenchJson | null, id: string): LatencyInfo[] {
  return (bench?.rows ?? [])
    .filter((r) => r.variant === id)
    .map((r) => ({ backend: r.label, medianMs: r.medianMs }));
}

async function main(): Promise<void> {
  const { flags } = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.help)
    return console.log(helpText('npm run report -- [--model DIR] [--bench FILE]', FLAGS));
  const benchFile = resolve(REPO_ROOT, String(flags.bench));
  const bench = readBenchJson(benchFile);
  const catalog = readCatalog();
  const dirs =
    typeof flags.model === 'string'
      ? [resolve(flags.model)]
      : catalog.variants.map((v) => join(MODELS_DIR, v.id));
  const points: VariantPoint[] = [];
  for (const dir of dirs) {
    if (!existsSync(join(dir, 'report.json')))
      throw new UsageError(`${join(dir, 'report.json')} is missing: retrain the model first`);
    const meta = readMeta(dir);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ReportData;
    const lat = latencies(bench, meta.id);
    await writeFile(join(dir, 'report.html'), await retrainReport(meta, report, lat));
    console.log(`wrote ${join(basename(MODELS_DIR), meta.id, 'report.html')}`);
    points.push({
      id: meta.id,
      testAccuracy: meta.testAccuracy,
      bytes: meta.bytes,
      latency: Object.fromEntries(lat.map((l) => [l.backend, l.medianMs])),
    });
  }
  if (typeof flags.model !== 'string') {
    const note = bench
      ? `Latency: npm run bench on ${bench.machine}.`
      : 'No benchmark JSON yet: run npm run bench -- --json bench-results/latest.json, then npm run report.';
    await writeFile(join(MODELS_DIR, 'compare.html'), comparePage(points, note));
    console.log('wrote models/compare.html');
  }
}

runMain(main);
