/**
 * The memory the page and its inference worker hold, from
 * `performance.measureUserAgentSpecificMemory()`: the same figure on every engine (TF.js
 * tensors, MediaPipe's WASM heap, anything), unlike a TF.js tensor count. Chromium offers it
 * only to cross-origin isolated pages, and answers after its next garbage collection (up to
 * ~20 s), so it is asked for on a slow period, and only while the developer panel is open.
 */
import { useEffect, useState } from 'react';

/** Between two measurements, in ms: each one may force a garbage collection. */
const MEMORY_PERIOD_MS = 10_000;

export interface MemoryReading {
  /** Bytes attributed to dedicated workers (the inference worker and any it started). */
  workerBytes: number;
  /** Bytes of the page and its workers together. */
  totalBytes: number;
}

interface MemoryBreakdown {
  bytes: number;
  attribution: { scope?: string }[];
}
type Measure = () => Promise<{ bytes: number; breakdown: MemoryBreakdown[] }>;

/** Sums a measurement's breakdown by where it lives. Pure. */
export function readMemory(result: { bytes: number; breakdown: MemoryBreakdown[] }): MemoryReading {
  const workerBytes = result.breakdown
    .filter((b) => b.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope'))
    .reduce((n, b) => n + b.bytes, 0);
  return { workerBytes, totalBytes: result.bytes };
}

/** The latest reading; null before the first, `'unavailable'` where the browser cannot measure. */
export function useMemory(): MemoryReading | null | 'unavailable' {
  const [measure] = useState(() => {
    const m = (performance as { measureUserAgentSpecificMemory?: Measure })
      .measureUserAgentSpecificMemory;
    return m && self.crossOriginIsolated ? m : null;
  });
  const [reading, setReading] = useState<MemoryReading | null | 'unavailable'>(
    measure ? null : 'unavailable',
  );
  useEffect(() => {
    if (!measure) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const result = await measure.call(performance);
        if (!stopped) setReading(readMemory(result));
      } catch {
        if (!stopped) setReading('unavailable');
        return;
      }
      if (!stopped) timer = setTimeout(() => void tick(), MEMORY_PERIOD_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [measure]);
  return reading;
}
