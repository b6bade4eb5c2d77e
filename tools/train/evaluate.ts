/** Scores a model over labelled images, end to end (decode, crop, resize, normalise, classify). */
import { listDataset, type Example } from '../data/dataset.ts';
import { computeMetrics, type Metrics } from './metrics.ts';
import type { OpenedModel } from '../model/model-dir.ts';
import { predictFiles } from '../model/predict.ts';
import { progress } from '../common/progress.ts';
import type { tfl } from '../common/tf.ts';

export interface ScoreOptions {
  onSkip?: (path: string, reason: string) => void;
  quiet?: boolean;
  label?: string;
}

/** Metrics of `model` over `examples`; undecodable images are skipped (and reported). */
export async function scoreExamples(
  model: tfl.LayersModel,
  inputSize: number,
  examples: Example[],
  opts: ScoreOptions = {},
): Promise<Metrics> {
  const bar = progress(opts.label ?? 'evaluating', examples.length, opts.quiet ?? false);
  try {
    const preds = await predictFiles(
      model,
      inputSize,
      examples.map((e) => e.path),
      {
        onProgress: (d) => bar.update(d),
        onSkip: opts.onSkip,
      },
    );
    const byPath = new Map(examples.map((e) => [e.path, e]));
    return computeMetrics(
      preds.flatMap((p) => {
        const e = byPath.get(p.path);
        return e ? [{ file: e.file, label: e.labelIndex, probs: p.probs }] : [];
      }),
    );
  } finally {
    bar.stop();
  }
}

/** Metrics over every image under `imageDir/road` and `imageDir/not-road`. */
export function evaluateFolder(
  m: OpenedModel,
  imageDir: string,
  opts: ScoreOptions = {},
): Promise<Metrics> {
  return scoreExamples(m.model, m.inputSize, listDataset(imageDir), {
    label: `evaluating ${m.id}`,
    ...opts,
  });
}
