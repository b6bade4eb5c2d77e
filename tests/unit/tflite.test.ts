import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Builder } from 'flatbuffers';
import { describe, expect, it } from 'vitest';
import { BuiltinOp, TensorType, readTflite, tensorValues } from '../../tools/lib/tflite.ts';
import { baseFromTflite } from '../../tools/lib/base.ts';
import { WEIGHTS_DIR } from '../../tools/lib/paths.ts';
import { NEEDS_SHARED } from '../shared.ts';

/** Writes a one-operator TFLite model (a 1×1 uint8 CONV_2D) with the schema's field indices. */
function writeTinyModel(codes: Uint8Array, grid: { scale: number; zeroPoint: number }): Uint8Array {
  const b = new Builder(1024);
  const ints = (xs: number[]) => {
    b.startVector(4, xs.length, 4);
    for (let i = xs.length - 1; i >= 0; i--) b.addInt32(xs[i] as number);
    return b.endVector();
  };
  const offsets = (xs: number[]) => {
    b.startVector(4, xs.length, 4);
    for (let i = xs.length - 1; i >= 0; i--) b.addOffset(xs[i] as number);
    return b.endVector();
  };
  const quant = (scale: number, zero: number) => {
    b.startVector(4, 1, 4);
    b.addFloat32(scale);
    const s = b.endVector();
    b.startVector(8, 1, 8);
    b.addInt64(BigInt(zero));
    const z = b.endVector();
    b.startObject(7);
    b.addFieldOffset(2, s, 0);
    b.addFieldOffset(3, z, 0);
    return b.endObject();
  };
  const tensor = (name: string, shape: number[], type: number, buffer: number, q?: number) => {
    const n = b.createString(name);
    const sh = ints(shape);
    b.startObject(5);
    b.addFieldOffset(0, sh, 0);
    b.addFieldInt8(1, type, 0);
    b.addFieldInt32(2, buffer, 0);
    b.addFieldOffset(3, n, 0);
    if (q !== undefined) b.addFieldOffset(4, q, 0);
    return b.endObject();
  };
  const buffer = (bytes: Uint8Array | null) => {
    const data = bytes ? b.createByteVector(bytes) : 0;
    b.startObject(1);
    if (bytes) b.addFieldOffset(0, data, 0);
    return b.endObject();
  };
  const bias = new Uint8Array(new Int32Array([100, -50]).buffer);
  const tensors = [
    tensor('input', [1, 2, 2, 3], TensorType.UINT8, 0, quant(1 / 128, 128)),
    tensor('weights', [2, 1, 1, 3], TensorType.UINT8, 1, quant(grid.scale, grid.zeroPoint)),
    tensor('bias', [2], TensorType.INT32, 2, quant(0.001, 0)),
    tensor('output', [1, 2, 2, 2], TensorType.UINT8, 0, quant(0.02, 0)),
  ];
  const op = (() => {
    const ins = ints([0, 1, 2]);
    const outs = ints([3]);
    b.startObject(5);
    b.addFieldInt32(0, 0, 0);
    b.addFieldOffset(1, ins, 0);
    b.addFieldOffset(2, outs, 0);
    return b.endObject();
  })();
  const tensorVec = offsets(tensors);
  const inVec = ints([0]);
  const outVec = ints([3]);
  const opVec = offsets([op]);
  b.startObject(5);
  b.addFieldOffset(0, tensorVec, 0);
  b.addFieldOffset(1, inVec, 0);
  b.addFieldOffset(2, outVec, 0);
  b.addFieldOffset(3, opVec, 0);
  const subgraph = b.endObject();
  b.startObject(4);
  b.addFieldInt8(0, BuiltinOp.CONV_2D, 0);
  b.addFieldInt32(2, 1, 1);
  b.addFieldInt32(3, BuiltinOp.CONV_2D, 0);
  const opcode = b.endObject();
  const buffers = [buffer(null), buffer(codes), buffer(bias)];
  const opcodes = offsets([opcode]);
  const subgraphs = offsets([subgraph]);
  const buffersVec = offsets(buffers);
  b.startObject(5);
  b.addFieldInt32(0, 3, 0);
  b.addFieldOffset(1, opcodes, 0);
  b.addFieldOffset(2, subgraphs, 0);
  b.addFieldOffset(4, buffersVec, 0);
  b.finish(b.endObject(), 'TFL3');
  return b.asUint8Array();
}

describe('TFLite reader', () => {
  const grid = { scale: 0.05, zeroPoint: 120 };
  const codes = new Uint8Array([0, 60, 120, 130, 200, 255]);
  const file = writeTinyModel(codes, grid);

  it('reads tensors, quantization and operators from a file it wrote', () => {
    const m = readTflite(file);
    expect(m.tensors.map((t) => t.name)).toEqual(['input', 'weights', 'bias', 'output']);
    expect(m.inputs).toEqual([0]);
    expect(m.outputs).toEqual([3]);
    expect(m.operators).toEqual([{ op: BuiltinOp.CONV_2D, inputs: [0, 1, 2], outputs: [3] }]);
    const w = m.tensors[1];
    expect(w?.shape).toEqual([2, 1, 1, 3]);
    expect(w?.quantization?.scale[0]).toBeCloseTo(0.05, 7);
    expect(w?.quantization?.zeroPoint).toEqual([120]);
    expect(Array.from(w?.data ?? [])).toEqual(Array.from(codes));
  });

  it('dequantizes uint8 and int32 with scale and zero point', () => {
    const m = readTflite(file);
    const w = tensorValues(m.tensors[1]!);
    Array.from(codes).forEach((c, i) => expect(w[i]).toBeCloseTo(0.05 * (c - 120), 6));
    const bias = tensorValues(m.tensors[2]!);
    expect(bias[0]).toBeCloseTo(0.1, 6);
    expect(bias[1]).toBeCloseTo(-0.05, 6);
  });

  it('rejects bytes that are not a TFLite model in one line', () => {
    expect(() => readTflite(new Uint8Array(64))).toThrow(/not a TFLite model/);
  });

  it('refuses a file with too few convolutions as a MobileNet base', () => {
    expect(() => baseFromTflite(file, 'tiny.tflite')).toThrow(
      /1 convolutions, a MobileNet v1 has 27/,
    );
  });

  const coral = join(WEIGHTS_DIR, 'tflite_quant_coral', 'mobilenet_v1_0.25_128_quant.tflite');
  it.skipIf(!existsSync(coral))(
    `maps a real MobileNet v1 file onto 27 convolutions and a 1001-way classifier${NEEDS_SHARED}`,
    () => {
      const base = baseFromTflite(readFileSync(coral), coral);
      expect(base.width).toBe(0.25);
      expect(base.convs).toHaveLength(27);
      expect(base.convs[0]?.shape).toEqual([3, 3, 3, 8]);
      expect(base.convs[1]?.shape).toEqual([3, 3, 8, 1]);
      expect(base.convs[26]?.shape).toEqual([1, 1, 256, 256]);
      expect(base.convs.every((c) => c.kernelGrid !== undefined)).toBe(true);
      expect(base.classifier?.classes).toBe(1001);
      expect(base.classifier?.background).toBe(true);
    },
  );
});
