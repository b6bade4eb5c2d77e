/**
 * The one definition of how a picture becomes a MobileNet input, shared by the worker (camera
 * frames) and the Node tools (dataset photos), so the model sees in the app what it saw in
 * training.
 *
 * The tensor form of the same transform is `toModelInput` in `tensorInput.ts` (kept apart so the
 * page, which only crops, does not pull TensorFlow.js into its bundle).
 *
 * Decision: a centred square crop of the short side, then a resize to the input size. A 4:3 or
 * 16:9 camera frame loses its sides rather than being squeezed; dataset photos are treated alike.
 */
/** MobileNet v1 expects RGB in [-1, 1]: x / 127.5 - 1 (the TF-slim "inception" preprocessing). */
export const PIXEL_SCALE = 1 / 127.5;
export const PIXEL_OFFSET = -1;

export interface SquareCrop {
  /** Left edge, in source pixels. */
  sx: number;
  /** Top edge, in source pixels. */
  sy: number;
  /** Side of the square, in source pixels. */
  size: number;
}

/** The centred square of a `width` × `height` picture (integer pixels). */
export function centerSquare(width: number, height: number): SquareCrop {
  const size = Math.min(width, height);
  return {
    sx: Math.floor((width - size) / 2),
    sy: Math.floor((height - size) / 2),
    size,
  };
}

/** The same transform on raw bytes (RGB or RGBA, row-major), for code without tensors. */
export function normalizePixels(
  bytes: Uint8Array | Uint8ClampedArray,
  channels: 3 | 4,
): Float32Array {
  const n = bytes.length / channels;
  const out = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) {
      out[3 * i + c] = (bytes[channels * i + c] as number) * PIXEL_SCALE + PIXEL_OFFSET;
    }
  }
  return out;
}

/**
 * RGBA bytes (canvas ImageData) to packed RGB, the integer engine's input: a uint8 model takes
 * the pixels as they are (its input quantization maps 0..255 to about [-1, 1] itself).
 */
export function rgbaToRgb(rgba: Uint8Array | Uint8ClampedArray): Uint8Array<ArrayBuffer> {
  const n = rgba.length / 4;
  const rgb = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    rgb[3 * i] = rgba[4 * i] as number;
    rgb[3 * i + 1] = rgba[4 * i + 1] as number;
    rgb[3 * i + 2] = rgba[4 * i + 2] as number;
  }
  return rgb;
}
