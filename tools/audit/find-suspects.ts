/**
 * The audit itself: every image's features through a backbone (cached like the retrain's
 * bottlenecks), judged out-of-fold (audit.ts), and ranked into suspects.
 */
import { progress } from '../common/progress.ts';
import type { Example } from '../data/dataset.ts';
import { NO_DISTORTIONS } from '../data/images.ts';
import { cacheKey, getBottlenecks } from '../train/bottlenecks.ts';
import { judgeOutOfFold, rankSuspects, type Judged, type Suspect } from './audit.ts';
import type { AuditBackbone } from './audit-backbone.ts';

export interface AuditOptions {
  /** k of the k-fold judging. */
  folds: number;
  /** Most training steps of each fold's head. */
  steps: number;
  /** Also list images whose folder's label got less than this probability. */
  unsureBelow: number;
  /** The bottleneck cache folder. */
  cacheDir: string;
  quiet: boolean;
  log: (line: string) => void;
}

/** Judges `examples` on `backbone`'s features (disposed here) and ranks the suspects. */
export async function findSuspects(
  backbone: AuditBackbone,
  examples: Example[],
  o: AuditOptions,
): Promise<{ judged: Judged[]; suspects: Suspect[] }> {
  const bar = progress('features', examples.length, o.quiet);
  const bottlenecks = await getBottlenecks({
    backbone: backbone.model,
    inputSize: backbone.inputSize,
    modelKey: cacheKey(backbone.digest, backbone.id, 'audit'),
    examples,
    copiesOf: () => 0,
    distortions: NO_DISTORTIONS,
    cacheDir: o.cacheDir,
    onProgress: (d) => bar.update(d),
    onSkip: (p, reason) => o.log(`skipped ${p}: ${reason}`),
  });
  bar.stop();
  backbone.model.dispose();
  const folds = progress('judging folds', o.folds, o.quiet);
  const judged = judgeOutOfFold(
    bottlenecks.map((b) => ({
      file: b.example.file,
      labelIndex: b.example.labelIndex,
      features: b.features,
    })),
    o.folds,
    o.steps,
    (fold) => folds.update(fold + 1),
  );
  folds.stop();
  return { judged, suspects: rankSuspects(judged, o.unsureBelow) };
}
