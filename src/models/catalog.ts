/**
 * `models/catalog.json` and `models/<id>/meta.json`: the shapes every reader relies on, and one
 * validating reader. See DESIGN.md ("Models").
 */
import { VARIANTS, parseVariant } from './variants.ts';

export interface CatalogEntry {
  id: string;
  width: number;
  inputSize: number;
  quantization: 'uint8' | 'float16' | 'none';
  /** model.json, relative to the catalog. */
  path: string;
  /** Bytes of the weight shards plus model.json. */
  bytes: number;
  /** Accuracy (0..1) of the exported model on the test split. */
  testAccuracy: number;
  /** The same model as an integer `.tflite` (MediaPipe's engine), when it was exported. */
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

/** Validates parsed JSON as a catalog; throws a one-line error saying what is wrong. */
export function parseCatalog(json: unknown): Catalog {
  const c = json as Partial<Catalog> | null;
  if (!c || typeof c !== 'object' || !Array.isArray(c.variants)) {
    throw new Error('models/catalog.json: expected {"default", "variants": [...]}');
  }
  for (const v of c.variants) {
    const known = parseVariant(String(v?.id));
    if (typeof v.path !== 'string' || typeof v.bytes !== 'number') {
      throw new Error(`models/catalog.json: variant ${known.id} lacks "path" or "bytes"`);
    }
    if (v.int8 !== undefined && (typeof v.int8.path !== 'string' || typeof v.int8.bytes !== 'number')) {
      throw new Error(`models/catalog.json: variant ${known.id}: "int8" lacks "path" or "bytes"`);
    }
  }
  if (!c.variants.some((v) => v.id === c.default)) {
    throw new Error(`models/catalog.json: default "${String(c.default)}" is not among its variants`);
  }
  return c as Catalog;
}

/** Orders entries as the variant table does (width, then input size). */
export function sortEntries(entries: CatalogEntry[]): CatalogEntry[] {
  const order = (id: string): number => VARIANTS.findIndex((v) => v.id === id);
  return [...entries].sort((a, b) => order(a.id) - order(b.id));
}
