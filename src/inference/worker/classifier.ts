/** The model in the worker: load + warm-up, classify one frame, dispose. Owns its tensors. */
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';
import { toModelInput } from '../tensorInput.ts';
import type { Scores } from '../protocol.ts';

/** What the worker needs of an engine's loaded model. */
export interface FrameClassifier {
  readonly inputSize: number;
  readonly variant: string;
  readonly modelUrl: string;
  classify(bitmap: ImageBitmap): Promise<Scores>;
  dispose(): void;
}

/** The TF.js engine: the layers model on the current TF.js backend. */
export class Classifier implements FrameClassifier {
  private constructor(
    private readonly model: LayersModel,
    readonly inputSize: number,
    readonly variant: string,
    readonly modelUrl: string,
  ) {}

  /** Loads the model and runs one warm-up inference (shader compilation, WASM allocation). */
  static async load(
    modelUrl: string,
    variant: string,
    inputSize: number,
  ): Promise<{ classifier: Classifier; loadMs: number; warmupMs: number }> {
    const t0 = performance.now();
    let model: LayersModel;
    try {
      model = await loadLayersModel(modelUrl);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(`could not load ${modelUrl}: ${reason}`, { cause: err });
    }
    const t1 = performance.now();
    const warm = tf.tidy(() => model.predict(tf.zeros([1, inputSize, inputSize, 3])) as tf.Tensor);
    await warm.data();
    warm.dispose();
    return {
      classifier: new Classifier(model, inputSize, variant, modelUrl),
      loadMs: t1 - t0,
      warmupMs: performance.now() - t1,
    };
  }

  /**
   * Classifies one frame already cropped to a square. A frame of another size (one sent just
   * before a variant switch) is scaled to the input size rather than refused. Closes nothing.
   */
  async classify(bitmap: ImageBitmap): Promise<Scores> {
    const probs = tf.tidy(() => {
      let pixels: tf.Tensor3D = tf.browser.fromPixels(bitmap);
      if (bitmap.width !== this.inputSize || bitmap.height !== this.inputSize) {
        pixels = tf.image.resizeBilinear(pixels, [this.inputSize, this.inputSize]);
      }
      return this.model.predict(toModelInput(pixels)) as tf.Tensor;
    });
    try {
      const [road, notRoad] = await probs.data();
      return { road: road ?? 0, notRoad: notRoad ?? 0 };
    } finally {
      probs.dispose();
    }
  }

  dispose(): void {
    this.model.dispose();
  }
}
