/**
 * `npm run report`: writes `models/<id>/report.html` for every model (or `--model DIR` for one)
 * from its meta.json and report.json, and `models/compare.html` over all of them. Latencies come
 * from a benchmark JSON (`--bench FILE`, default bench-results/latest.json) when present; the
 * training distortions grid from the model's training photos, where they are.
 * `--distortions_preview DIR` instead shows every distortion on photos of DIR, without a model.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  helpText,
  parseFlags,
  runMain,
  UsageError,
  type FlagSpec,
  type FlagValues,
} from '../common/args.ts';
import { MODELS_DIR, REPO_ROOT, userPath } from '../common/paths.ts';
import {
  comparePage,
  previewPage,
  retrainReport,
  type LatencyInfo,
  type ReportData,
  type VariantPoint,
} from '../report/report-html.ts';
import type { DistortionGrid } from '../report/distortion-grid.ts';
import { readCatalog } from '../catalog/catalog-io.ts';
import { readMeta, type ModelMeta } from '../catalog/meta.ts';
import { readBenchJson, type BenchJson } from '../bench/summary.ts';
import { listDataset } from '../data/dataset.ts';
import { NO_DISTORTIONS, type DistortionFlags } from '../data/images.ts';
import { splitExamples } from '../data/split.ts';
import { DISTORTION_FLAGS, distortionFlags } from '../train/options.ts';

const FLAGS: Record<string, FlagSpec> = {
  model: { type: 'string', help: 'one model folder (default: every model in models/)' },
  bench: {
    type: 'string',
    default: 'bench-results/latest.json',
    help: 'benchmark JSON with latencies (npm run bench -- --json FILE)',
  },
  distortions_preview: {
    type: 'string',
    help: 'a folder with road/ and not-road/: show every distortion on a few of its photos (no model needed)',
  },
  preview_html: {
    type: 'string',
    default: 'distortions-preview.html',
    help: 'where --distortions_preview writes its page',
  },
  input_size: { type: 'number', default: 224, help: 'input side of --distortions_preview, px' },
  ...DISTORTION_FLAGS,
  help: { type: 'boolean', default: false, help: 'show this help' },
};

const USAGE =
  'npm run report -- [--model DIR] [--bench FILE] | --distortions_preview DIR [--random_hood P ...]';

function latencies(bench: BenchJson | null, id: string): LatencyInfo[] {
  return (bench?.rows ?? [])
    .filter((r) => r.variant === id)
    .map((r) => ({ backend: r.label, medianMs: r.medianMs }));
}

/** The grid of a model's training photos and distortions; without the photos, a note why not. */
function modelGrid(meta: ModelMeta): DistortionGrid | undefined {
  const imageDir = resolve(REPO_ROOT, meta.trainingData.imageDir);
  if (!existsSync(imageDir)) {
    console.log(`${meta.id}: no training distortions grid, ${imageDir} is not here`);
    return undefined;
  }
  const t = meta.training;
  const sets = splitExamples(
    listDataset(imageDir),
    Number(t.validationPercentage ?? 10),
    Number(t.testingPercentage ?? 10),
  );
  const flags = (t.distortions ?? {}) as Partial<DistortionFlags>;
  return {
    examples: sets.training.map((e) => e.path),
    flags: { ...NO_DISTORTIONS, ...flags },
    inputSize: meta.inputSize,
  };
}

/** `--distortions_preview DIR`: every effect on photos of DIR, into one page. */
async function preview(dir: string, flags: FlagValues): Promise<void> {
  const examples = listDataset(dir).map((e) => e.path);
  const out = userPath(String(flags.preview_html));
  const grid = { examples, flags: distortionFlags(flags), inputSize: Number(flags.input_size) };
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, await previewPage({ ...grid, allEffects: true }));
  console.log(`wrote ${out}`);
}

async function main(): Promise<void> {
  const { flags } = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.help) return console.log(helpText(USAGE, FLAGS));
  if (typeof flags.distortions_preview === 'string')
    return preview(userPath(flags.distortions_preview), flags);
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
    const html = await retrainReport(meta, report, lat, modelGrid(meta));
    await writeFile(join(dir, 'report.html'), html);
    console.log(`wrote ${join(basename(MODELS_DIR), meta.id, 'report.html')}`);
    points.push({
      id: meta.id,
      testAccuracy: meta.testAccuracy,
      testN: meta.trainingData.counts.testing ?? 0,
      validationAccuracy: meta.validationAccuracy,
      validationN: meta.trainingData.counts.validation ?? 0,
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
