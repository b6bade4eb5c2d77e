/**
 * Roadgate's model as an integer-only `.tflite`: the base file's own quantized backbone (its
 * uint8 weights, int32 biases and activation ranges, copied byte for byte) at the variant's input
 * size, then the trained head quantized to uint8 and a uint8 softmax. Runs on int8/uint8 kernels
 * (XNNPACK in MediaPipe's interpreter), where the TF.js export runs dequantized float32.
 * Fine-tuned last blocks (`tuned`) are quantized afresh: their float weights onto a uint8 grid of
 * their own range, their outputs onto the range measured on calibration photos.
 */
import { STRIDES } from '../../src/models/variants.ts';
import type { HeadWeights } from '../model/mobilenet.ts';
import { minMax, quantizeToGrid, uint8Range } from '../model/quantize.ts';
import {
  BuiltinOp,
  TensorType,
  type QuantGrid,
  type TfliteModel,
  type TfliteTensor,
} from './reader.ts';
import {
  Activation,
  writeTflite,
  type ActivationCode,
  type OperatorSpec,
  type TensorSpec,
} from './writer.ts';

/** TFLite's uint8 softmax output is fixed at scale 1/256, zero point 0 (kernel requirement). */
const SOFTMAX_OUTPUT = { scale: 1 / 256, zeroPoint: 0 };
/** Head activations beyond the calibration range by this factor still fit (unseen frames). */
const RANGE_MARGIN = 1.25;
const CONVOLUTIONS = 27;

function int32Bytes(values: number[]): Uint8Array {
  return new Uint8Array(Int32Array.from(values).buffer);
}

/** `[in, out]` row-major (TF.js Dense) → `[out, in]` (TFLite FULLY_CONNECTED weights). */
function transpose(kernel: Float32Array, inputs: number, outputs: number): Float32Array {
  const t = new Float32Array(kernel.length);
  for (let i = 0; i < inputs; i++)
    for (let o = 0; o < outputs; o++) t[o * inputs + i] = kernel[i * outputs + o] as number;
  return t;
}

/** A dense layer applied to `rows` rows of `x` in float: the head's calibration pass. */
function dense(
  x: Float32Array,
  rows: number,
  kernel: Float32Array,
  bias: Float32Array,
  relu: boolean,
) {
  const outputs = bias.length;
  const inputs = kernel.length / outputs;
  const y = new Float32Array(rows * outputs);
  for (let r = 0; r < rows; r++)
    for (let o = 0; o < outputs; o++) {
      let sum = bias[o] as number;
      for (let i = 0; i < inputs; i++)
        sum += (x[r * inputs + i] as number) * (kernel[i * outputs + o] as number);
      y[r * outputs + o] = relu ? Math.max(0, sum) : sum;
    }
  return y;
}

function extent(values: Float32Array): [number, number] {
  const [lo, hi] = minMax(values);
  return [lo * RANGE_MARGIN, hi * RANGE_MARGIN];
}

/** Convolutions from `from` on, with new float weights (TF.js layout) and measured output maxima. */
export interface TunedConvs {
  from: number;
  /** Kernels with the uint8 grid they were exported on (else one over their own range). */
  convs: { kernel: Float32Array; bias: Float32Array; grid?: QuantGrid }[];
  outputMax: number[];
}

/** TF.js kernel layout → TFLite's: HWIO `[1, 1, in, out]` → OHWI; depthwise `[3, 3, C, 1]` → `[1, 3, 3, C]`. */
function tfliteKernel(kernel: Float32Array, depthwise: boolean, outputs: number): Float32Array {
  return depthwise ? kernel : transpose(kernel, kernel.length / outputs, outputs);
}

export interface TfliteExport {
  /** The parsed base `.tflite` of the variant's width (its backbone is reused). */
  base: TfliteModel;
  head: HeadWeights;
  inputSize: number;
  /** Pooled features, row-major `[rows, dim]`, that set the head's activation ranges. */
  calibration: Float32Array;
  /** Fine-tuned last blocks; the base's bytes for every other convolution. */
  tuned?: TunedConvs;
  description: string;
}

