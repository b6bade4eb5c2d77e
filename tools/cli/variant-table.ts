/**
 * `npm run models:table`: the shipped variants as a markdown table (accuracy on each engine,
 * bytes, latency from a benchmark JSON when present). `--readme` writes it into README.md
 * between the variant-table markers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { helpText, parseFlags, runMain, UsageError, type FlagSpec } from '../common/args.ts';
import { MODELS_DIR, REPO_ROOT, userPath } from '../common/paths.ts';
import { readCatalog } from '../catalog/catalog-io.ts';
import { readMeta } from '../catalog/meta.ts';
import { latencyOf, readBenchJson } from '../bench/summary.ts';

const FLAGS: Record<string, FlagSpec> = {
  bench: {
    type: 'string',
    help: 'benchmark JSON for the latency columns (default: bench-results/latest.json in the repository)',
  },
  readme: { type: 'boolean', default: false, help: 'write the table into README.md' },
  help: { type: 'boolean', default: false, help: 'show this help' },
};

const START = '<!-- variant-table -->';
const END = '<!-- /variant-table -->';

async function main(): Promise<void> {
  const { flags } = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.help)
    return console.log(helpText('npm run models:table -- [--bench FILE] [--readme]', FLAGS));
  const catalog = readCatalog();
  const benchFile =
    typeof flags.bench === 'string'
      ? userPath(flags.bench)
      : join(REPO_ROOT, 'bench-results', 'latest.json');
  const bench = readBenchJson(benchFile);
  if (!bench && flags.readme) {
    // The README's latencies were measured: a table of dashes would silently erase them.
    throw new UsageError(
      `no benchmark results at ${benchFile}: README.md left as it is; run npm run bench -- --json bench-results/latest.json first, or pass --bench FILE`,
    );
  }
  const unmeasured: string[] = [];
  const ms = (id: string, label: string) => {
    const v = latencyOf(bench, id, label);
    if (v === undefined) unmeasured.push(`${id} on ${label}`);
    return v?.toFixed(1) ?? '–';
  };
  const rows = catalog.variants.map((v) => {
    const meta = readMeta(join(MODELS_DIR, v.id));
    const name = v.id === catalog.default ? `**${v.id}** (default)` : v.id;
    const pct = (x: number | undefined) => (x === undefined ? '–' : `${(100 * x).toFixed(2)}%`);
    const kb = (x: number | undefined) => (x === undefined ? '–' : `${(x / 1024).toFixed(0)} KB`);
    return `| ${name} | ${pct(meta.int8?.testAccuracy)} | ${pct(meta.testAccuracy)} | ${kb(meta.int8?.bytes)} | ${kb(meta.bytes)} | ${ms(v.id, 'int8')} | ${ms(v.id, 'wasm (threads)')} | ${ms(v.id, 'wasm (1 thread, not isolated)')} | ${ms(v.id, 'webgl')} |`;
  });
  const table = [
    '| variant | test acc. int8 | test acc. TF.js | .tflite | TF.js model | int8 ms | WASM threads ms | WASM 1 thread ms | WebGL ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
  const note = bench
    ? `Latency: median of \`npm run bench\` in headless Chromium on ${bench.machine} (2 cores, no GPU: WebGL is software-rendered here).`
    : 'Latency: run `npm run bench -- --json bench-results/latest.json`, then this again.';
  const block = `${START}\n\n${table}\n\n${note}\n\n${END}`;
  if (bench && unmeasured.length)
    console.error(`not in ${benchFile}, shown as –: ${unmeasured.join(', ')}`);
  if (flags.readme) {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const a = readme.indexOf(START);
    const b = readme.indexOf(END);
    const next =
      a < 0
        ? `${readme.trimEnd()}\n\n${block}\n`
        : `${readme.slice(0, a)}${block}${b < 0 ? readme.slice(a + START.length) : readme.slice(b + END.length)}`;
    writeFileSync(join(REPO_ROOT, 'README.md'), next);
    console.log('README.md updated');
  } else {
    console.log(block);
  }
}

runMain(main);
