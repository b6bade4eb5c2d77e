/** What a benchmark run measures: the (variant, backend, isolation) rows, checked against the catalog. */
import type { Catalog, CatalogEntry } from '../../src/models/catalog.ts';
import type { Backend } from '../../src/inference/protocol.ts';
import { UsageError } from '../common/args.ts';
import { flopsPerInference } from './summary.ts';

export const BACKEND_NAMES: readonly Backend[] = ['int8', 'wasm', 'webgl', 'cpu'];

/** One row to measure: a variant on a backend, on a cross-origin isolated page or not. */
export interface Job {
  entry: CatalogEntry;
  backend: Backend;
  isolated: boolean;
}

/** Throws `UsageError` for a variant not in the catalog or an unknown backend. */
export function checkSelection(catalog: Catalog, variants: string[], backends: string[]): void {
  const unknown = variants.filter((id) => !catalog.variants.some((v) => v.id === id));
  if (unknown.length) throw new UsageError(`not in models/catalog.json: ${unknown.join(', ')}`);
  const bad = backends.filter((b) => !(BACKEND_NAMES as readonly string[]).includes(b));
  if (bad.length)
    throw new UsageError(`unknown backend ${bad.join(', ')}: use ${BACKEND_NAMES.join(', ')}`);
}

/**
 * The rows for `variants` × `backends`: cpu for the cheapest variant only, int8 where a variant
 * has a model.tflite (else a failure line), wasm also without isolation when `isolation`.
 */
export function planJobs(
  catalog: Catalog,
  variants: string[],
  backends: Backend[],
  isolation: boolean,
): { jobs: Job[]; failures: string[] } {
  const entries = catalog.variants.filter((v) => variants.includes(v.id));
  const smallest = [...entries].sort(
    (a, b) => flopsPerInference(a.width, a.inputSize) - flopsPerInference(b.width, b.inputSize),
  )[0];
  const failures: string[] = [];
  const jobs: Job[] = entries.flatMap((entry) =>
    backends.flatMap((backend) => {
      if (backend === 'cpu' && entry !== smallest) return [];
      if (backend === 'int8' && !entry.int8) {
        failures.push(`${entry.id} on int8: it has no model.tflite (npm run export:int8)`);
        return [];
      }
      const js: Job[] = [{ entry, backend, isolated: true }];
      if (backend === 'wasm' && isolation) js.push({ entry, backend, isolated: false });
      return js;
    }),
  );
  return { jobs, failures };
}