/** Builds the integer model; throws a one-line error when the base is not a MobileNet v1. */
export function mobilenetTflite(o: TfliteExport): Uint8Array {
  const { base, head, inputSize } = o;
  const convs = base.operators.filter(
    (op) => op.op === BuiltinOp.CONV_2D || op.op === BuiltinOp.DEPTHWISE_CONV_2D,
  );
  if (convs.length < CONVOLUTIONS) {
    throw new Error(`base has ${convs.length} convolutions, a MobileNet v1 has ${CONVOLUTIONS}`);
  }
  const tensors: TensorSpec[] = [];
  const operators: OperatorSpec[] = [];
  const add = (t: TensorSpec): number => tensors.push(t) - 1;
  const quantOf = (index: number | undefined): QuantGrid => {
    const q = base.tensors[index ?? -1]?.quantization;
    if (!q) throw new Error(`base tensor ${index} is not quantized`);
    return { scale: q.scale[0] as number, zeroPoint: q.zeroPoint[0] ?? 0 };
  };
  const copyConst = (index: number | undefined): number => {
    const t = base.tensors[index ?? -1];
    if (!t) throw new Error(`base tensor ${index} is missing`);
    return add({
      name: t.name,
      shape: t.shape,
      type: t.type,
      data: t.data,
      quantization: quantOf(index),
    });
  };

  const requantized = (
    like: TfliteTensor | undefined,
    fresh: { kernel: Float32Array; grid?: QuantGrid },
    depthwise: boolean,
  ): number => {
    if (!like) throw new Error('base convolution has no weights tensor');
    const outputs = depthwise ? (like.shape[3] as number) : (like.shape[0] as number);
    const values = tfliteKernel(fresh.kernel, depthwise, outputs);
    const grid = fresh.grid ?? uint8Range(...minMax(values));
    return add({
      name: like.name,
      shape: like.shape,
      type: TensorType.UINT8,
      data: quantizeToGrid(values, grid),
      quantization: grid,
    });
  };
  const freshBias = (name: string, values: Float32Array, input: QuantGrid, weights: QuantGrid) => {
    const scale = input.scale * weights.scale;
    return add({
      name,
      shape: [values.length],
      type: TensorType.INT32,
      data: int32Bytes(Array.from(values, (b) => Math.round(b / scale))),
      quantization: { scale, zeroPoint: 0 },
    });
  };

  let size = inputSize;
  let x = add({
    name: 'image',
    shape: [1, size, size, 3],
    type: TensorType.UINT8,
    quantization: quantOf(base.inputs[0]),
  });
  convs.slice(0, CONVOLUTIONS).forEach((op, i) => {
    const depthwise = op.op === BuiltinOp.DEPTHWISE_CONV_2D;
    const stride = i === 0 ? 2 : depthwise ? (STRIDES[(i + 1) / 2] as number) : 1;
    const fresh = o.tuned && i >= o.tuned.from ? o.tuned.convs[i - o.tuned.from] : undefined;
    const weights = fresh
      ? requantized(base.tensors[op.inputs[1] ?? -1], fresh, depthwise)
      : copyConst(op.inputs[1]);
    const shape = tensors[weights]?.shape ?? [];
    const channels = (depthwise ? shape[3] : shape[0]) as number;
    const bias = fresh
      ? freshBias(
          `conv${i}/bias`,
          fresh.bias,
          tensors[x]?.quantization as QuantGrid,
          tensors[weights]?.quantization as QuantGrid,
        )
      : copyConst(op.inputs[2]);
    size = Math.ceil(size / stride);
    const outputMax = o.tuned?.outputMax[i - o.tuned.from];
    const y = add({
      name: `conv${i}`,
      shape: [1, size, size, channels],
      type: TensorType.UINT8,
      // ReLU6: a tuned output's grid runs from 0 to its measured maximum, never past 6.
      quantization:
        fresh && outputMax !== undefined
          ? uint8Range(0, Math.min(6, outputMax * RANGE_MARGIN))
          : quantOf(op.outputs[0]),
    });
    const common = {
      inputs: [x, weights, bias],
      outputs: [y],
      stride,
      activation: Activation.RELU6,
    };
    operators.push(
      depthwise ? { op: 'DEPTHWISE_CONV_2D', ...common } : { op: 'CONV_2D', ...common },
    );
    x = y;
  });

  const pooledQuant = tensors[x]?.quantization as QuantGrid;
  const dim = tensors[x]?.shape[3] as number;
  const pooled = add({
    name: 'features',
    shape: [1, 1, 1, dim],
    type: TensorType.UINT8,
    quantization: pooledQuant,
  });
  operators.push({ op: 'AVERAGE_POOL_2D', inputs: [x], outputs: [pooled], filter: size });

  // The head: one or two FULLY_CONNECTED layers, ranges measured on the calibration features.
  const rows = o.calibration.length / dim;
  const layers: { kernel: Float32Array; bias: Float32Array; activation: ActivationCode }[] = [];
  if (head.hidden)
    layers.push({
      kernel: head.hidden.kernel,
      bias: head.hidden.bias,
      activation: Activation.RELU,
    });
  layers.push({ kernel: head.kernel, bias: head.bias, activation: Activation.NONE });
  let input = { index: pooled, quant: pooledQuant, values: o.calibration };
  layers.forEach((layer, l) => {
    const outputs = layer.bias.length;
    const inputs = layer.kernel.length / outputs;
    const wT = transpose(layer.kernel, inputs, outputs);
    const wQuant = uint8Range(...minMax(wT));
    const biasScale = input.quant.scale * wQuant.scale;
    const weights = add({
      name: `head${l}/weights`,
      shape: [outputs, inputs],
      type: TensorType.UINT8,
      data: quantizeToGrid(wT, wQuant),
      quantization: wQuant,
    });
    const bias = add({
      name: `head${l}/bias`,
      shape: [outputs],
      type: TensorType.INT32,
      data: int32Bytes(Array.from(layer.bias, (b) => Math.round(b / biasScale))),
      quantization: { scale: biasScale, zeroPoint: 0 },
    });
    const values = dense(
      input.values,
      rows,
      layer.kernel,
      layer.bias,
      layer.activation === Activation.RELU,
    );
    const quant = uint8Range(...extent(values));
    const y = add({
      name: `head${l}`,
      shape: [1, outputs],
      type: TensorType.UINT8,
      quantization: quant,
    });
    operators.push({
      op: 'FULLY_CONNECTED',
      inputs: [input.index, weights, bias],
      outputs: [y],
      activation: layer.activation,
    });
    input = { index: y, quant, values };
  });
  const probabilities = add({
    name: 'probabilities',
    shape: [1, head.classes],
    type: TensorType.UINT8,
    quantization: SOFTMAX_OUTPUT,
  });
  operators.push({ op: 'SOFTMAX', inputs: [input.index], outputs: [probabilities], beta: 1 });
  return writeTflite({
    tensors,
    operators,
    inputs: [0],
    outputs: [probabilities],
    description: o.description,
  });
}
