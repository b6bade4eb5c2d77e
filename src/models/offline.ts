/**
 * Which model variants the browser holds for offline use, and saving the rest. The service
 * worker caches a variant's files when they are fetched (cache-first), so saving is fetching.
 */
import type { Catalog, CatalogEntry } from './catalog.ts';
import { modelUrl } from './fetchCatalog.ts';

/** True when a variant's model.json is in any cache (the precache keys carry a revision query). */
async function isCached(entry: CatalogEntry): Promise<boolean> {
  if (!('caches' in window)) return false;
  return (await caches.match(modelUrl(entry), { ignoreSearch: true })) !== undefined;
}

export async function cachedVariantIds(catalog: Catalog): Promise<Set<string>> {
  const flags = await Promise.all(catalog.variants.map(isCached));
  return new Set(catalog.variants.filter((_, i) => flags[i]).map((v) => v.id));
}

/** Fetches every file of `entries` (model.json, then its shards) so the service worker keeps them. */
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
    onProgress(++done);
  }
}
