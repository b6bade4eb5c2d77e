/**
 * Robustness to what a windshield camera sees: a model's accuracy on the same photos as they are,
 * under each windshield effect alone, and under all of them together. Every photo gets the
 * effect, with parameters drawn from its own bytes (as training copies are, but from a draw no
 * training copy uses), and is centre-cropped as the app crops frames: only the effect differs
 * between conditions, so their accuracies compare on the same photos.
 */
import { readFile } from 'node:fs/promises';
import type { Example } from '../data/dataset.ts';
import { inBatches } from '../data/batches.ts';
import {
  CENTRED,
  decodeImage,
  distortionFor,
  imageSeed,
  NO_DISTORTIONS,
  toInputPixels,
  type Distortion,
} from '../data/images.ts';
import { alwaysOn, WINDSHIELD_EFFECTS, type WindshieldFlags } from '../data/windshield.ts';
import { runBatch } from '../model/predict.ts';
import { progress } from '../common/progress.ts';
import type { tfl } from '../common/tf.ts';
import { computeMetrics, type Metrics, type Prediction } from './metrics.ts';

/** The roll condition's range, degrees either way: past the shipped recipe's ±5°. */
export const EVAL_ROLL_DEGREES = 8;
/**
 * The draw the effects come from. Training copies are numbered from 1, so an evaluated photo's
 * effects are never those of a copy the model trained on.
 */
const EVAL_COPY = 0;
export interface Condition {
  /** `none`, an effect's name (`hood`, `lowLight`…) or `all`. */
  name: string;
  title: string;
  /** The effect flags that force it on every photo. */
  flags: WindshieldFlags;
}

const forced = (flag: keyof WindshieldFlags) => alwaysOn(flag, EVAL_ROLL_DEGREES);

/** As is, each effect alone, then all together. */
export const CONDITIONS: readonly Condition[] = [
  { name: 'none', title: 'as is', flags: {} },
  ...WINDSHIELD_EFFECTS.map((e) => ({
    name: e.effect,
    title: e.effect === 'roll' ? `roll ±${EVAL_ROLL_DEGREES}°` : e.title,
    flags: forced(e.flag),
  })),
  {
    name: 'all',
    title: 'all together',
    flags: Object.assign({}, ...WINDSHIELD_EFFECTS.map((e) => forced(e.flag))) as WindshieldFlags,
  },
];

/** The distortion a photo with `seed` gets under `c`; none for the photo as is. */
export function conditionDistortion(seed: number, c: Condition): Distortion | undefined {
  if (c.name === 'none') return undefined;
  return { ...distortionFor(seed, EVAL_COPY, { ...NO_DISTORTIONS, ...c.flags }), ...CENTRED };
}

export interface ConditionScore {
  condition: Condition;
  metrics: Metrics;
}

/**
 * `model`'s metrics on `examples` under every condition. Each photo is decoded once; an
 * unreadable one goes to `onSkip` and is left out of every condition.
 */
export async function scoreWindshield(
  model: tfl.LayersModel,
  inputSize: number,
  examples: readonly Example[],
  opts: { onSkip?: (path: string, reason: string) => void; quiet?: boolean } = {},
): Promise<ConditionScore[]> {
  const predictions: Prediction[][] = CONDITIONS.map(() => []);
  const bar = progress('windshield effects', examples.length, opts.quiet ?? false);
  let done = 0;
  try {
    await inBatches(examples, {
      pathOf: (e) => e.path,
      inputsOf: async function* (e) {
        const seed = imageSeed(new Uint8Array(await readFile(e.path)));
        const image = await decodeImage(e.path);
        // All conditions made before any is yielded: a photo that fails is in none of them.
        const all = await Promise.all(
          CONDITIONS.map((c) => toInputPixels(image, inputSize, conditionDistortion(seed, c))),
        );
        bar.update(++done);
        for (const [condition, pixels] of all.entries()) {
          yield { key: { example: e, condition }, pixels };
        }
      },
      run: (batch) => {
        const rows = runBatch(
          model,
          inputSize,
          batch.map((b) => b.pixels),
        );
        batch.forEach(({ key }, i) =>
          predictions[key.condition]?.push({
            file: key.example.file,
            label: key.example.labelIndex,
            probs: Array.from(rows[i] as Float32Array),
          }),
        );
      },
      onSkip: opts.onSkip,
    });
  } finally {
    bar.stop();
  }
  return CONDITIONS.map((condition, i) => ({
    condition,
    metrics: computeMetrics(predictions[i] ?? []),
  }));
}
