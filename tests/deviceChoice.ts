/**
 * Browser tests run as a returning device: one whose variant and engine were chosen on an earlier
 * launch (ARCHITECTURE.md, Per-device choice), so a first run's timing (workers started when the
 * app sits idle, and perhaps a switch of model) does not happen in the middle of a test about
 * something else. The choice stored is the built catalog's default on the integer engine: what the
 * app runs anyway, with its TF.js timings (which teach mode reads). tests/e2e/device-fit.spec.ts opens fresh devices instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogKey, FRAME_BUDGET_MS, type Choice } from '../src/fit/choose.ts';
import { FIT_STORAGE_KEY, serializeRemembered } from '../src/fit/remembered.ts';
import { parseCatalog } from '../src/models/catalog.ts';

/** The stored record for the built app in `dist/`; null before a build. */
export function rememberedChoice(dist = join(process.cwd(), 'dist')): [string, string] | null {
  const file = join(dist, 'models', 'catalog.json');
  if (!existsSync(file)) return null;
  const catalog = parseCatalog(JSON.parse(readFileSync(file, 'utf8')));
  const choice: Choice = { variant: catalog.default, backend: 'int8', ms: 1, overBudget: false };
  const record = serializeRemembered({
    catalogKey: catalogKey(catalog),
    budgetMs: FRAME_BUDGET_MS,
    // What a first run timed on this project's 2-core build machine (README, per-device choice):
    // WebGL there is SwiftShader, eight times slower than WASM, so teach mode's features run on
    // WASM, as they would on such a device.
    timings: [
      { variant: choice.variant, backend: choice.backend, ms: choice.ms },
      { variant: choice.variant, backend: 'wasm', ms: 22.7 },
      { variant: choice.variant, backend: 'webgl', ms: 177.7 },
    ],
    choice,
    at: new Date().toISOString(),
  });
  return [FIT_STORAGE_KEY, record];
}

/** Init script (runs in the page before its own scripts): stores the record unless one is there. */
export const STORE_CHOICE = ([key, value]: [string, string]): void => {
  try {
    if (localStorage.getItem(key) === null) localStorage.setItem(key, value);
  } catch {
    // An opaque origin (about:blank) has no storage: nothing to seed there.
  }
};
