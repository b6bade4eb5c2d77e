/**
 * Which model variants the browser holds for offline use, and saving the rest. The service
 * worker caches a variant's files when they are fetched (cache-first), so saving is fetching.
 */
import type { Catalog, CatalogEntry } from './catalog.ts';
import { modelUrl, tfliteUrl } from './fetchCatalog.ts';

/**
 * True when a variant's model.json, and its .tflite if it has one, are in a cache (the precache
 * keys carry a revision query).
 */
async function isCached(entry: CatalogEntry): Promise<boolean> {
  if (!('caches' in window)) return false;
  const urls = [modelUrl(entry), tfliteUrl(entry)].filter((u): u is string => u !== undefined);
  const hits = await Promise.all(urls.map((u) => caches.match(u, { ignoreSearch: true })));
  return hits.every((h) => h !== undefined);
}

export async function cachedVariantIds(catalog: Catalog): Promise<Set<string>> {
  const flags = await Promise.all(catalog.variants.map(isCached));
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
      const shard = await fetch(new URL(p, url));
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
