/**
 * The per-device choice of variant and engine (ARCHITECTURE.md, Per-device choice), as pure
 * functions: what to time, which timing wins, and which unsaved variants are worth offering.
 * No timers, no storage, no workers here.
 */
import type { Backend } from '../inference/protocol.ts';
import type { Catalog, CatalogEntry } from '../models/catalog.ts';
import type { SavedFiles } from '../models/offline.ts';
import { SLOW_INTERVAL_MS } from '../gate/sampling.ts';

/**
 * Share of the steady-road sampling interval one frame's latency may take. On a road the gate
 * classifies one frame every `SLOW_INTERVAL_MS` (250 ms), so the engine is busy at most 15% of
 * the drive (on as many threads as its build uses): a load a phone carries without warming up.
 * Bursts of not-road evidence classify every frame, briefly.
 */
export const FRAME_BUDGET_SHARE = 0.15;
/** The frame budget, ms: 37.5 ms at the 250 ms steady-road interval. */
export const FRAME_BUDGET_MS = FRAME_BUDGET_SHARE * SLOW_INTERVAL_MS;

/**
 * Accuracies closer than this are a tie, and the faster variant wins. The shipped models'
 * validation split holds 343 photos: one photo is 0.29 points, and near 98% accuracy the standard
 * error is √(0.98 × 0.02 / 343) = 0.76 points, so a smaller gap is not a difference worth its cost.
 */
export const ACCURACY_TIE = 0.01;

/**
 * Engines worth timing: the integer engine, TF.js on the GPU (WebGPU where the browser has it, and
 * WebGL), and on WASM. TF.js on the CPU is only ever the last resort, never a choice.
 */
export const TIMED_BACKENDS = [
  'int8',
  'webgpu',
  'webgl',
  'wasm',
] as const satisfies readonly Backend[];
export type TimedBackend = (typeof TIMED_BACKENDS)[number];

/**
 * One variant on one engine: its median ms per frame, or why it could not run here (`passing`:
 * for a reason that says nothing lasting about the device, such as a file that did not arrive).
 */
export type Timing =
  | { variant: string; backend: TimedBackend; ms: number }
  | { variant: string; backend: TimedBackend; error: string; passing?: true };

export interface Choice {
  variant: string;
  backend: TimedBackend;
  ms: number;
  /** Nothing fitted the budget: the fastest pair was taken instead. */
  overBudget: boolean;
}

/** The accuracy the choice ranks by: validation, else test (an older catalog). */
export const rankAccuracy = (entry: CatalogEntry): number =>
  entry.validationAccuracy ?? entry.testAccuracy;

/**
 * The (variant, engine) pairs to time: each variant on each engine whose file is saved (the
 * `.tflite` for int8, the TF.js model for the others), so timing downloads nothing; WebGPU only
 * where the browser has it (`webgpu`, from the worker's feature probe).
 */
export function candidates(
  catalog: Catalog,
  saved: ReadonlyMap<string, SavedFiles>,
  webgpu = false,
): { variant: string; backend: TimedBackend }[] {
  const engines = TIMED_BACKENDS.filter((b) => b !== 'webgpu' || webgpu);
  return catalog.variants.flatMap((v) => {
    const files = saved.get(v.id);
    if (!files) return [];
    return engines
      .filter((b) => (b === 'int8' ? files.int8 && !!v.int8 : files.tfjs))
      .map((backend) => ({ variant: v.id, backend }));
  });
}

/**
 * Of the pairs whose median fits `budgetMs`, the fastest among those within `ACCURACY_TIE` of the
 * most accurate. When nothing fits, the fastest pair, marked `overBudget`. Null when nothing ran
 * at all (or no timing names a catalog variant).
 */
export function choose(
  catalog: Catalog,
  timings: readonly Timing[],
  budgetMs: number = FRAME_BUDGET_MS,
): Choice | null {
  const ran = timings.flatMap((t) => {
    const entry = catalog.variants.find((v) => v.id === t.variant);
    return 'ms' in t && entry ? [{ ...t, accuracy: rankAccuracy(entry) }] : [];
  });
  const fits = ran.filter((t) => t.ms <= budgetMs);
  const best = Math.max(...fits.map((t) => t.accuracy));
  const pool = fits.length > 0 ? fits.filter((t) => t.accuracy >= best - ACCURACY_TIE) : ran;
  const fastest = [...pool].sort((a, b) => a.ms - b.ms || b.accuracy - a.accuracy)[0];
  if (!fastest) return null;
  const { variant, backend, ms } = fastest;
  return { variant, backend, ms, overBudget: fits.length === 0 };
}

/**
 * A variant's compute relative to the others: MobileNet v1's multiply-adds grow with the square of
 * the width multiplier and of the input size (Howard et al. 2017, sections 3.3 and 3.4).
 */
const relativeCost = (v: CatalogEntry): number => (v.width * v.inputSize) ** 2;

/**
 * Variants not saved on this device that could be a better choice, their ms foreseen from the
 * choice's by compute: more accurate than it beyond a tie and foreseen within the budget, or, when
 * nothing fitted, foreseen faster. Downloading them is the user's call: the app offers, never
 * fetches on its own.
 */
export function worthOffering(
  catalog: Catalog,
  saved: ReadonlyMap<string, SavedFiles>,
  choice: Choice | null,
  budgetMs: number = FRAME_BUDGET_MS,
): CatalogEntry[] {
  const chosen = catalog.variants.find((v) => v.id === choice?.variant);
  if (!choice || !chosen) return [];
  const foreseenMs = (v: CatalogEntry) => (choice.ms * relativeCost(v)) / relativeCost(chosen);
  return catalog.variants.filter((v) => {
    if (saved.has(v.id)) return false;
    if (choice.overBudget) return foreseenMs(v) < choice.ms;
    return rankAccuracy(v) > rankAccuracy(chosen) + ACCURACY_TIE && foreseenMs(v) <= budgetMs;
  });
}

/**
 * What a stored choice belongs to: the catalog's variants and their revisions or accuracies. A
 * new build with other models makes it stale, and the device is timed again.
 */
export const catalogKey = (catalog: Catalog): string =>
  catalog.variants
    .map((v) => `${v.id}@${v.revision ?? `${v.testAccuracy}/${v.validationAccuracy ?? ''}`}`)
    .join(',');
