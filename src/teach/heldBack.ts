/**
 * Which examples teach mode trains on and which it holds back to compare the shipped and the
 * personal head. Pure.
 *
 * The last `HELD_BACK_FRACTION` of each label's examples, in the order they were added, is held
 * back: not a random draw, because neighbouring camera frames are near-copies, and a frame held
 * back beside its twin in training would flatter the personal head.
 */
export const HELD_BACK_FRACTION = 0.2;
/** Fewest examples of each label a training needs: at least one to train on and one held back. */
export const MIN_PER_LABEL = 3;
/** Below this many of a label, the before/after is said to be rough. */
export const FEW_PER_LABEL = 20;

export interface Split {
  /** Indices into the examples, in their order. */
  train: number[];
  heldBack: number[];
}

/**
 * Splits examples given as their labels in the order they were added. Each label holds back
 * `round(n × fraction)`, at least 1, and keeps at least 1 for training.
 */
export function splitHeldBack(labels: readonly number[], fraction = HELD_BACK_FRACTION): Split {
  const byLabel = new Map<number, number[]>();
  labels.forEach((label, i) => byLabel.set(label, [...(byLabel.get(label) ?? []), i]));
  const held = new Set<number>();
  for (const indices of byLabel.values()) {
    const n = indices.length;
    const k = n < 2 ? 0 : Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
    indices.slice(n - k).forEach((i) => held.add(i));
  }
  const all = labels.map((_, i) => i);
  return { train: all.filter((i) => !held.has(i)), heldBack: all.filter((i) => held.has(i)) };
}

/** Null when both labels have enough examples to train, else what is missing, in one line. */
export function shortfall(counts: { road: number; notRoad: number }): string | null {
  const missing = [
    counts.road < MIN_PER_LABEL && `${MIN_PER_LABEL - counts.road} more road`,
    counts.notRoad < MIN_PER_LABEL && `${MIN_PER_LABEL - counts.notRoad} more not-road`,
  ].filter(Boolean);
  return missing.length
    ? `Add ${missing.join(' and ')} (at least ${MIN_PER_LABEL} examples of each).`
    : null;
}
