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

/** Which of a variant's files this device holds: the `.tflite` (int8), the TF.js model. */
export interface SavedFiles {
  int8: boolean;
  tfjs: boolean;
}

/**
 * Which of a variant's files are saved, at the catalog's revision: its .tflite (the integer
 * engine), and model.json with every weight shard it names (TF.js). Found in the model cache
 * under their exact URLs, or in this build's precache (whose keys carry Workbox's own revision
 * query; it holds this build's files, so any match is current). Neither when Cache Storage cannot
 * be read.
 */
export async function savedFiles(entry: CatalogEntry): Promise<SavedFiles> {
  try {
    const [models, precache] = await Promise.all([
      caches.open(MODEL_CACHE),
      caches.open(appPrecache()),
    ]);
    const find = async (url: string): Promise<Response | undefined> =>
      (await models.match(url)) ?? (await precache.match(url, { ignoreSearch: true }));
    const tflite = tfliteUrl(entry);
    const int8 = tflite !== undefined && (await find(tflite)) !== undefined;
    const json = modelUrl(entry);
    const manifest = await find(json);
    if (!manifest) return { int8, tfjs: false };
    const { weightsManifest } = (await manifest.json()) as {
      weightsManifest?: { paths: string[] }[];
    };
    const shards = (weightsManifest ?? []).flatMap((g) => g.paths.map((p) => siblingUrl(p, json)));
    const tfjs = (await Promise.all(shards.map(find))).every((h) => h !== undefined);
    return { int8, tfjs };
  } catch {
    // No Cache Storage (an insecure page), storage blocked, a damaged entry: not saved.
    return { int8: false, tfjs: false };
  }
}

/** True when a variant can run from what is saved: on one engine or the other. */
export async function isSaved(entry: CatalogEntry): Promise<boolean> {
  const files = await savedFiles(entry);
  return files.int8 || files.tfjs;
}

/** The catalog's variants with a file saved, and which. */
export async function savedVariants(catalog: Catalog): Promise<Map<string, SavedFiles>> {
  const files = await Promise.all(catalog.variants.map(savedFiles));
  return new Map(
    catalog.variants.flatMap((v, i) => {
      const f = files[i];
      return f && (f.int8 || f.tfjs) ? [[v.id, f] as const] : [];
    }),
  );
}

export async function cachedVariantIds(catalog: Catalog): Promise<Set<string>> {
  return new Set((await savedVariants(catalog)).keys());
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
