/**
 * TensorFlow.js for the Node tools: tfjs-core + layers on the WASM backend (tfjs-node cannot be
 * installed here: it downloads a native binary). Falls back to the CPU backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export { tf };
export * as tfl from '@tensorflow/tfjs-layers';

/** Selects `wasm` (or `cpu` when asked or when wasm fails) and returns the backend's name. */
export async function initTf(preferred: 'wasm' | 'cpu' = 'wasm'): Promise<string> {
  if (preferred === 'wasm' && (await tf.setBackend('wasm').catch(() => false))) {
    await tf.ready();
    return tf.getBackend();
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return tf.getBackend();
}
