/** The model in the worker: load + warm-up, classify one frame, dispose. Owns its tensors. */
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';
import { siblingUrl } from '../../models/urls.ts';
import { NOT_ROAD_INDEX, ROAD_INDEX } from '../../models/labels.ts';
import { toModelInput } from '../tensorInput.ts';
import type { Scores } from '../protocol.ts';
import { errorText, fetchModelFile, ModelFileError, shortName } from './modelFile.ts';

/** What the worker needs of an engine's loaded model. */
export interface FrameClassifier {
  readonly inputSize: number;
  readonly variant: string;
  readonly modelUrl: string;
  classify(bitmap: ImageBitmap): Promise<Scores>;
  /** Bytes the engine holds: its WASM heap, or its tensors (WebGL textures, CPU arrays). */
  memoryBytes(): number;
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
    const artifacts = await fetchArtifacts(modelUrl);
    let model: LayersModel;
    try {
      model = await loadLayersModel(tf.io.fromMemory(artifacts));
    } catch (err) {
      throw damaged(modelUrl, errorText(err));
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
      const p = await probs.data();
      return { road: p[ROAD_INDEX] ?? 0, notRoad: p[NOT_ROAD_INDEX] ?? 0 };
    } finally {
      probs.dispose();
    }
  }

  memoryBytes(): number {
    // The WASM backend's heap holds every tensor (and never shrinks); elsewhere, count tensors.
    const wasm = (tf.backend() as { wasm?: { HEAPU8?: Uint8Array } }).wasm;
    return wasm?.HEAPU8?.buffer.byteLength ?? tf.memory().numBytes;
  }

  dispose(): void {
    this.model.dispose();
  }
}

const damaged = (url: string, why: string) =>
  new ModelFileError('damaged', url, `${shortName(url)} is damaged (${why})`);

/**
 * model.json and its weight shards, each fetched with a stall timeout (`fetchModelFile`), so a
 * file that never answers ends in an error naming it instead of a load that hangs.
 */
async function fetchArtifacts(modelUrl: string): Promise<tf.io.ModelArtifacts> {
  const bytes = await fetchModelFile(modelUrl);
  let json: Partial<tf.io.ModelJSON>;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes)) as Partial<tf.io.ModelJSON>;
  } catch {
    throw damaged(modelUrl, 'not valid JSON');
  }
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw damaged(modelUrl, 'no modelTopology or weightsManifest: not a TF.js layers model');
  }
  const groups = json.weightsManifest;
  const shards = await Promise.all(
    groups.flatMap((g) => g.paths).map((p) => fetchModelFile(siblingUrl(p, modelUrl))),
  );
  const weightData = new Uint8Array(shards.reduce((n, s) => n + s.length, 0));
  shards.reduce((at, s) => (weightData.set(s, at), at + s.length), 0);
  return {
    modelTopology: json.modelTopology,
    format: json.format,
    weightSpecs: groups.flatMap((g) => g.weights),
    weightData: weightData.buffer,
  };
}
