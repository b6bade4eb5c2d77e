/**
 * A writer for the small subset of TFLite that a quantized MobileNet v1 + head needs: uint8 /
 * int32 tensors with per-tensor quantization, and CONV_2D, DEPTHWISE_CONV_2D, AVERAGE_POOL_2D,
 * FULLY_CONNECTED and SOFTMAX operators.
 *
 * Hand-written on the `flatbuffers` runtime for the reason given in tflite.ts (no npm package
 * writes TFLite; generating code needs `flatc`). Field indices and enum values follow
 * tensorflow/lite/schema/schema.fbs; `readTflite` reads the result back in the unit test and
 * MediaPipe's interpreter runs it in the browser tests.
 */
import { Builder } from 'flatbuffers';
import { BuiltinOp, type QuantGrid } from './reader.ts';

/** schema.fbs `ActivationFunctionType`. */
export const Activation = { NONE: 0, RELU: 1, RELU6: 3 } as const;
export type ActivationCode = (typeof Activation)[keyof typeof Activation];

export interface TensorSpec {
  name: string;
  shape: number[];
  /** A `TensorType` value (tflite.ts). */
  type: number;
  /** Constant bytes (little-endian); absent for activations. */
  data?: Uint8Array;
  quantization?: QuantGrid;
}

interface OpBase {
  inputs: number[];
  outputs: number[];
}

export type OperatorSpec =
  | (OpBase & { op: 'CONV_2D'; stride: number; activation: ActivationCode })
  | (OpBase & { op: 'DEPTHWISE_CONV_2D'; stride: number; activation: ActivationCode })
  | (OpBase & { op: 'AVERAGE_POOL_2D'; filter: number })
  | (OpBase & { op: 'FULLY_CONNECTED'; activation: ActivationCode })
  | (OpBase & { op: 'SOFTMAX'; beta: number });

export interface GraphSpec {
  tensors: TensorSpec[];
  operators: OperatorSpec[];
  inputs: number[];
  outputs: number[];
  description: string;
}

/** schema.fbs `BuiltinOptions` union members used here. */
const OPTIONS_TYPE = {
  CONV_2D: 1,
  DEPTHWISE_CONV_2D: 2,
  AVERAGE_POOL_2D: 5,
  FULLY_CONNECTED: 8,
  SOFTMAX: 9,
} as const;

const PADDING_SAME = 0;
/** Buffers are aligned for the interpreter's direct int32 reads (schema: force_align 16). */
const BUFFER_ALIGN = 16;

function int32Vector(b: Builder, values: readonly number[]): number {
  b.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) b.addInt32(values[i] as number);
  return b.endVector();
}

function offsetVector(b: Builder, offsets: readonly number[]): number {
  b.startVector(4, offsets.length, 4);
  for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i] as number);
  return b.endVector();
}

function bytesVector(b: Builder, bytes: Uint8Array): number {
  // Builder.createByteVector aligns to 1 byte only; byte by byte keeps the schema's alignment
  // (a few million calls for the largest model: milliseconds).
  b.startVector(1, bytes.length, BUFFER_ALIGN);
  for (let i = bytes.length - 1; i >= 0; i--) b.addInt8(bytes[i] as number);
  return b.endVector();
}

function quantization(b: Builder, q: { scale: number; zeroPoint: number }): number {
  b.startVector(4, 1, 4);
  b.addFloat32(q.scale);
  const scale = b.endVector();
  b.startVector(8, 1, 8);
  b.addInt64(BigInt(q.zeroPoint));
  const zero = b.endVector();
  b.startObject(7);
  b.addFieldOffset(2, scale, 0);
  b.addFieldOffset(3, zero, 0);
  return b.endObject();
}

