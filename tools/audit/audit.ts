/**
 * The 2017 article's label clean-up, as a tool: every image is judged by a head that did not
 * train on it (k-fold over cached bottlenecks), and images are ranked by how strongly that
 * judgement disagrees with their folder.
 */
import { hashPercentage } from '../data/split.ts';
import { headLogits, toMatrix, trainHead, type Matrix } from '../model/head.ts';
import { LABELS } from '../data/dataset.ts';
import { tf } from '../common/tf.ts';

/** The fold (0..k-1) of a file: a stable hash of its name, as the train/test split uses. */
export function foldOf(file: string, k: number): number {
  return Math.min(k - 1, Math.floor((hashPercentage(file) / 100) * k));
}

/** The rows whose fold is not `fold`: what the head judging `fold` may train on. */
export function trainingRowsFor<T extends { file: string }>(
  rows: T[],
  fold: number,
  k: number,
): T[] {
  return rows.filter((r) => foldOf(r.file, k) !== fold);
}

export interface Judged {
  /** Relative to the image folder, e.g. `road/x.jpg`. */
  file: string;
  label: string;
  predicted: string;
  /** Probability of the predicted label. */
  confidence: number;
  /** Probability the judge gave the folder's label. */
  labelProbability: number;
}

/** An audit entry, in the `--json` format (ARCHITECTURE.md, Audit output). */
export interface Suspect {
  file: string;
  label: string;
  predicted: string;
  confidence: number;
}

/**
 * Most suspect first: by how little probability the judge gives the folder's label. Keeps the
 * images predicted against their folder and those whose folder label got less than
 * `unsureBelow`.
 */
export function rankSuspects(judged: Judged[], unsureBelow: number): Suspect[] {
  return judged
    .filter((j) => j.predicted !== j.label || j.labelProbability < unsureBelow)
    .sort((a, b) => a.labelProbability - b.labelProbability || a.file.localeCompare(b.file))
    .map(({ file, label, predicted, confidence }) => ({ file, label, predicted, confidence }));
}

export interface FeatureRow {
  file: string;
  labelIndex: number;
  features: Float32Array;
}

/** Out-of-fold judgements: fold f is judged by a head trained on the other folds only. */
export function judgeOutOfFold(
  rows: FeatureRow[],
  k: number,
  steps: number,
  onFold?: (f: number) => void,
): Judged[] {
  const out: Judged[] = [];
  for (let fold = 0; fold < k; fold++) {
    const held = rows.filter((r) => foldOf(r.file, k) === fold);
    if (held.length === 0) continue;
    const train = trainingRowsFor(rows, fold, k);
    const asMatrix = (rs: FeatureRow[]): Matrix =>
      toMatrix(rs.map((r) => ({ features: r.features, label: r.labelIndex })));
    // Early stopping on a tenth of the training folds (never on the judged fold).
    const stop = train.filter((r) => hashPercentage(`${r.file}#stop`) < 10);
    const fit = train.filter((r) => hashPercentage(`${r.file}#stop`) >= 10);
    const { weights } = trainHead(asMatrix(fit), asMatrix(stop.length ? stop : fit), {
      classes: LABELS.length,
      steps,
      batchSize: 100,
      learningRate: 0.003,
      evalInterval: 10,
      patience: 30,
      hiddenUnits: 0,
      l2: 1e-4,
      seed: fold + 1,
    });
    const m = asMatrix(held);
    const probs = tf.tidy(
      () =>
        tf
          .softmax(headLogits(weights, tf.tensor2d(m.x, [m.rows, m.dim])))
          .arraySync() as number[][],
    );
    held.forEach((r, i) => {
      const p = probs[i] as number[];
      const predicted = p[1]! > p[0]! ? 1 : 0;
      out.push({
        file: r.file,
        label: LABELS[r.labelIndex] as string,
        predicted: LABELS[predicted] as string,
        confidence: p[predicted] as number,
        labelProbability: p[r.labelIndex] as number,
      });
    });
    onFold?.(fold);
  }
  return out;
}
