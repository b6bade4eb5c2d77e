/** The model in the worker: load + warm-up, classify one frame, dispose. Owns its tensors. */
import * as tf from '@tensorflow/tfjs-core';
import {
  loadLayersModel,
  model as tfModel,
  type LayersModel,
  type SymbolicTensor,
} from '@tensorflow/tfjs-layers';
import { siblingUrl } from '../../models/urls.ts';
import { NOT_ROAD_INDEX, ROAD_INDEX } from '../../models/labels.ts';
import { toModelInput } from '../tensorInput.ts';
import type { Scores } from '../protocol.ts';
import type { Head } from '../teachProtocol.ts';
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
  /** The backbone alone (input → pooled features), made when first asked for. */
  private backbone: LayersModel | null = null;

  private constructor(
    private readonly model: LayersModel,
    readonly inputSize: number,
    readonly variant: string,
    readonly modelUrl: string,
    /** The personal head in place of the shipped one, if any. */
    readonly head?: Head,
  ) {}

  /**
   * Loads the model and runs one warm-up inference (shader compilation, WASM allocation).
   * `head`: a personal head (teach mode) replaces the model's last layer.
   */
  static async load(
    modelUrl: string,
    variant: string,
    inputSize: number,
    head?: Head,
  ): Promise<{ classifier: Classifier; loadMs: number; warmupMs: number }> {
    const t0 = performance.now();
    const artifacts = await fetchArtifacts(modelUrl);
    let model: LayersModel;
    try {
      model = await loadLayersModel(tf.io.fromMemory(artifacts));
    } catch (err) {
      throw damaged(modelUrl, errorText(err));
    }
    if (head) {
      try {
        setHead(model, head, variant);
      } catch (err) {
        model.dispose();
        throw err;
      }
    }
    const t1 = performance.now();
    const warm = tf.tidy(() => model.predict(tf.zeros([1, inputSize, inputSize, 3])) as tf.Tensor);
    await warm.data();
    warm.dispose();
    return {
      classifier: new Classifier(model, inputSize, variant, modelUrl, head),
      loadMs: t1 - t0,
      warmupMs: performance.now() - t1,
    };
  }

  /**
   * Classifies one frame already cropped to a square. A frame of another size (one sent just
   * before a variant switch) is scaled to the input size rather than refused. Closes nothing.
   */
  async classify(bitmap: ImageBitmap): Promise<Scores> {
    const probs = tf.tidy(() => this.model.predict(this.input(bitmap)) as tf.Tensor);
    try {
      const p = await probs.data();
      return { road: p[ROAD_INDEX] ?? 0, notRoad: p[NOT_ROAD_INDEX] ?? 0 };
    } finally {
      probs.dispose();
    }
  }

  /** The pooled backbone features of one frame (teach mode). Closes nothing. */
  async features(bitmap: ImageBitmap): Promise<Float32Array> {
    // Shares the model's layers and weights: no tensor is made.
    const backbone = (this.backbone ??= tfModel({
      inputs: this.model.inputs,
      outputs: lastDense(this.model).input as SymbolicTensor,
    }));
    const out = tf.tidy(() => backbone.predict(this.input(bitmap)) as tf.Tensor);
    try {
      return (await out.data()) as Float32Array;
    } finally {
      out.dispose();
    }
  }

  /** The model's own last layer (the shipped head) as plain arrays. */
  shippedHead(): Head {
    const [kernel, bias] = lastDense(this.model).getWeights();
    return {
      kernel: kernel?.dataSync() as Float32Array,
      bias: bias?.dataSync() as Float32Array,
    };
  }

  memoryBytes(): number {
    // The WASM backend's heap holds every tensor (and never shrinks); elsewhere, count tensors.
    const wasm = (tf.backend() as { wasm?: { HEAPU8?: Uint8Array } }).wasm;
    return wasm?.HEAPU8?.buffer.byteLength ?? tf.memory().numBytes;
  }

  /** The model's input for a frame; call inside `tf.tidy`. */
  private input(bitmap: ImageBitmap): tf.Tensor4D {
    let pixels: tf.Tensor3D = tf.browser.fromPixels(bitmap);
    if (bitmap.width !== this.inputSize || bitmap.height !== this.inputSize) {
      pixels = tf.image.resizeBilinear(pixels, [this.inputSize, this.inputSize]);
    }
    return toModelInput(pixels);
  }

  dispose(): void {
    // The backbone model takes no reference of its own on the shared layers: disposing it too
    // would free the backbone's weights first and make the model's dispose throw (tfjs-layers).
    this.backbone = null;
    this.model.dispose();
  }
}

/** The model's last layer: the dense softmax every Roadgate model ends in. */
function lastDense(model: LayersModel) {
  const top = model.layers[model.layers.length - 1];
  if (!top || top.getClassName() !== 'Dense')
    throw new Error('the model does not end in a dense layer');
  return top;
}

/** Puts a personal head in place of the model's own; throws if it was made for another size. */
function setHead(model: LayersModel, head: Head, variant: string): void {
  const top = lastDense(model);
  const [kernel] = top.getWeights();
  const [features = 0, classes = 0] = kernel?.shape ?? [];
  if (head.kernel.length !== features * classes || head.bias.length !== classes) {
    throw new Error(
      `the personal head holds ${head.kernel.length / 2} features; ${variant} gives ${features}`,
    );
  }
  const values = [tf.tensor2d(head.kernel, [features, classes]), tf.tensor1d(head.bias)];
  top.setWeights(values);
  values.forEach((t) => t.dispose());
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
