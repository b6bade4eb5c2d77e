/** Writes `models/<id>/meta.json` and keeps `models/catalog.json` in step with it. */
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import {
  parseCatalog,
  sortEntries,
  type Catalog,
  type CatalogEntry,
} from '../../src/models/catalog.ts';
import type { Variant } from '../../src/models/variants.ts';
import { LABELS } from './dataset.ts';
import type { Quantization } from './model-io.ts';
import { PIXEL_OFFSET, PIXEL_SCALE } from '../../src/inference/preprocess.ts';
import { REPO_ROOT } from './paths.ts';
import type { Int8Meta } from './int8-export.ts';
import { dataTerms } from './shipped.ts';

export interface ModelMeta {
  id: string;
  labels: string[];
  width: number;
  inputSize: number;
  normalization: { crop: 'center-square'; scale: number; offset: number; formula: string };
  quantization: Quantization;
  bytes: number;
  weightBytes: number;
  testAccuracy: number;
  floatTestAccuracy: number;
  validationAccuracy: number;
  base: {
    source: string;
    format: string;
    digest: string;
    /** Where the base was published, when it came from tools/weights/manifest.ts. */
    published?: { name: string; url: string; licence: string; sha256: string };
  };
  basesCompared: { source: string; validationAccuracy: number; imagenetCheck: unknown }[];
  trainingData: {
    imageDir: string;
    counts: Record<string, number>;
    sources: string;
    terms: string;
  };
  training: Record<string, unknown>;
  trainingSeconds: number;
  createdAt: string;
  /** The integer `.tflite` beside the TF.js model (`npm run export:int8`), when written. */
  int8?: Int8Meta;
}

/**
 * Paths inside or beside the repository (../shared) are written relative to it, so meta.json is
 * portable; others (a user's cache, photos elsewhere) stay absolute.
 */
function portable(p: string): string {
  if (/^https?:/.test(p) || p === 'random') return p;
  const r = relative(REPO_ROOT, p);
  return isAbsolute(r) || r.startsWith(`..${sep}..`) ? p : r || '.';
}

export async function writeMeta(
  dir: string,
  m: {
    variant: Variant;
    quantization: Quantization;
    weightBytes: number;
    testAccuracy: number;
    floatTestAccuracy: number;
    validationAccuracy: number;
    base: ModelMeta['base'];
    basesCompared: ModelMeta['basesCompared'];
    imageDir: string;
    counts: Record<string, number>;
    options: object;
    trainingSeconds: number;
  },
): Promise<ModelMeta> {
  const jsonBytes = (await stat(join(dir, 'model.json'))).size;
  const training = Object.fromEntries(
    Object.entries(m.options).filter(
      ([k, v]) => typeof v !== 'function' && !['quiet', 'weights', 'replaceShipped'].includes(k),
    ),
  );
  const meta: ModelMeta = {
    id: m.variant.id,
    labels: [...LABELS],
    width: m.variant.width,
    inputSize: m.variant.inputSize,
    normalization: {
      crop: 'center-square',
      scale: PIXEL_SCALE,
      offset: PIXEL_OFFSET,
      formula: 'x / 127.5 - 1',
    },
    quantization: m.quantization,
    bytes: m.weightBytes + jsonBytes,
    weightBytes: m.weightBytes,
    testAccuracy: m.testAccuracy,
    floatTestAccuracy: m.floatTestAccuracy,
    validationAccuracy: m.validationAccuracy,
    base: { ...m.base, source: portable(m.base.source) },
    basesCompared: m.basesCompared.map((b) => ({ ...b, source: portable(b.source) })),
    trainingData: {
      imageDir: portable(m.imageDir),
      counts: m.counts,
      ...dataTerms(m.imageDir),
    },
    training: {
      ...training,
      imageDir: portable(m.imageDir),
      bottleneckDir: undefined,
      outputDir: undefined,
    },
    trainingSeconds: Math.round(m.trainingSeconds),
    createdAt: new Date().toISOString(),
  };
  await writeFile(join(dir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  return meta;
}

/** The catalog entry that a model folder's meta.json describes. */
export function catalogEntry(meta: ModelMeta): CatalogEntry {
  return {
    id: meta.id,
    width: meta.width,
    inputSize: meta.inputSize,
    quantization: meta.quantization,
    path: `${meta.id}/model.json`,
    bytes: meta.bytes,
    testAccuracy: meta.testAccuracy,
    ...(meta.int8 && {
      int8: {
        path: `${meta.id}/${meta.int8.file}`,
        bytes: meta.int8.bytes,
        testAccuracy: meta.int8.testAccuracy,
      },
    }),
  };
}

/**
 * Rewrites `catalog.json` from every `<id>/meta.json` in `modelsDir`, so it always lists exactly
 * the models present (two trainings running side by side cannot drop each other's entry). The
 * default stays unless `makeDefault` names a new one; the first model becomes the default.
 */
export async function updateCatalog(
  modelsDir: string,
  makeDefault: string | null,
): Promise<Catalog> {
  const file = join(modelsDir, 'catalog.json');
  const current: Catalog | null = existsSync(file)
    ? parseCatalog(JSON.parse(await readFile(file, 'utf8')))
    : null;
  const metas: ModelMeta[] = [];
  for (const d of await readdir(modelsDir, { withFileTypes: true })) {
    const metaFile = join(modelsDir, d.name, 'meta.json');
    if (d.isDirectory() && existsSync(metaFile)) {
      metas.push(JSON.parse(await readFile(metaFile, 'utf8')) as ModelMeta);
    }
  }
  const variants = sortEntries(metas.map(catalogEntry));
  const keep = current && variants.some((v) => v.id === current.default) ? current.default : null;
  const def = makeDefault ?? keep ?? variants[0]?.id;
  if (def === undefined) throw new Error(`${modelsDir} holds no model`);
  const catalog: Catalog = { default: def, variants };
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(catalog, null, 2)}\n`);
  await rename(tmp, file);
  return catalog;
}
