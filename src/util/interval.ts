/**
 * The Wilson score interval for a proportion (E. B. Wilson, 1927): `k` successes in `n` trials,
 * at 95% by default. Unlike the normal approximation it stays inside [0, 1] and is honest for
 * small `n` and for accuracies near 100%, which is where ours are. Pure.
 */
/** The 97.5th percentile of the standard normal: a two-sided 95% interval. */
export const Z_95 = 1.959964;

export function wilson(k: number, n: number, z = Z_95): { low: number; high: number } {
  if (n <= 0) return { low: 0, high: 1 };
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** `97.1% (95% CI 94.8–98.4%)` for an accuracy measured on `n` examples. */
export function accuracyText(accuracy: number, n: number): string {
  const { low, high } = wilson(Math.round(accuracy * n), n);
  const pct = (x: number) => (100 * x).toFixed(1);
  return `${pct(accuracy)}% (95% CI ${pct(low)}–${pct(high)}%)`;
}
