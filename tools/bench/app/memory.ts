/** The running app's memory, read in the page after it has run a while on one engine. */
import type { Page } from '@playwright/test';

/** How long the app runs on its clip, from the first verdict, before memory is read (s). */
export const MEMORY_AFTER_S = 15;
/**
 * How long `measureUserAgentSpecificMemory()` may take, in ms: Chromium answers after its next
 * garbage collection and forces one after about 20 s.
 */
const MEASURE_TIMEOUT_MS = 60_000;

/**
 * Chromium flag: `measureUserAgentSpecificMemory()` collects garbage and answers at once instead
 * of waiting for the next collection (here it once waited past `MEASURE_TIMEOUT_MS` without it).
 * It applies to the dev panel's own readings too, so it is only given to the memory runs.
 */
export const EAGER_MEMORY_FLAG = '--enable-blink-features=ForceEagerMeasureMemory';

/** Memory in bytes; null where it could not be read (and `note` says why). */
export interface MemoryReading {
  /** `performance.measureUserAgentSpecificMemory()` total: the page and all its workers. */
  pageAndWorkersBytes: number | null;
  /** The dev panel's `[data-testid="worker-memory"]` data-value: the engine's own heap. */
  engineHeapBytes: number | null;
  /** The total by where the browser attributed it (Window, DedicatedWorkerGlobalScope, shared). */
  byScope: Record<string, number>;
  /** How long the measurement took to answer, in ms. */
  measureMs: number;
  note?: string;
}

/** Reads both figures from a `?dev` page (cross-origin isolated, as `vite preview` serves it). */
export async function readMemory(page: Page): Promise<MemoryReading> {
  const engine = Number(
    (await page
      .getByTestId('worker-memory')
      .getAttribute('data-value')
      .catch(() => '')) || NaN,
  );
  const engineHeapBytes = Number.isFinite(engine) ? engine : null;
  const measured = await page.evaluate(async (timeoutMs) => {
    type Breakdown = { bytes: number; attribution: { scope: string }[] }[];
    type Measure = () => Promise<{ bytes: number; breakdown: Breakdown }>;
    const measure = (performance as { measureUserAgentSpecificMemory?: Measure })
      .measureUserAgentSpecificMemory;
    if (!measure || !self.crossOriginIsolated)
      return {
        bytes: null,
        byScope: {},
        measureMs: 0,
        note: 'measureUserAgentSpecificMemory unavailable (not isolated?)',
      };
    const late = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs),
    );
    const started = performance.now();
    try {
      const r = await Promise.race([measure.call(performance), late]);
      const byScope: Record<string, number> = {};
      for (const b of r.breakdown) {
        const scope = b.attribution.map((a) => a.scope).join('+') || 'shared';
        byScope[scope] = (byScope[scope] ?? 0) + b.bytes;
      }
      return { bytes: r.bytes, byScope, measureMs: performance.now() - started, note: null };
    } catch (err) {
      return {
        bytes: null,
        byScope: {},
        measureMs: performance.now() - started,
        note: `measureUserAgentSpecificMemory: ${String(err)}`,
      };
    }
  }, MEASURE_TIMEOUT_MS);
  return {
    pageAndWorkersBytes: measured.bytes,
    engineHeapBytes,
    byScope: measured.byScope,
    measureMs: measured.measureMs,
    ...(measured.note ? { note: measured.note } : {}),
  };
}
