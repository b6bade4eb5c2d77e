/** `models/catalog.json`: the one reader, and the writer that keeps it in step with meta.json. */
import { existsSync, readFileSync } from 'node:fs';
import { readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  parseCatalog,
  sortEntries,
  type Catalog,
  type CatalogEntry,
} from '../../src/models/catalog.ts';
import { MODELS_DIR } from '../common/paths.ts';
import { readMeta, type ModelMeta } from './meta.ts';

/** The catalog of `modelsDir` (the shipped `models/` by default), validated. */
export function readCatalog(modelsDir = MODELS_DIR): Catalog {
  return parseCatalog(JSON.parse(readFileSync(join(modelsDir, 'catalog.json'), 'utf8')));
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
    validationAccuracy: meta.validationAccuracy,
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
  const current = existsSync(file) ? readCatalog(modelsDir) : null;
  const metas: ModelMeta[] = [];
  for (const d of await readdir(modelsDir, { withFileTypes: true })) {
    const dir = join(modelsDir, d.name);
    if (d.isDirectory() && existsSync(join(dir, 'meta.json'))) metas.push(readMeta(dir));
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
