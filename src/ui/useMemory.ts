/**
 * The memory of the page and its workers as the browser counts it,
 * `performance.measureUserAgentSpecificMemory()`: a second figure beside the engine's own (the
 * worker's replies), which cannot see the page. Chromium offers it only to cross-origin isolated
 * pages and answers after its next garbage collection (up to ~20 s), so it is asked for on a slow
 * period, and only while the developer panel is open. It does not attribute a SharedArrayBuffer
 * (a threaded engine's heap) to the worker, hence the total only.
 */
import { useEffect, useState } from 'react';

/** Between two measurements, in ms: each one may force a garbage collection. */
const MEMORY_PERIOD_MS = 10_000;

type Measure = () => Promise<{ bytes: number }>;

/** Total bytes at the latest reading; null before the first, `'unavailable'` where not measurable. */
export function useMemory(): number | null | 'unavailable' {
  const [measure] = useState(() => {
    const m = (performance as { measureUserAgentSpecificMemory?: Measure })
      .measureUserAgentSpecificMemory;
    return m && self.crossOriginIsolated ? m : null;
  });
  const [bytes, setBytes] = useState<number | null | 'unavailable'>(measure ? null : 'unavailable');
  useEffect(() => {
    if (!measure) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const result = await measure.call(performance);
        if (!stopped) setBytes(result.bytes);
      } catch {
        if (!stopped) setBytes('unavailable');
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
  return bytes;
}
