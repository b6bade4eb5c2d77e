/**
 * The default variant, chosen on the validation split alone. Pure.
 *
 * The rule, in the spirit of the "one-standard-error rule" (Breiman et al., Classification and
 * Regression Trees, 1984; Hastie, Tibshirani & Friedman, The Elements of Statistical Learning,
 * §7.10): take the variant with the best validation accuracy and its Wilson 95% interval; every
 * variant whose validation accuracy reaches that interval's lower bound is *tied with the best*,
 * since the validation split cannot tell them apart. The default is the tied variant that costs
 * least: the fewest multiply-adds, then the higher validation accuracy, then the id.
 *
 * The test split never enters: a `ValidationRow` has no test field, and `validationRow` builds
 * one from a meta.json by copying only what the rule reads.
 */
import { multiplyAdds } from '../../src/models/variants.ts';
import { wilson } from '../../src/util/interval.ts';
import type { ModelMeta } from './meta.ts';

/** What the rule may see of one variant: its shape and its validation score. */
export interface ValidationRow {
  readonly id: string;
  readonly width: number;
  readonly inputSize: number;
  /** Share of the validation split classified right, 0–1. */
  readonly validationAccuracy: number;
  /** Photos in the validation split. */
  readonly validationN: number;
}

/** One variant as the rule weighed it. */
export interface WeighedRow extends ValidationRow {
  /** Multiply-adds of one inference (`multiplyAdds(width, inputSize)`). */
  readonly multiplyAdds: number;
  /** Wilson 95% interval of the validation accuracy, 0–1. */
  readonly interval: { readonly low: number; readonly high: number };
  /** Whether the validation accuracy reaches the best variant's lower bound. */
  readonly tied: boolean;
}

export interface DefaultChoice {
  /** The chosen default's id. */
  readonly id: string;
  /** The variant with the best validation accuracy, whose lower bound sets the tie. */
  readonly best: WeighedRow;
  /** Every variant, in the order given. */
  readonly rows: readonly WeighedRow[];
}

/** The validation-only row of a model folder's meta.json (throws when the count is missing). */
export function validationRow(meta: ModelMeta): ValidationRow {
  const n = meta.trainingData.counts.validation;
  if (n === undefined) throw new Error(`${meta.id}: meta.json has no validation count`);
  return {
    id: meta.id,
    width: meta.width,
    inputSize: meta.inputSize,
    validationAccuracy: meta.validationAccuracy,
    validationN: n,
  };
}

const intervalOf = (r: ValidationRow) =>
  wilson(Math.round(r.validationAccuracy * r.validationN), r.validationN);

/**
 * The default by the rule above. A best variant with no validation photos has the interval
 * 0–100%, so every variant ties with it and the cheapest wins: nothing was shown to be better.
 */
export function chooseDefault(rows: readonly ValidationRow[]): DefaultChoice {
  const top = rows.reduce<ValidationRow | undefined>(
    (b, r) => (b === undefined || r.validationAccuracy > b.validationAccuracy ? r : b),
    undefined,
  );
  if (top === undefined) throw new Error('no variant to choose from');
  const floor = intervalOf(top).low;
  const weighed: WeighedRow[] = rows.map((r) => ({
    ...r,
    multiplyAdds: multiplyAdds(r.width, r.inputSize),
    interval: intervalOf(r),
    tied: r.validationAccuracy >= floor,
  }));
  const cheapestFirst = weighed
    .filter((r) => r.tied)
    .sort(
      (a, b) =>
        a.multiplyAdds - b.multiplyAdds ||
        b.validationAccuracy - a.validationAccuracy ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  const chosen = cheapestFirst[0] as WeighedRow;
  return { id: chosen.id, best: weighed[rows.indexOf(top)] as WeighedRow, rows: weighed };
}
