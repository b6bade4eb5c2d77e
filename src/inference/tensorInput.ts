/** `preprocess.ts`'s normalisation as tensor ops, for the worker and the Node tools. */
import * as tf from '@tensorflow/tfjs-core';
import { PIXEL_OFFSET, PIXEL_SCALE } from './preprocess.ts';

/**
 * Turns RGB pixels already cropped and resized to the input size (`[size, size, 3]`, 0..255)
 * into the model's input `[1, size, size, 3]` in [-1, 1]. The caller owns the returned tensor;
 * `pixels` is not disposed.
 */
export function toModelInput(pixels: tf.Tensor3D): tf.Tensor4D {
  return tf.tidy(() =>
    tf.expandDims(tf.add(tf.mul(tf.cast(pixels, 'float32'), PIXEL_SCALE), PIXEL_OFFSET), 0),
  );
}
