import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BuiltinOp,
  TensorType,
  readTflite,
  tensorValues,
} from '../../../../tools/tflite/reader.ts';
import { baseFromTflite } from '../../../../tools/model/base.ts';
import { Activation, writeTflite } from '../../../../tools/tflite/writer.ts';
import { WEIGHTS_DIR } from '../../../../tools/common/paths.ts';
import { NEEDS_SHARED } from '../../../shared.ts';

/** A one-operator TFLite model (a 1×1 uint8 CONV_2D), written by the project's writer. */
function writeTinyModel(codes: Uint8Array, grid: { scale: number; zeroPoint: number }): Uint8Array {
  return writeTflite({
    tensors: [
      {
        name: 'input',
        shape: [1, 2, 2, 3],
        type: TensorType.UINT8,
        quantization: { scale: 1 / 128, zeroPoint: 128 },
      },
      {
        name: 'weights',
        shape: [2, 1, 1, 3],
        type: TensorType.UINT8,
        data: codes,
        quantization: grid,
      },
      {
        name: 'bias',
        shape: [2],
        type: TensorType.INT32,
        data: new Uint8Array(new Int32Array([100, -50]).buffer),
        quantization: { scale: 0.001, zeroPoint: 0 },
      },
      {
        name: 'output',
        shape: [1, 2, 2, 2],
        type: TensorType.UINT8,
        quantization: { scale: 0.02, zeroPoint: 0 },
      },
    ],
    operators: [
      { op: 'CONV_2D', inputs: [0, 1, 2], outputs: [3], stride: 1, activation: Activation.RELU6 },
    ],
    inputs: [0],
    outputs: [3],
    description: 'tiny',
  });
}

describe('TFLite reader', () => {
  const grid = { scale: 0.05, zeroPoint: 120 };
  const codes = new Uint8Array([0, 60, 120, 130, 200, 255]);
  const file = writeTinyModel(codes, grid);

  it('reads back tensors, quantization and operators that the writer wrote', () => {
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
