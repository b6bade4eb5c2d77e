/**
 * `npm run models:table`: the shipped variants as two markdown tables, accuracy (from meta.json,
 * with 95% intervals) and latency (from a benchmark JSON when present). `--readme` writes them
 * into README.md between their markers; `--choose_default` prints the default rule's reasoning on
 * the validation split (tools/catalog/default-choice.ts), and `--write` sets that default.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { helpText, parseFlags, runMain, UsageError, type FlagSpec } from '../common/args.ts';
import { MODELS_DIR, REPO_ROOT, userPath } from '../common/paths.ts';
import {
  ACCURACY_MARKERS,
  accuracyBlock,
  choiceTable,
  setBlock,
} from '../catalog/accuracy-table.ts';
import { readCatalog, updateCatalog } from '../catalog/catalog-io.ts';
import { chooseDefault, validationRow } from '../catalog/default-choice.ts';
import { readMeta } from '../catalog/meta.ts';
import { latencyOf, readBenchJson, type BenchJson } from '../bench/summary.ts';

const FLAGS: Record<string, FlagSpec> = {
  bench: {
    type: 'string',
    help: 'benchmark JSON for the latency columns (default: bench-results/latest.json in the repository)',
  },
  readme: { type: 'boolean', default: false, help: 'write the tables into README.md' },
  choose_default: {
    type: 'boolean',
    default: false,
    help: 'print the default rule on the validation split, variant by variant, and its choice',
  },
  write: {
    type: 'boolean',
    default: false,
    help: "with --choose_default: set the rule's choice as the default in catalog.json",
  },
  models_dir: {
    type: 'string',
    help: 'the models folder with catalog.json (default: models/ in the repository)',
  },
  help: { type: 'boolean', default: false, help: 'show this help' },
};

const LATENCY_MARKERS = { start: '<!-- variant-table -->', end: '<!-- /variant-table -->' };
const USAGE =
  'npm run models:table -- [--bench FILE] [--readme] [--choose_default [--write]] [--models_dir DIR]';

/** The latency block, markers included; `–` where `bench` has no median. */
function latencyBlock(ids: readonly string[], defaultId: string, bench: BenchJson | null): string {
  const unmeasured: string[] = [];
  const ms = (id: string, label: string) => {
    const v = latencyOf(bench, id, label);
    if (v === undefined) unmeasured.push(`${id} on ${label}`);
    return v?.toFixed(1) ?? '–';
  };
  const rows = ids.map((id) => {
    const name = id === defaultId ? `**${id}** (default)` : id;
    return `| ${name} | ${ms(id, 'int8')} | ${ms(id, 'wasm (threads)')} | ${ms(id, 'wasm (1 thread, not isolated)')} | ${ms(id, 'webgl')} |`;
  });
  const table = [
    '| variant | int8 ms | WASM threads ms | WASM 1 thread ms | WebGL ms |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
  const note = bench
    ? `Latency: median of \`npm run bench\` in headless Chromium on ${bench.machine} (2 cores, no GPU: WebGL is software-rendered here).`
    : 'Latency: run `npm run bench -- --json bench-results/latest.json`, then this again.';
  if (bench && unmeasured.length)
    console.error(`not in the benchmark JSON, shown as –: ${unmeasured.join(', ')}`);
  return `${LATENCY_MARKERS.start}\n\n${table}\n\n${note}\n\n${LATENCY_MARKERS.end}`;
}

async function main(): Promise<void> {
  const { flags } = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.help) return console.log(helpText(USAGE, FLAGS));
  if (flags.write && !flags.choose_default)
    throw new UsageError('--write goes with --choose_default');
  const modelsDir = typeof flags.models_dir === 'string' ? userPath(flags.models_dir) : MODELS_DIR;
  let catalog = readCatalog(modelsDir);
  const metas = catalog.variants.map((v) => readMeta(join(modelsDir, v.id)));
  if (flags.choose_default) {
    const choice = chooseDefault(metas.map(validationRow));
    console.log(choiceTable(choice));
    if (flags.write) {
      const was = catalog.default;
      catalog = await updateCatalog(modelsDir, choice.id);
      console.log(`${join(modelsDir, 'catalog.json')}: default ${catalog.default} (was ${was})`);
    }
    if (!flags.readme) return;
  }
  const benchFile =
    typeof flags.bench === 'string'
      ? userPath(flags.bench)
      : join(REPO_ROOT, 'bench-results', 'latest.json');
  const bench = readBenchJson(benchFile);
  const accuracy = accuracyBlock(metas, catalog.default);
  const ids = catalog.variants.map((v) => v.id);
  if (!flags.readme)
    return console.log(`${accuracy}\n\n${latencyBlock(ids, catalog.default, bench)}`);
  const file = join(REPO_ROOT, 'README.md');
  let readme = setBlock(
    readFileSync(file, 'utf8'),
    ACCURACY_MARKERS,
    accuracy,
    LATENCY_MARKERS.start,
  );
  if (bench) {
    readme = setBlock(readme, LATENCY_MARKERS, latencyBlock(ids, catalog.default, bench));
  } else {
    // The README's latencies were measured: a table of dashes would silently erase them.
    console.log(
      `no benchmark results at ${benchFile}: the latency table was left as it is (npm run bench -- --json bench-results/latest.json, or --bench FILE)`,
    );
  }
  writeFileSync(file, readme);
  console.log('README.md updated');
}

runMain(main);
