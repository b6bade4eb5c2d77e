/**
 * `models/catalog.json` and `models/<id>/meta.json`: the shapes every reader relies on, and one
 * validating reader (ARCHITECTURE.md, Models and catalog). The catalog arrives over the network
 * (or from a cache), so nothing in it is trusted: sizes come from the variant table, paths must
 * stay in the variant's own folder on the catalog's origin, and bad values are quoted only
 * cleaned.
 */
import { VARIANTS, findVariant } from './variants.ts';
import { isObject } from '../util/json.ts';
import { quoted } from '../util/token.ts';

export interface CatalogEntry {
  id: string;
  width: number;
  inputSize: number;
  quantization: Quantization;
  /** model.json, relative to the catalog. */
  path: string;
  /** Bytes of the weight shards plus model.json. */
  bytes: number;
  /** Accuracy (0..1) of the exported model on the test split. */
  testAccuracy: number;
  /**
   * Accuracy (0..1) on the validation split, which the training chose by: what the per-device
   * choice ranks by (the test split stays for reporting). Absent in catalogs older than it.
   */
  validationAccuracy?: number;
  /**
   * Content revision of the variant's files (hex), written into the built app's catalog by the
   * build (tools/build/modelRevisions.ts); absent in models/ itself and on the dev server.
   */
  revision?: string;
  /** The same model as an integer `.tflite` (the integer engine, LiteRT.js), when it was exported. */
  int8?: {
    /** model.tflite, relative to the catalog. */
    path: string;
    bytes: number;
    /** Accuracy (0..1) on the test split, measured on that engine in Chromium. */
    testAccuracy: number;
  };
}

export interface Catalog {
  default: string;
  variants: CatalogEntry[];
}

export const QUANTIZATIONS = ['uint8', 'float16', 'none'] as const;
export type Quantization = (typeof QUANTIZATIONS)[number];

/**
 * Largest believable model file set, in bytes. The biggest variant, 1.0 in float32, is about
 * 17 MB; anything near this limit is a damaged or tampered catalog.
 */
export const MAX_MODEL_BYTES = 64 * 1024 * 1024;

/** Longest believable path in the catalog, in characters (ours are under 40). */
export const MAX_PATH_CHARS = 200;

/**
 * The catalog's URL when the caller has none (the Node tools read it from disk): a reserved
 * name (RFC 2606 `.invalid`), so the path rules are checked the same way as in the app.
 */
export const OFFLINE_CATALOG_URL = 'https://roadgate.invalid/models/catalog.json';

/** Characters a catalog path may use: no `%` escapes, no `\`, no `?`, `#` or `:`. */
const SAFE_PATH = /^[A-Za-z0-9._/-]+$/;

const FILE = 'models/catalog.json';

/** A content revision: hex digits only, so it goes into a URL's query as it is. */
const REVISION = /^[0-9a-f]{8,64}$/;

/** One-line error naming the catalog and, when known, the variant. */
const fail = (what: string, id?: string): Error =>
  new Error(id === undefined ? `${FILE}: ${what}` : `${FILE}: variant ${id}: ${what}`);


/** A short, cleaned rendering of any JSON value for an error message. */
const show = (v: unknown): string => {
  const token = quoted(typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)));
  return token === '' ? '(unreadable)' : token;
};

/**
 * True when `path` resolved against `catalogUrl` names a file inside `<catalog folder>/<id>/`
 * on the catalog's origin. Resolving with `URL` settles `..`, `%2e%2e`, `//host` and absolute
 * URLs the way the browser will when it fetches.
 */
export function isInsideVariantFolder(path: string, id: string, catalogUrl: string): boolean {
  if (path.length > MAX_PATH_CHARS || !SAFE_PATH.test(path)) return false;
  const base = new URL(catalogUrl);
  let resolved: URL;
  try {
    resolved = new URL(path, base);
  } catch {
    return false;
  }
  const folder = new URL(`${id}/`, base).pathname;
  return (
    resolved.origin === base.origin &&
    resolved.search === '' &&
    resolved.hash === '' &&
    resolved.pathname.startsWith(folder) &&
    resolved.pathname.length > folder.length
  );
}

/** A byte count: a positive whole number no larger than `MAX_MODEL_BYTES`. */
const isByteCount = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= MAX_MODEL_BYTES;

/** An accuracy: a finite number in 0..1. */
const isAccuracy = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1;

/** The file fields of an entry, or of its `int8` part. */
const FILE_FIELDS = ['path', 'bytes', 'testAccuracy'] as const;

/** Every field an entry must have besides `id` (`int8` is optional). */
const ENTRY_FIELDS = ['width', 'inputSize', 'quantization', ...FILE_FIELDS] as const;

