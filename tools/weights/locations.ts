/**
 * Where a published base lives: its pinned download URLs (or a mirror's), its place in the
 * user's cache, and its copy in ../shared/weights. Pure functions of the manifest and settings.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { PublishedBase, WeightFile } from './manifest.ts';

/** Moves the cache folder, like `--weights_cache DIR`. */
export const CACHE_ENV = 'ROADGATE_WEIGHTS_CACHE';
/** One server to download every base from, holding the files under their published names. */
export const MIRROR_ENV = 'ROADGATE_WEIGHTS_MIRROR';

/** GitHub serves a repository's files at a commit here. */
const RAW_GITHUB = 'https://raw.githubusercontent.com';

type Env = Record<string, string | undefined>;

/**
 * The cache folder: `flag`, else `$ROADGATE_WEIGHTS_CACHE`, else the XDG cache
 * (`$XDG_CACHE_HOME`, default `~/.cache`) + `/roadgate/weights`.
 */
export function cacheDir(flag: string | undefined, env: Env = process.env, home = homedir()) {
  // An empty variable counts as unset, as the XDG spec says for XDG_CACHE_HOME.
  const set = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  return (
    set(flag) ??
    set(env[CACHE_ENV]) ??
    join(set(env.XDG_CACHE_HOME) ?? join(home, '.cache'), 'roadgate', 'weights')
  );
}

/** The mirror's base URL without a trailing slash, or null when none is set. */
export function mirrorUrl(env: Env = process.env): string | null {
  const m = env[MIRROR_ENV];
  return m === undefined || m === '' ? null : m.replace(/\/+$/, '');
}

/**
 * A file's path in the cache and on a mirror: `.tflite` files at the root, a TF.js model's files
 * in a folder named after it.
 */
export const layoutPath = (base: PublishedBase, file: WeightFile): string =>
  base.format === 'tflite' ? file.path : `${base.name}/${file.path}`;

/** Where a file is downloaded from: the mirror when one is set, else its pinned published URL. */
export function downloadUrl(base: PublishedBase, file: WeightFile, mirror: string | null): string {
  if (mirror !== null) return `${mirror}/${layoutPath(base, file)}`;
  return `${RAW_GITHUB}/${base.repo}/${base.commit}/${base.dir}${file.path}`;
}

/** The published page of a base (the file, or the model's folder), for messages and meta.json. */
export const publishedAt = (base: PublishedBase): string =>
  base.format === 'tflite'
    ? `https://github.com/${base.repo}/blob/${base.commit}/${base.dir}${base.entry}`
    : `https://github.com/${base.repo}/tree/${base.commit}/${base.dir}`;

/** The file a loader opens, in a folder laid out like the cache. */
export const entryIn = (root: string, base: PublishedBase): string =>
  base.format === 'tflite' ? join(root, base.entry) : join(root, base.name, base.entry);

/** The base's files in ../shared/weights (`weightsDir`), in manifest order. */
export const sharedFiles = (weightsDir: string, base: PublishedBase): string[] =>
  base.files.map((f) => join(weightsDir, base.sharedDir, f.path));
