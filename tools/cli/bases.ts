/**
 * `npm run bases`: the ImageNet base weights `--base auto` uses, where each one is (../shared,
 * the cache, or not yet fetched) with its size and sha256. `--fetch` downloads them ahead of time
 * (for a trip without network); `--widths` limits both to some widths.
 */
import { helpText, parseFlags, runMain, UsageError, type FlagSpec } from '../common/args.ts';
import { userPath } from '../common/paths.ts';
import { entryIn, publishedAt, sharedFiles } from '../weights/locations.ts';
import { baseBytes, PUBLISHED_BASES, type PublishedBase } from '../weights/manifest.ts';
import { cachedState, ensureBase, storeOptions, type StoreOptions } from '../weights/store.ts';
import { existsSync } from 'node:fs';

const WIDTHS = [...new Set(PUBLISHED_BASES.map((b) => b.width))];

const FLAGS: Record<string, FlagSpec> = {
  fetch: { type: 'boolean', default: false, help: 'download every listed base not yet cached' },
  widths: { type: 'list', help: `only these widths (${WIDTHS.join(', ')})` },
  weights_cache: {
    type: 'string',
    help: 'cache folder (default: $ROADGATE_WEIGHTS_CACHE, else $XDG_CACHE_HOME or ~/.cache, + /roadgate/weights)',
  },
  quiet: { type: 'boolean', default: false, help: 'no progress bars' },
  help: { type: 'boolean', default: false, help: 'show this help' },
};

/** One line per base: name, width, size, where it is, the sha256 of the file a loader opens. */
async function describe(b: PublishedBase, o: StoreOptions): Promise<string> {
  const kb = `${Math.round(baseBytes(b) / 1024)} KB`.padStart(8);
  const sha = b.files.find((f) => f.path === b.entry)?.sha256 ?? '';
  let where: string;
  if (o.sharedWeightsDir !== null && sharedFiles(o.sharedWeightsDir, b).every(existsSync)) {
    where = `shared  ${sharedFiles(o.sharedWeightsDir, b)[0]}`;
  } else {
    const state = await cachedState(b, o.cacheDir);
    where = {
      ok: `cached  ${entryIn(o.cacheDir, b)}`,
      missing: `not cached (from ${publishedAt(b)})`,
      bad: `cached copy FAILS its sha256, will be fetched again: ${entryIn(o.cacheDir, b)}`,
    }[state];
  }
  return `${b.name.padEnd(48)} ${String(b.width).padEnd(4)} ${b.format.padEnd(11)} ${kb}  ${where}  sha256 ${sha}`;
}

async function main(): Promise<void> {
  const { flags: f } = parseFlags(process.argv.slice(2), FLAGS);
  if (f.help) return console.log(helpText('npm run bases -- [--fetch] [--widths 0.25,1]', FLAGS));
  const widths = ((f.widths as string[] | undefined) ?? WIDTHS.map(String)).map(Number);
  const bad = widths.filter((w) => !WIDTHS.includes(w));
  if (bad.length) throw new UsageError(`no bases of width ${bad.join(', ')}: ${WIDTHS.join(', ')}`);
  const cacheFlag = typeof f.weights_cache === 'string' ? userPath(f.weights_cache) : undefined;
  const o = storeOptions(cacheFlag, (line) => console.error(line), Boolean(f.quiet));
  const bases = PUBLISHED_BASES.filter((b) => widths.includes(b.width));
  if (f.fetch) for (const b of bases) await ensureBase(b, o);
  console.log(`cache: ${o.cacheDir}${o.mirror ? ` (mirror: ${o.mirror})` : ''}`);
  for (const b of bases) console.log(await describe(b, o));
}

runMain(main);