/** Checks `path`, `bytes` and `testAccuracy` of an entry (`part` '') or of its `int8` part. */
function checkFiles(
  v: Record<string, unknown>,
  id: string,
  catalogUrl: string,
  part: '' | 'int8',
): { path: string; bytes: number; testAccuracy: number } {
  const owner = part === '' ? '' : `"${part}" `;
  const field = part === '' ? '' : `${part}.`;
  const lacking = FILE_FIELDS.filter((k) => v[k] === undefined);
  if (lacking.length > 0) {
    throw fail(`${owner}lacks ${lacking.map((k) => `"${k}"`).join(', ')}`, id);
  }
  const { path, bytes, testAccuracy } = v;
  if (typeof path !== 'string' || !isInsideVariantFolder(path, id, catalogUrl)) {
    throw fail(`${field}path ${show(path)} is not a file under models/${id}/ on the app's origin`, id);
  }
  if (!isByteCount(bytes)) {
    throw fail(`${field}bytes ${show(bytes)} is not a whole number from 1 to ${MAX_MODEL_BYTES}`, id);
  }
  if (!isAccuracy(testAccuracy)) {
    throw fail(`${field}testAccuracy ${show(testAccuracy)} is not a number from 0 to 1`, id);
  }
  return { path, bytes, testAccuracy };
}

/**
 * One entry, rebuilt from its checked fields (unknown fields are dropped). Width and input size
 * must be the ones its id names: the worker allocates by them, so a wrong one is rejected, not
 * repaired.
 */
function parseEntry(v: unknown, catalogUrl: string): CatalogEntry {
  if (!isObject(v)) throw fail(`expected each variant to be an object, found ${show(v)}`);
  const known = typeof v.id === 'string' ? findVariant(v.id) : undefined;
  if (!known || known.id !== v.id) {
    throw fail(`unknown MobileNet variant ${show(v.id)} (ids are mobilenet_v1_<width>_<size>)`);
  }
  const id = known.id;
  const lacking = ENTRY_FIELDS.filter((k) => v[k] === undefined);
  if (lacking.length > 0) throw fail(`lacks ${lacking.map((k) => `"${k}"`).join(', ')}`, id);
  if (v.width !== known.width) throw fail(`width ${show(v.width)} is not the id's ${known.width}`, id);
  if (v.inputSize !== known.inputSize) {
    throw fail(`inputSize ${show(v.inputSize)} is not the id's ${known.inputSize}`, id);
  }
  const quantization = QUANTIZATIONS.find((q) => q === v.quantization);
  if (quantization === undefined) {
    throw fail(`quantization ${show(v.quantization)} is not one of ${QUANTIZATIONS.join(', ')}`, id);
  }
  const entry: CatalogEntry = {
    id,
    width: known.width,
    inputSize: known.inputSize,
    quantization,
    ...checkFiles(v, id, catalogUrl, ''),
  };
  if (v.revision !== undefined) {
    if (typeof v.revision !== 'string' || !REVISION.test(v.revision)) {
      throw fail(`revision ${show(v.revision)} is not 8 to 64 hex digits`, id);
    }
    entry.revision = v.revision;
  }
  if (v.validationAccuracy !== undefined) {
    if (!isAccuracy(v.validationAccuracy)) {
      throw fail(`validationAccuracy ${show(v.validationAccuracy)} is not a number from 0 to 1`, id);
    }
    entry.validationAccuracy = v.validationAccuracy;
  }
  if (v.int8 === undefined) return entry;
  if (!isObject(v.int8)) throw fail(`"int8" is not an object`, id);
  return { ...entry, int8: checkFiles(v.int8, id, catalogUrl, 'int8') };
}

/**
 * Validates parsed JSON as a catalog and returns a fresh copy of it; throws a one-line error
 * naming the file and the variant, quoting bad values only cleaned. `catalogUrl` is where the
 * file came from: every model path must resolve inside `models/<id>/` on its origin. Pure.
 */
export function parseCatalog(json: unknown, catalogUrl: string = OFFLINE_CATALOG_URL): Catalog {
  if (!isObject(json) || !Array.isArray(json.variants)) {
    throw fail('expected {"default", "variants": [...]}');
  }
  const variants: CatalogEntry[] = [];
  for (const raw of json.variants as unknown[]) {
    const entry = parseEntry(raw, catalogUrl);
    if (variants.some((v) => v.id === entry.id)) throw fail('listed twice', entry.id);
    variants.push(entry);
  }
  const def = json.default;
  if (def === undefined) throw fail('lacks "default"');
  if (typeof def !== 'string' || !variants.some((v) => v.id === def)) {
    throw fail(`default ${show(def)} is not among its variants`);
  }
  return { default: def, variants };
}

/** Orders entries as the variant table does (width, then input size). */
export function sortEntries(entries: CatalogEntry[]): CatalogEntry[] {
  const order = (id: string): number => VARIANTS.findIndex((v) => v.id === id);
  return [...entries].sort((a, b) => order(a.id) - order(b.id));
}
