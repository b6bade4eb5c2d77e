/**
 * A reader for the parts of a TFLite flatbuffer that a MobileNet v1 base needs: tensors (shape,
 * type, raw bytes, quantization) and operators in execution order.
 *
 * Hand-written against the `flatbuffers` runtime because no well-kept npm package reads TFLite
 * files outside a browser interpreter, and generating code needs `flatc`, which is not on npm.
 * Field slots follow tensorflow/lite/schema/schema.fbs (slot = 4 + 2 × field index).
 */
import { ByteBuffer } from 'flatbuffers';

/** TFLite `TensorType` values this project reads. */
export const TensorType = {
  FLOAT32: 0,
  FLOAT16: 1,
  INT32: 2,
  UINT8: 3,
  INT64: 4,
  INT8: 9,
} as const;

/** TFLite `BuiltinOperator` values this project reads. */
export const BuiltinOp = {
  AVERAGE_POOL_2D: 1,
  CONV_2D: 3,
  DEPTHWISE_CONV_2D: 4,
  FULLY_CONNECTED: 9,
  RESHAPE: 22,
  SOFTMAX: 25,
} as const;

/**
 * A per-tensor uint8 grid, TFLite's affine quantization: real = scale × (q − zeroPoint). Kept
 * from a base file so that re-quantizing its weights is lossless.
 */
export interface QuantGrid {
  scale: number;
  zeroPoint: number;
}

/** A tensor's quantization as the file stores it: one entry per channel, or one for all. */
export interface TfliteQuantization {
  scale: number[];
  zeroPoint: number[];
}

export interface TfliteTensor {
  name: string;
  shape: number[];
  type: number;
  /** The tensor's constant bytes; empty for activations. A view into the file. */
  data: Uint8Array;
  quantization?: TfliteQuantization;
}

export interface TfliteOperator {
  /** The builtin operator code (see `BuiltinOp`). */
  op: number;
  inputs: number[];
  outputs: number[];
}

export interface TfliteModel {
  tensors: TfliteTensor[];
  operators: TfliteOperator[];
  inputs: number[];
  outputs: number[];
}

const slot = (field: number): number => 4 + 2 * field;

function table(bb: ByteBuffer, pos: number, field: number): number | null {
  const o = bb.__offset(pos, slot(field));
  return o ? bb.__indirect(pos + o) : null;
}

function tables(bb: ByteBuffer, pos: number, field: number): number[] {
  const o = bb.__offset(pos, slot(field));
  if (!o) return [];
  const start = bb.__vector(pos + o);
  const n = bb.__vector_len(pos + o);
  return Array.from({ length: n }, (_, i) => bb.__indirect(start + 4 * i));
}

function int32s(bb: ByteBuffer, pos: number, field: number): number[] {
  const o = bb.__offset(pos, slot(field));
  if (!o) return [];
  const start = bb.__vector(pos + o);
  return Array.from({ length: bb.__vector_len(pos + o) }, (_, i) => bb.readInt32(start + 4 * i));
}

function float32s(bb: ByteBuffer, pos: number, field: number): number[] {
  const o = bb.__offset(pos, slot(field));
  if (!o) return [];
  const start = bb.__vector(pos + o);
  return Array.from({ length: bb.__vector_len(pos + o) }, (_, i) => bb.readFloat32(start + 4 * i));
}

function int64s(bb: ByteBuffer, pos: number, field: number): number[] {
  const o = bb.__offset(pos, slot(field));
  if (!o) return [];
  const start = bb.__vector(pos + o);
  return Array.from({ length: bb.__vector_len(pos + o) }, (_, i) =>
    Number(bb.readInt64(start + 8 * i)),
  );
}

function scalar(bb: ByteBuffer, pos: number, field: number, read: (at: number) => number): number {
  const o = bb.__offset(pos, slot(field));
  return o ? read(pos + o) : 0;
}