function options(b: Builder, o: OperatorSpec): number {
  switch (o.op) {
    case 'CONV_2D':
    case 'DEPTHWISE_CONV_2D': {
      // The two tables differ only by depth_multiplier (field 3) in the depthwise one.
      const dw = o.op === 'DEPTHWISE_CONV_2D' ? 1 : 0;
      b.startObject(6 + dw);
      b.addFieldInt8(0, PADDING_SAME, -1);
      b.addFieldInt32(1, o.stride, 0);
      b.addFieldInt32(2, o.stride, 0);
      if (dw) b.addFieldInt32(3, 1, 0);
      b.addFieldInt8(3 + dw, o.activation, -1);
      b.addFieldInt32(4 + dw, 1, 0); // dilation w
      b.addFieldInt32(5 + dw, 1, 0); // dilation h
      return b.endObject();
    }
    case 'AVERAGE_POOL_2D':
      b.startObject(6);
      b.addFieldInt8(0, PADDING_SAME + 1, -1); // VALID: the filter covers the whole map
      b.addFieldInt32(1, 1, 0);
      b.addFieldInt32(2, 1, 0);
      b.addFieldInt32(3, o.filter, 0);
      b.addFieldInt32(4, o.filter, 0);
      b.addFieldInt8(5, Activation.NONE, -1);
      return b.endObject();
    case 'FULLY_CONNECTED':
      b.startObject(4);
      b.addFieldInt8(0, o.activation, -1);
      return b.endObject();
    case 'SOFTMAX':
      b.startObject(1);
      b.addFieldFloat32(0, o.beta, 0);
      return b.endObject();
  }
}

/** Serialises `g` as a `.tflite` file (identifier "TFL3", schema version 3). */
export function writeTflite(g: GraphSpec): Uint8Array {
  const b = new Builder(1024 * 1024);
  const opNames = [...new Set(g.operators.map((o) => o.op))];

  // Buffer 0 is the empty sentinel by convention; then one buffer per constant tensor.
  const bufferOf: number[] = [];
  const buffers: number[] = [];
  b.startObject(3);
  buffers.push(b.endObject());
  g.tensors.forEach((t, i) => {
    if (!t.data) {
      bufferOf[i] = 0;
      return;
    }
    const data = bytesVector(b, t.data);
    b.startObject(3);
    b.addFieldOffset(0, data, 0);
    bufferOf[i] = buffers.length;
    buffers.push(b.endObject());
  });

  const tensors = g.tensors.map((t, i) => {
    const name = b.createString(t.name);
    const shape = int32Vector(b, t.shape);
    const q = t.quantization ? quantization(b, t.quantization) : 0;
    b.startObject(10);
    b.addFieldOffset(0, shape, 0);
    b.addFieldInt8(1, t.type, -1);
    b.addFieldInt32(2, bufferOf[i] as number, -1);
    b.addFieldOffset(3, name, 0);
    if (q) b.addFieldOffset(4, q, 0);
    return b.endObject();
  });

  const operators = g.operators.map((o) => {
    const inputs = int32Vector(b, o.inputs);
    const outputs = int32Vector(b, o.outputs);
    const opts = options(b, o);
    b.startObject(5);
    b.addFieldInt32(0, opNames.indexOf(o.op), -1);
    b.addFieldOffset(1, inputs, 0);
    b.addFieldOffset(2, outputs, 0);
    b.addFieldInt8(3, OPTIONS_TYPE[o.op], -1);
    b.addFieldOffset(4, opts, 0);
    return b.endObject();
  });

  const opcodes = opNames.map((name) => {
    const code = BuiltinOp[name];
    b.startObject(4);
    b.addFieldInt8(0, code, -1); // deprecated_builtin_code: readers older than 2.4 look here
    b.addFieldInt32(2, 1, 0);
    b.addFieldInt32(3, code, -1);
    return b.endObject();
  });

  const subgraph = (() => {
    const t = offsetVector(b, tensors);
    const ins = int32Vector(b, g.inputs);
    const outs = int32Vector(b, g.outputs);
    const ops = offsetVector(b, operators);
    const name = b.createString('main');
    b.startObject(5);
    b.addFieldOffset(0, t, 0);
    b.addFieldOffset(1, ins, 0);
    b.addFieldOffset(2, outs, 0);
    b.addFieldOffset(3, ops, 0);
    b.addFieldOffset(4, name, 0);
    return b.endObject();
  })();

  const codes = offsetVector(b, opcodes);
  const graphs = offsetVector(b, [subgraph]);
  const description = b.createString(g.description);
  const bufs = offsetVector(b, buffers);
  b.startObject(8);
  b.addFieldInt32(0, 3, -1);
  b.addFieldOffset(1, codes, 0);
  b.addFieldOffset(2, graphs, 0);
  b.addFieldOffset(3, description, 0);
  b.addFieldOffset(4, bufs, 0);
  b.finish(b.endObject(), 'TFL3');
  return b.asUint8Array();
}
