/**
 * `n` evenly spaced items of `items`, in order (so both classes of a sorted dataset keep their
 * proportion): item `⌊i × (length / n)⌋` for i = 0..n-1. All of them when `n` is negative or
 * not below their number.
 */
export function evenSample<T>(items: readonly T[], n: number): T[] {
  if (n < 0 || n >= items.length) return [...items];
  const step = items.length / n;
  return Array.from({ length: n }, (_, i) => items[Math.floor(i * step)] as T);
}