function bufferBytes(bb: ByteBuffer, pos: number): Uint8Array {
  const o = bb.__offset(pos, slot(0));
  if (o) {
    const start = bb.__vector(pos + o);
    return bb.bytes().subarray(start, start + bb.__vector_len(pos + o));
  }
  // Models over 2 GiB keep data after the flatbuffer: Buffer.offset / Buffer.size (uint64).
  const offset = Number(scalar(bb, pos, 1, (at) => Number(bb.readUint64(at))));
  const size = Number(scalar(bb, pos, 2, (at) => Number(bb.readUint64(at))));
  return offset > 1 ? bb.bytes().subarray(offset, offset + size) : new Uint8Array(0);
}

/**
 * Parses a `.tflite` file. Throws a one-line error when the bytes are not a TFLite model.
 * Tensor data are views into `bytes`: keep `bytes` alive while they are used.
 */
export function readTflite(bytes: Uint8Array): TfliteModel {
  const bb = new ByteBuffer(bytes);
  if (bytes.length < 8 || bb.__has_identifier('TFL3') === false) {
    throw new Error('not a TFLite model (file identifier "TFL3" missing)');
  }
  const root = bb.readInt32(bb.position()) + bb.position();
  const buffers = tables(bb, root, 4).map((b) => bufferBytes(bb, b));
  const opcodes = tables(bb, root, 1).map((c) =>
    Math.max(
      scalar(bb, c, 0, (at) => bb.readInt8(at)),
      scalar(bb, c, 3, (at) => bb.readInt32(at)),
    ),
  );
  const subgraph = tables(bb, root, 2)[0];
  if (subgraph === undefined) throw new Error('TFLite model has no subgraph');

  const tensors = tables(bb, subgraph, 0).map((t): TfliteTensor => {
    const nameAt = bb.__offset(t, slot(3));
    const q = table(bb, t, 4);
    const scale = q === null ? [] : float32s(bb, q, 2);
    return {
      name: nameAt ? (bb.__string(t + nameAt) as string) : '',
      shape: int32s(bb, t, 0),
      type: scalar(bb, t, 1, (at) => bb.readInt8(at)),
      data: buffers[scalar(bb, t, 2, (at) => bb.readUint32(at))] ?? new Uint8Array(0),
      quantization: scale.length > 0 ? { scale, zeroPoint: int64s(bb, q as number, 3) } : undefined,
    };
  });
  const operators = tables(bb, subgraph, 3).map((o) => ({
    op: opcodes[scalar(bb, o, 0, (at) => bb.readUint32(at))] ?? -1,
    inputs: int32s(bb, o, 1),
    outputs: int32s(bb, o, 2),
  }));
  return { tensors, operators, inputs: int32s(bb, subgraph, 1), outputs: int32s(bb, subgraph, 2) };
}

/** Dequantizes (uint8, int8, int32) or copies (float32) a constant tensor to float32. */
export function tensorValues(t: TfliteTensor): Float32Array {
  const { data } = t;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const count = t.shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(count);
  const scale = t.quantization?.scale[0] ?? 1;
  const zero = t.quantization?.zeroPoint[0] ?? 0;
  const perChannel = (t.quantization?.scale.length ?? 0) > 1;
  if (perChannel) throw new Error(`tensor ${t.name}: per-channel quantization is not supported`);
  for (let i = 0; i < count; i++) {
    switch (t.type) {
      case TensorType.FLOAT32:
        out[i] = view.getFloat32(4 * i, true);
        break;
      case TensorType.UINT8:
        out[i] = scale * ((data[i] as number) - zero);
        break;
      case TensorType.INT8:
        out[i] = scale * (view.getInt8(i) - zero);
        break;
      case TensorType.INT32:
        out[i] = scale * (view.getInt32(4 * i, true) - zero);
        break;
      default:
        throw new Error(`tensor ${t.name}: unsupported TFLite tensor type ${t.type}`);
    }
  }
  return out;
}
