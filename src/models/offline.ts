/**
 * Which model variants the browser holds for offline use, and saving the rest. The service
 * worker caches a variant's files when they are fetched (cache-first), so saving is fetching.
 */
import type { Catalog, CatalogEntry } from './catalog.ts';
import { MODEL_CACHE, precacheName } from '../sw/names.ts';
import { modelUrl, tfliteUrl } from './fetchCatalog.ts';
import { siblingUrl } from './urls.ts';

/** This build's precache (Workbox's name for the app's scope). */
const appPrecache = (): string =>
  precacheName(new URL(import.meta.env.BASE_URL, location.href).href);

/**
 * True when a variant can run from what is saved, at the catalog's revision: its .tflite (the
 * integer engine), or model.json with every weight shard it names (TF.js). Found in the model
 * cache under their exact URLs, or in this build's precache (whose keys carry Workbox's own
 * revision query; it holds this build's files, so any match is current). False when Cache
 * Storage cannot be read.
 */
export async function isSaved(entry: CatalogEntry): Promise<boolean> {
  try {
    const [models, precache] = await Promise.all([
      caches.open(MODEL_CACHE),
      caches.open(appPrecache()),
    ]);
    const find = async (url: string): Promise<Response | undefined> =>
      (await models.match(url)) ?? (await precache.match(url, { ignoreSearch: true }));
    const tflite = tfliteUrl(entry);
    if (tflite && (await find(tflite))) return true;
    const json = modelUrl(entry);
    const manifest = await find(json);
    if (!manifest) return false;
    const { weightsManifest } = (await manifest.json()) as {
      weightsManifest?: { paths: string[] }[];
    };
    const shards = (weightsManifest ?? []).flatMap((g) => g.paths.map((p) => siblingUrl(p, json)));
    return (await Promise.all(shards.map(find))).every((h) => h !== undefined);
  } catch {
    // No Cache Storage (an insecure page), storage blocked, a damaged entry: not saved.
    return false;
  }
}

export async function cachedVariantIds(catalog: Catalog): Promise<Set<string>> {
  const flags = await Promise.all(catalog.variants.map(isSaved));
  return new Set(catalog.variants.filter((_, i) => flags[i]).map((v) => v.id));
}

/**
 * Fetches every file of `entries` (model.json, its shards, model.tflite) so the service worker
 * keeps them.
 */
export async function saveForOffline(entries: CatalogEntry[], onProgress: (done: number) => void): Promise<void> {
  let done = 0;
  for (const entry of entries) {
    const url = modelUrl(entry);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${entry.path}: HTTP ${res.status}`);
    const json = (await res.json()) as { weightsManifest: { paths: string[] }[] };
    for (const p of json.weightsManifest.flatMap((g) => g.paths)) {
      const shard = await fetch(siblingUrl(p, url));
      if (!shard.ok) throw new Error(`${p}: HTTP ${shard.status}`);
      await shard.arrayBuffer();
    }
    const tflite = tfliteUrl(entry);
    if (tflite) {
      const res = await fetch(tflite);
      if (!res.ok) throw new Error(`${entry.int8?.path}: HTTP ${res.status}`);
      await res.arrayBuffer();
    }
    onProgress(++done);
  }
}
