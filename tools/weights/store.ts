/**
 * `--base auto`: the ImageNet bases of a width, from ../shared/weights when it holds them, else
 * from the user's cache (every file checked against its sha256 on each use), else downloaded
 * once from their pinned published locations (or `ROADGATE_WEIGHTS_MIRROR`) into that cache.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { WEIGHTS_DIR } from '../common/paths.ts';
import { DownloadError, downloadVerified, PARTIAL_SUFFIX, sweepPartials } from './download.ts';
import {
  cacheDir,
  downloadUrl,
  entryIn,
  layoutPath,
  MIRROR_ENV,
  mirrorUrl,
  publishedAt,
  sharedFiles,
} from './locations.ts';
import { baseBytes, PUBLISHED_BASES, type PublishedBase, type WeightFile } from './manifest.ts';

export interface StoreOptions {
  /** The cache folder (see `cacheDir`). */
  cacheDir: string;
  /** `ROADGATE_WEIGHTS_MIRROR`, or null for the published locations. */
  mirror: string | null;
  /** ../shared/weights, or null to ignore it (tests of the download path). */
  sharedWeightsDir: string | null;
  quiet: boolean;
  log: (line: string) => void;
}

/** The store as the environment sets it up; `cacheFlag` is a tool's `--weights_cache`. */
export function storeOptions(
  cacheFlag: string | undefined,
  log: (line: string) => void,
  quiet = false,
): StoreOptions {
  return {
    cacheDir: cacheDir(cacheFlag),
    mirror: mirrorUrl(),
    sharedWeightsDir: existsSync(WEIGHTS_DIR) ? WEIGHTS_DIR : null,
    quiet,
    log,
  };
}

/** A base ready to load: the file to open, where it came from, and what was published. */
export interface ResolvedBase {
  location: string;
  /** `given`: the user's own `--base`. */
  from: 'shared' | 'cache' | 'download' | 'given';
  published?: PublishedBase;
}

/**
 * Bases that only ../shared holds: the 1.0 layers model cut before its last convolution (see
 * ../shared/weights/SOURCES.md), which no pinned location serves whole.
 */
const SHARED_ONLY: { width: number; path: string }[] = [
  { width: 1, path: 'mobilenet_v1_1.0_224_partial/model.json' },
];

async function sha256Of(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** 'ok' when the file is there with its published size and sha256. */
export async function fileState(path: string, f: WeightFile): Promise<'ok' | 'missing' | 'bad'> {
  const s = await stat(path).catch(() => null);
  if (!s) return 'missing';
  return s.size === f.bytes && (await sha256Of(path)) === f.sha256 ? 'ok' : 'bad';
}

/** The state of a base in the cache: every file verified, some missing, or some not matching. */
export async function cachedState(
  base: PublishedBase,
  dir: string,
): Promise<'ok' | 'missing' | 'bad'> {
  const states = await Promise.all(
    base.files.map((f) => fileState(join(dir, layoutPath(base, f)), f)),
  );
  if (states.includes('bad')) return 'bad';
  return states.includes('missing') ? 'missing' : 'ok';
}

/** One line telling a user without network how to put the base in the cache by hand. */
export function byHand(base: PublishedBase, dir: string): string {
  const where =
    base.format === 'tflite'
      ? `save ${downloadUrl(base, base.files[0] as WeightFile, null)} as ${entryIn(dir, base)}`
      : `save model.json and its ${base.files.length - 1} shards from ${publishedAt(base)} into ${join(dir, base.name)}/`;
  return `${where} (sha256 sums in tools/weights/manifest.ts), or set ${MIRROR_ENV}, or pass --base FILE`;
}

/** Downloads every file of `base` into `o.cacheDir`; a TF.js model moves into place whole. */
async function download(base: PublishedBase, o: StoreOptions): Promise<void> {
  const kb = Math.round(baseBytes(base) / 1024);
  o.log(
    `downloading base ${base.name} (${kb} KB, ${base.licence}) from ${o.mirror ?? publishedAt(base)}`,
  );
  if (base.format === 'tflite') {
    const f = base.files[0] as WeightFile;
    const t = { url: downloadUrl(base, f, o.mirror), dest: entryIn(o.cacheDir, base), ...f };
    await downloadVerified(t, base.name, o.quiet);
    return;
  }
  const final = join(o.cacheDir, base.name);
  await sweepPartials(final);
  const staging = `${final}.${process.pid}${PARTIAL_SUFFIX}`;
  try {
    let done = 0;
    for (const f of base.files) {
      const t = { url: downloadUrl(base, f, o.mirror), dest: join(staging, f.path), ...f };
      // One bar per model, not per shard: 56 bars of a few KB each would only scroll.
      await downloadVerified(t, `${base.name} ${++done}/${base.files.length}`, true);
      if (!o.quiet && done % 8 === 0) o.log(`  ${done}/${base.files.length} files`);
    }
    await rm(final, { recursive: true, force: true });
    await rename(staging, final);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * The file to load for `base`: its ../shared copy, its verified cached copy, or a fresh verified
 * download. Throws a one-line error naming the URL and how to place the file by hand.
 */
export async function ensureBase(base: PublishedBase, o: StoreOptions): Promise<ResolvedBase> {
  if (o.sharedWeightsDir !== null && sharedFiles(o.sharedWeightsDir, base).every(existsSync)) {
    const location = join(o.sharedWeightsDir, base.sharedDir, base.entry);
    return { location, from: 'shared', published: base };
  }
  const location = entryIn(o.cacheDir, base);
  const state = await cachedState(base, o.cacheDir);
  if (state === 'ok') return { location, from: 'cache', published: base };
  if (state === 'bad')
    o.log(`cached base ${base.name} does not match its sha256: fetching it again`);
  try {
    await download(base, o);
  } catch (err) {
    if (!(err instanceof DownloadError)) throw err;
    const what = err.kind === 'checksum' ? 'refused base' : 'could not download base';
    throw new Error(`${what} ${base.name}: ${err.message}; ${byHand(base, o.cacheDir)}`, {
      cause: err,
    });
  }
  return { location, from: 'download', published: base };
}

/** Every base `--base auto` uses for `width`, fetched where needed (published ones first). */
export async function autoBases(width: number, o: StoreOptions): Promise<ResolvedBase[]> {
  const out: ResolvedBase[] = [];
  for (const base of PUBLISHED_BASES.filter((b) => b.width === width))
    out.push(await ensureBase(base, o));
  const shared = o.sharedWeightsDir;
  if (shared !== null) {
    for (const s of SHARED_ONLY.filter(
      (s) => s.width === width && existsSync(join(shared, s.path)),
    ))
      out.push({ location: join(shared, s.path), from: 'shared' });
  }
  return out;
}

/** The published `.tflite` base of a width (the integer export reuses its backbone). */
export const tfliteBaseOf = (width: number): PublishedBase | undefined =>
  PUBLISHED_BASES.find((b) => b.width === width && b.format === 'tflite');

/** meta.json's record of a published base: its name, page, licence and the entry file's sha256. */
export function publishedMeta(p: PublishedBase) {
  const sha256 = p.files.find((f) => f.path === p.entry)?.sha256 ?? '';
  return { name: p.name, url: publishedAt(p), licence: p.licence, sha256 };
}
