/**
 * The bases a retrain tries (`--base auto`: every published base of the width), each checked to
 * be ImageNet-trained and given a trained head; where there are several, the best export wins.
 */
import type { Variant } from '../../src/models/variants.ts';
import { SYNSETS_FILE } from '../common/paths.ts';
import type { Example } from '../data/dataset.ts';
import type { SplitName } from '../data/split.ts';
import { loadBase, type MobileNetBase } from '../model/base.ts';
import { describeCheck, verifyBase, type BaseCheck } from '../model/base-check.ts';
import { randomBase } from '../model/mobilenet.ts';
import { autoBases, storeOptions, type ResolvedBase } from '../weights/store.ts';
import { exportedAccuracy } from './exported.ts';
import type { RetrainOptions } from './options.ts';
import { trainOnBase, type TrainedHead } from './train-head.ts';

/** A base that passed its checks, with its trained head. */
export interface Candidate extends TrainedHead {
  resolved: ResolvedBase;
  check: BaseCheck | null;
}

/** The base at `source`, or null (logged) when it cannot be read or is of another width. */
async function usableBase(
  o: RetrainOptions,
  variant: Variant,
  source: string,
): Promise<MobileNetBase | null> {
  let base: MobileNetBase;
  try {
    base = source === 'random' ? randomBase(variant.width) : await loadBase(source);
  } catch (err) {
    o.log(`base ${source} not usable: ${(err as Error).message}`);
    return null;
  }
  if (base.width !== variant.width) {
    o.log(`base ${source} has width ${base.width}, not ${variant.width}: skipped`);
    return null;
  }
  return base;
}

/** A trained candidate for every usable base of `o.base`; throws when there is none. */
export async function trainCandidates(
  o: RetrainOptions,
  variant: Variant,
  splits: Map<Example, SplitName>,
): Promise<Candidate[]> {
  const sources: ResolvedBase[] =
    o.base === 'auto'
      ? await autoBases(variant.width, o.weights ?? storeOptions(undefined, o.log, o.quiet))
      : [{ location: o.base, from: 'given' }];
  const candidates: Candidate[] = [];
  for (const resolved of sources) {
    const source = resolved.location;
    const base = await usableBase(o, variant, source);
    if (!base) continue;
    const check =
      base.format === 'random'
        ? null
        : await verifyBase(o.imageDir, SYNSETS_FILE, base, variant.inputSize, o.log);
    if (check && !check.passed) {
      o.log(`base ${source} failed the ImageNet check (${describeCheck(check)}): skipped`);
      continue;
    }
    const c = { ...(await trainOnBase(o, variant, base, source, splits)), check, resolved };
    o.log(
      `base ${source}: validation accuracy ${(100 * c.validationAccuracy).toFixed(2)}% (best step ${c.head.bestStep})`,
    );
    candidates.push(c);
  }
  if (candidates.length === 0) throw new Error('no usable base weights (see the lines above)');
  return candidates;
}

/**
 * The candidate to ship. Several are compared as they will ship: exported, quantized, run end
 * to end on the validation images (their `validationAccuracy` becomes that score).
 */
export async function bestCandidate(
  o: RetrainOptions,
  variant: Variant,
  candidates: Candidate[],
  validation: Example[],
): Promise<Candidate> {
  if (candidates.length > 1) {
    for (const c of candidates) {
      c.validationAccuracy = await exportedAccuracy(
        c.base,
        c.head.weights,
        variant,
        o.quantize,
        validation,
        o.quiet,
      );
      o.log(
        `base ${c.label}: ${o.quantize} export scores ${(100 * c.validationAccuracy).toFixed(2)}% on validation`,
      );
    }
  }
  return [...candidates].sort(
    (a, b) => b.validationAccuracy - a.validationAccuracy,
  )[0] as Candidate;
}
