/** Reads `models/catalog.json` from the app's own origin and resolves model URLs against it. */
import { parseCatalog, type Catalog, type CatalogEntry } from './catalog.ts';

/** The catalog's URL, under the app's base path. */
export const catalogUrl = (): string => new URL(`${import.meta.env.BASE_URL}models/catalog.json`, location.href).href;

export async function fetchCatalog(): Promise<Catalog> {
  const url = catalogUrl();
  let res: Response;
  try {
    res = await fetch(url);
  } catch {
    throw new Error(`The model list (models/catalog.json) could not be fetched: check the connection, then press Retry.`);
  }
  if (!res.ok) {
    throw new Error(`The model list models/catalog.json is missing (HTTP ${res.status}): rebuild the app with its models/ folder.`);
  }
  return parseCatalog(await res.json());
}

/** The absolute URL of an entry's model.json. */
export const modelUrl = (entry: CatalogEntry): string => new URL(entry.path, catalogUrl()).href;

/** The absolute URL of an entry's integer `.tflite`, when it has one. */
export const tfliteUrl = (entry: CatalogEntry): string | undefined =>
  entry.int8 ? new URL(entry.int8.path, catalogUrl()).href : undefined;

/** The entry to run: `?variant=` when it is in the catalog, else the default. */
export function pickVariant(catalog: Catalog, requested: string | null): CatalogEntry {
  const found = catalog.variants.find((v) => v.id === (requested ?? catalog.default));
  if (found) return found;
  const ids = catalog.variants.map((v) => v.id).join(', ');
  throw new Error(`Unknown model variant "${requested}". Available: ${ids}.`);
}
