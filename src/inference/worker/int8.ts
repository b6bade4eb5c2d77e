/**
 * The integer engine: the model's `model.tflite` (uint8 weights and activations) run by
 * MediaPipe Tasks' interpreter (TFLite + XNNPACK, CPU) in this worker. On the same quantized
 * weights it ran 2.2–3.0× faster than TF.js, which dequantizes them to float32 (`npm run bench`).
 * MediaPipe's ES-module loader and its WASM are served by the app itself (no CDN).
 */
import { ImageClassifier, type ImageClassifierResult } from '@mediapipe/tasks-vision';
import wasmLoaderPath from '@mediapipe/tasks-vision/vision_wasm_module_internal.js?url';
import wasmBinaryPath from '@mediapipe/tasks-vision/vision_wasm_module_internal.wasm?url';
import type { Scores } from '../protocol.ts';
import type { FrameClassifier } from './classifier.ts';
import { errorText, fetchModelFile, ModelFileError, shortName } from './modelFile.ts';

/** Label order of every Roadgate model: index 0 road, 1 not-road (models/<id>/meta.json). */
const ROAD = 0;

/**
 * MediaPipe reads its Emscripten factory from `self.ModuleFactory`, which its ES-module loader
 * sets when first evaluated, and clears it after creating a task. A module worker evaluates a
 * URL once, so a second task (the next variant) would fail with "ModuleFactory not set":
 * set it again from the loader's default export before each creation.
 */
async function restoreModuleFactory(loaderUrl: string): Promise<void> {
  const loader = (await import(/* @vite-ignore */ loaderUrl)) as { default: unknown };
  const scope = self as unknown as { ModuleFactory?: unknown };
  scope.ModuleFactory ??= loader.default;
}

/** A FlatBuffer whose file identifier (bytes 4–7) is TFLite's "TFL3". */
const isTflite = (bytes: Uint8Array): boolean =>
  bytes.length > 8 && new TextDecoder().decode(bytes.subarray(4, 8)) === 'TFL3';

function scoresOf(result: ImageClassifierResult): Scores {
  const categories = result.classifications[0]?.categories ?? [];
  const road = categories.find((c) => c.index === ROAD)?.score ?? 0;
  const notRoad = categories.find((c) => c.index !== ROAD)?.score ?? 0;
  return { road, notRoad };
}

export class Int8Classifier implements FrameClassifier {
  private constructor(
    private readonly task: ImageClassifier,
    readonly inputSize: number,
    readonly variant: string,
    readonly modelUrl: string,
  ) {}

  /**
   * Loads `tfliteUrl` and runs one warm-up inference. Throws a one-line error on failure, a
   * `ModelFileError` when the file itself is at fault.
   */
  static async load(
    tfliteUrl: string,
    variant: string,
    inputSize: number,
  ): Promise<{ classifier: Int8Classifier; loadMs: number; warmupMs: number }> {
    // MediaPipe uploads every image through WebGL 2, even for CPU inference.
    const probe = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (probe === null) {
      throw new Error('MediaPipe needs WebGL 2 for its image input, and it is not available here');
    }
    probe.getExtension('WEBGL_lose_context')?.loseContext();
    const t0 = performance.now();
    // Fetched here rather than by MediaPipe: with a stall timeout, and checked before parsing.
    const model = await fetchModelFile(tfliteUrl);
    if (!isTflite(model)) {
      throw new ModelFileError(
        'damaged',
        tfliteUrl,
        `${shortName(tfliteUrl)} is damaged (not a TFLite file)`,
      );
    }
    const loaderUrl = new URL(wasmLoaderPath, self.location.href).href;
    let task: ImageClassifier;
    try {
      await restoreModuleFactory(loaderUrl);
      task = await ImageClassifier.createFromOptions(
        {
          wasmLoaderPath: loaderUrl,
          wasmBinaryPath: new URL(wasmBinaryPath, self.location.href).href,
        },
        {
          baseOptions: { modelAssetBuffer: model, delegate: 'CPU' },
          runningMode: 'IMAGE',
          maxResults: -1,
        },
      );
    } catch (err) {
      throw new Error(`could not load ${shortName(tfliteUrl)}: ${errorText(err)}`, { cause: err });
    }
    const t1 = performance.now();
    try {
      task.classify(new ImageData(inputSize, inputSize));
    } catch (err) {
      task.close();
      throw new Error(`${shortName(tfliteUrl)} loaded but did not run: ${errorText(err)}`, {
        cause: err,
      });
    }
    return {
      classifier: new Int8Classifier(task, inputSize, variant, tfliteUrl),
      loadMs: t1 - t0,
      warmupMs: performance.now() - t1,
    };
  }

  /** Classifies one square frame; MediaPipe scales one of another size to the input size. */
  classify(bitmap: ImageBitmap): Promise<Scores> {
    return Promise.resolve(scoresOf(this.task.classify(bitmap)));
  }

  dispose(): void {
    this.task.close();
  }
}
