/** Reads `models/catalog.json` from the app's own origin and resolves model URLs against it. */
import { parseCatalog, type Catalog, type CatalogEntry } from './catalog.ts';
import { quoted } from '../util/token.ts';
import { REVISION_PARAM } from '../sw/names.ts';

/**
 * How long the catalog may take to arrive, headers and body together, in ms. It is a few kB
 * from our own origin (or the service worker's cache): a longer wait means a stalled network,
 * and the user should get the Retry button rather than a page that loads forever.
 */
export const CATALOG_TIMEOUT_MS = 15_000;

/**
 * Why the catalog could not be read: `network` (no answer, or no answer in time), `http` (an
 * HTTP error status), `damaged` (not JSON), `invalid` (JSON that is not a catalog).
 */
export type CatalogErrorKind = 'network' | 'http' | 'damaged' | 'invalid';

/** A catalog failure whose message is a sentence for the user, naming models/catalog.json. */
export class CatalogError extends Error {
  override name = 'CatalogError';
  constructor(
    readonly kind: CatalogErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** HTTP statuses that mean the file is not on the server (404 Not Found, 410 Gone). */
const NOT_THERE = [404, 410];

/** The sentence for an HTTP error status: a missing file needs a rebuild, anything else a retry. */
const httpMessage = (status: number): string =>
  NOT_THERE.includes(status)
    ? `The model list models/catalog.json is missing (HTTP ${status}): rebuild the app with its models/ folder, then press Retry.`
    : `The model list models/catalog.json could not be loaded (HTTP ${status}): press Retry in a moment.`;

/** The catalog's URL, under the app's base path. */
export const catalogUrl = (): string =>
  new URL(`${import.meta.env.BASE_URL}models/catalog.json`, location.href).href;

/**
 * Fetches and validates the catalog. Every failure is a `CatalogError` of one kind, with a
 * one-line message; nothing from the response is quoted except through the cleaning function.
 * `url`, `fetchImpl` and `timeoutMs` are there for tests.
 */
export async function fetchCatalog(
  url: string = catalogUrl(),
  fetchImpl: typeof fetch = fetch,
  timeoutMs: number = CATALOG_TIMEOUT_MS,
): Promise<Catalog> {
  const unreachable = (why: string): CatalogError =>
    new CatalogError(
      'network',
      `The model list (models/catalog.json) could not be fetched${why}: check the connection, then press Retry.`,
    );
  // One signal for headers and body alike: a server that sends headers and then stalls is
  // stopped too.
  const signal = AbortSignal.timeout(timeoutMs);
  let text: string;
  try {
    const res = await fetchImpl(url, { signal });
    if (!res.ok) throw new CatalogError('http', httpMessage(res.status));
    text = await res.text();
  } catch (err) {
    if (err instanceof CatalogError) throw err;
    throw unreachable(signal.aborted ? ` (no answer within ${timeoutMs / 1000} s)` : '');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CatalogError(
      'damaged',
      'The model list models/catalog.json is damaged (not valid JSON): rebuild or redeploy the app, then press Retry.',
    );
  }
  try {
    return parseCatalog(json, url);
  } catch (err) {
    throw new CatalogError(
      'invalid',
      `The model list is not valid (${(err as Error).message}): rebuild or redeploy the app, then press Retry.`,
    );
  }
}

/**
 * The absolute URL of one of an entry's files, carrying its content revision when the catalog
 * has one: the service worker caches model files by it, so new bytes are never served from an
 * old copy (src/sw/sw.ts).
 */
function fileUrl(entry: CatalogEntry, path: string): string {
  const url = new URL(path, catalogUrl());
  if (entry.revision) url.searchParams.set(REVISION_PARAM, entry.revision);
  return url.href;
}

/** The absolute URL of an entry's model.json. */
export const modelUrl = (entry: CatalogEntry): string => fileUrl(entry, entry.path);

/** The absolute URL of an entry's integer `.tflite`, when it has one. */
export const tfliteUrl = (entry: CatalogEntry): string | undefined =>
  entry.int8 ? fileUrl(entry, entry.int8.path) : undefined;


/** The notice for a requested variant that this build's catalog does not hold. */
export const notInCatalogNotice = (requested: string, running: string): string =>
  `Model variant ${quoted(requested) || '(unreadable)'} is not in this build's catalog; running ${running}.`;

/**
 * The entry to run: `requested` (a `?variant=` id) when the catalog lists it, else the default
 * with a notice saying so. Never throws on the request; throws only on a catalog without
 * variants, which `parseCatalog` never returns.
 */
export function pickVariant(
  catalog: Catalog,
  requested: string | null,
): { entry: CatalogEntry; notice: string | null } {
  const fallback =
    catalog.variants.find((v) => v.id === catalog.default) ?? catalog.variants[0];
  if (!fallback) throw new Error('The model list models/catalog.json lists no model variant.');
  if (requested === null) return { entry: fallback, notice: null };
  const found = catalog.variants.find((v) => v.id === requested);
  return found
    ? { entry: found, notice: null }
    : { entry: fallback, notice: notInCatalogNotice(requested, fallback.id) };
}
