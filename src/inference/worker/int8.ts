/**
 * The integer engine: the model's `model.tflite` (uint8 weights and activations) on LiteRT.js
 * (TFLite + XNNPACK's integer kernels, WASM) in this worker. On the same quantized weights it ran
 * 2.2–3.0× faster than TF.js, which dequantizes them to float32 (`npm run bench`). Its runtime is
 * served by the app itself (no CDN), and it needs no WebGL: a frame is drawn on a 2D canvas and
 * its RGB bytes go in as they are.
 */
import { getGlobalLiteRt, loadAndCompile, Tensor, type CompiledModel } from '@litertjs/core';
import { NOT_ROAD_INDEX, ROAD_INDEX } from '../../models/labels.ts';
import { rgbaToRgb } from '../preprocess.ts';
import type { Scores } from '../protocol.ts';
import type { FrameClassifier } from './classifier.ts';
import { loadRuntime, type Runtime } from './litert.ts';
import { errorText, fetchModelFile, ModelFileError, shortName } from './modelFile.ts';

/**
 * A uint8 SOFTMAX output is quantized with scale 1/256 and zero point 0: TFLite requires it of the
 * kernel (tensorflow/lite/kernels/activations.cc), and Roadgate's exporter writes it so.
 */
const SOFTMAX_SCALE = 1 / 256;

/** A FlatBuffer whose file identifier (bytes 4–7) is TFLite's "TFL3". */
const isTflite = (bytes: Uint8Array): boolean =>
  bytes.length > 8 && new TextDecoder().decode(bytes.subarray(4, 8)) === 'TFL3';

export class Int8Classifier implements FrameClassifier {
  private readonly canvas: OffscreenCanvas;
  private readonly context: OffscreenCanvasRenderingContext2D;

  private constructor(
    private readonly model: CompiledModel,
    readonly runtime: Runtime,
    readonly inputSize: number,
    readonly variant: string,
    readonly modelUrl: string,
  ) {
    this.canvas = new OffscreenCanvas(inputSize, inputSize);
    const context = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no 2D canvas in this worker');
    this.context = context;
  }

  /**
   * Loads `tfliteUrl` on the LiteRT.js runtime and runs one warm-up inference. Throws a one-line
   * error on failure, a `ModelFileError` when the file itself is at fault.
   */
  static async load(
    tfliteUrl: string,
    variant: string,
    inputSize: number,
  ): Promise<{ classifier: Int8Classifier; loadMs: number; warmupMs: number }> {
    const t0 = performance.now();
    // Fetched here: with a stall timeout, from this origin only, and checked before parsing.
    const bytes = await fetchModelFile(tfliteUrl);
    if (!isTflite(bytes)) {
      throw new ModelFileError(
        'damaged',
        tfliteUrl,
        `${shortName(tfliteUrl)} is damaged (not a TFLite file)`,
      );
    }
    const runtime = await loadRuntime();
    let model: CompiledModel;
    try {
      model = await loadAndCompile(bytes, {
        accelerator: 'wasm',
        cpuOptions: { numThreads: runtime.threads },
      });
    } catch (err) {
      throw new ModelFileError(
        'damaged',
        tfliteUrl,
        `${shortName(tfliteUrl)} could not be compiled (${errorText(err)})`,
      );
    }
    const shape = Array.from(model.getInputDetails()[0]?.shape ?? []);
    if (shape.join() !== [1, inputSize, inputSize, 3].join()) {
      model.delete();
      throw new ModelFileError(
        'damaged',
        tfliteUrl,
        `${shortName(tfliteUrl)} takes [${shape.join(', ')}], not [1, ${inputSize}, ${inputSize}, 3]`,
      );
    }
    const t1 = performance.now();
    try {
      const classifier = new Int8Classifier(model, runtime, inputSize, variant, tfliteUrl);
      await classifier.run(new Uint8Array(inputSize * inputSize * 3));
      return { classifier, loadMs: t1 - t0, warmupMs: performance.now() - t1 };
    } catch (err) {
      model.delete();
      throw new Error(`${shortName(tfliteUrl)} loaded but did not run: ${errorText(err)}`, {
        cause: err,
      });
    }
  }

  /** Classifies one square frame; one of another size is scaled to the input size. */
  classify(bitmap: ImageBitmap): Promise<Scores> {
    const s = this.inputSize;
    this.context.drawImage(bitmap, 0, 0, s, s);
    return this.run(rgbaToRgb(this.context.getImageData(0, 0, s, s).data));
  }

  private async run(rgb: Uint8Array<ArrayBuffer>): Promise<Scores> {
    const s = this.inputSize;
    const input = new Tensor(rgb, [1, s, s, 3]);
    let outputs: Tensor[] = [];
    try {
      outputs = await this.model.run(input);
      const q = outputs[0]?.toTypedArray();
      if (!q) throw new Error('the model gave no output');
      return {
        road: (q[ROAD_INDEX] ?? 0) * SOFTMAX_SCALE,
        notRoad: (q[NOT_ROAD_INDEX] ?? 0) * SOFTMAX_SCALE,
      };
    } finally {
      input.delete();
      outputs.forEach((t) => t.delete());
    }
  }

  /** The runtime's WASM heap: the model, its activations and XNNPACK's buffers. */
  memoryBytes(): number {
    return getGlobalLiteRt().liteRtWasm.HEAPU8.buffer.byteLength;
  }

  dispose(): void {
    this.model.delete();
  }
}
