/** Small statistics on samples (latencies in ms, typically). Pure. */

/** The p-th percentile (0..100) by linear interpolation between closest ranks; NaN when empty. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (rank - lo);
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

/** Frames per second from frame end times (ms), over the window they span; 0 with < 2 frames. */
export function framesPerSecond(times: readonly number[]): number {
  if (times.length < 2) return 0;
  const span = (times[times.length - 1] as number) - (times[0] as number);
  return span > 0 ? ((times.length - 1) * 1000) / span : 0;
}

/** Keeps the last `size` values pushed. */
export function pushBounded<T>(list: readonly T[], value: T, size: number): T[] {
  const next = [...list, value];
  return next.length > size ? next.slice(next.length - size) : next;
}
