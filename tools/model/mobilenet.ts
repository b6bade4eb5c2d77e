/**
 * MobileNet v1 as a TF.js layers model with batch norm folded: every convolution is
 * conv + bias + ReLU6, SAME padding (equal to Keras' explicit (0,1) padding at stride 2 for even
 * sizes). Only stock layers, so the browser loads the exported model with `loadLayersModel`.
 */
import { tf, tfl } from '../common/tf.ts';
import { STRIDES, channelsAt } from '../../src/models/variants.ts';
import type { QuantGrid } from '../tflite/reader.ts';
import type { MobileNetBase } from './base.ts';
import type { HeadWeights } from '../../src/inference/head.ts';

export type { HeadWeights };

/** Layer names of the backbone, in order: conv0, dw1, pw1, ..., dw13, pw13. */
/** Sets a layer's weights from plain arrays, disposing the temporary tensors. */
function assign(layer: tfl.layers.Layer, values: [Float32Array, number[]][]): void {
  const tensors = values.map(([data, shape]) => tf.tensor(data, shape));
  layer.setWeights(tensors);
  tensors.forEach((t) => t.dispose());
}

export const CONV_NAMES = [
  'conv0',
  ...Array.from({ length: 13 }, (_, i) => [`dw${i + 1}`, `pw${i + 1}`]).flat(),
];

/** The saved name of convolution `i`'s kernel (TF.js calls a depthwise one `depthwise_kernel`). */
export const kernelWeightName = (i: number): string =>
  `${CONV_NAMES[i] as string}/${i % 2 === 1 ? 'depthwise_kernel' : 'kernel'}`;

/**
 * Builds the backbone at `inputSize` up to global average pooling (output `[n, 1024 × width]`),
 * optionally followed by a head. Weights from `base`; with `base` null, random (for tests).
 * The caller owns the returned model (`model.dispose()`).
 */
export function buildMobileNet(opts: {
  width: number;
  inputSize: number;
  base: MobileNetBase | null;
  head?: HeadWeights;
  /** Adds the base's ImageNet classifier (softmax) instead of a head. */
  imagenetTop?: boolean;
}): tfl.LayersModel {
  const { width, inputSize, base, head } = opts;
  const channels = channelsAt(width);
  const input = tfl.input({ shape: [inputSize, inputSize, 3], name: 'image' });
  let x = input as tfl.SymbolicTensor;
  CONV_NAMES.forEach((name, i) => {
    const depthwise = i % 2 === 1;
    const stride = i === 0 ? 2 : depthwise ? (STRIDES[(i + 1) / 2] as number) : 1;
    const common = {
      strides: stride,
      padding: 'same' as const,
      activation: 'relu6' as const,
      name,
    };
    // Without base weights: seeded He initialisation, so activations neither vanish nor explode
    // through 27 ReLU6 layers and the same "random" base comes back every time.
    const layer = depthwise
      ? tfl.layers.depthwiseConv2d({
          ...common,
          kernelSize: 3,
          depthMultiplier: 1,
          // He for a 3×3 depthwise filter: fan-in 9 (TF.js would count 9 × channels).
          depthwiseInitializer: tfl.initializers.randomNormal({
            stddev: Math.sqrt(2 / 9),
            seed: i + 1,
          }),
        })
      : tfl.layers.conv2d({
          ...common,
          filters: channels[i] as number,
          kernelSize: i === 0 ? 3 : 1,
          kernelInitializer: tfl.initializers.heNormal({ seed: i + 1 }),
        });
    x = layer.apply(x) as tfl.SymbolicTensor;
    const w = base?.convs[i];
    if (w)
      assign(layer, [
        [w.kernel, w.shape],
        [w.bias, [w.bias.length]],
      ]);
  });
  x = tfl.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as tfl.SymbolicTensor;

  if (head) {
    if (head.hidden) {
      const hidden = tfl.layers.dense({
        units: head.hidden.units,
        activation: 'relu',
        name: 'hidden',
      });
      x = hidden.apply(x) as tfl.SymbolicTensor;
      const features = head.hidden.kernel.length / head.hidden.units;
      assign(hidden, [
        [head.hidden.kernel, [features, head.hidden.units]],
        [head.hidden.bias, [head.hidden.units]],
      ]);
    }
    const out = tfl.layers.dense({
      units: head.classes,
      activation: 'softmax',
      name: 'probabilities',
    });
    const inUnits = head.kernel.length / head.classes;
    x = out.apply(x) as tfl.SymbolicTensor;
    assign(out, [
      [head.kernel, [inUnits, head.classes]],
      [head.bias, [head.classes]],
    ]);
  } else if (opts.imagenetTop) {
    const c = base?.classifier;
    if (!c) throw new Error(`${base?.source ?? 'base'} has no ImageNet classifier`);
    const top = tfl.layers.dense({ units: c.classes, activation: 'softmax', name: 'imagenet' });
    x = top.apply(x) as tfl.SymbolicTensor;
    assign(top, [
      [c.kernel, [c.kernel.length / c.classes, c.classes]],
      [c.bias, [c.classes]],
    ]);
  }
  return tfl.model({ inputs: input, outputs: x, name: `mobilenet_v1_${width}_${inputSize}` });
}

/**
 * A randomly initialised base (seeded, so reproducible): for tests and for training from scratch
 * on a machine without ImageNet weights.
 */
export function randomBase(width: number): MobileNetBase {
  const model = buildMobileNet({ width, inputSize: 32, base: null });
  try {
    const convs = CONV_NAMES.map((name, i) => {
      const [kernel, bias] = model.getLayer(name).getWeights() as [tf.Tensor, tf.Tensor];
      return {
        kind: i % 2 === 1 ? ('depthwise' as const) : ('conv' as const),
        shape: kernel.shape,
        kernel: kernel.dataSync() as Float32Array,
        bias: bias.dataSync() as Float32Array,
      };
    });
    return { width, source: 'random', format: 'random', convs };
  } finally {
    model.dispose();
  }
}

/** The uint8 grids of a base's kernels by saved weight name, so an export keeps them losslessly. */
export function kernelGrids(base: MobileNetBase): Record<string, QuantGrid> {
  const grids: Record<string, QuantGrid> = {};
  base.convs.forEach((conv, i) => {
    if (conv.kernelGrid) grids[kernelWeightName(i)] = conv.kernelGrid;
  });
  return grids;
}
