/** Catalogs for the catalog tests: two valid entries, and a way to break the first. */
import type { CatalogEntry } from '../../../../src/models/catalog.ts';

export const entry = (id: string, inputSize: number, width: number): CatalogEntry => ({
  id,
  width,
  inputSize,
  quantization: 'uint8',
  path: `${id}/model.json`,
  bytes: 1000,
  testAccuracy: 0.9,
});

export const A = 'mobilenet_v1_0.25_128';
export const B = 'mobilenet_v1_0.5_160';
export const good = { default: A, variants: [entry(A, 128, 0.25), entry(B, 160, 0.5)] };
/** `good` with its first entry changed. */
export const withFirst = (patch: Record<string, unknown>) => ({
  ...good,
  variants: [{ ...entry(A, 128, 0.25), ...patch }, good.variants[1]],
});

/** A catalog's URL on a host that serves the app under a sub-path. */
export const APP = 'https://app.example/roadgate/models/catalog.json';
