/** The integer export: a MobileNet v1 backbone from a .tflite base plus a uint8 head. */
import { describe, expect, it } from 'vitest';
import { channelsAt } from '../../../../src/models/variants.ts';
import {
  BuiltinOp,
  TensorType,
  readTflite,
  tensorValues,
  type TfliteModel,
  type TfliteTensor,
} from '../../../../tools/tflite/reader.ts';
import { mobilenetTflite } from '../../../../tools/tflite/mobilenet-tflite.ts';
import { quantizeToGrid, uint8Range } from '../../../../tools/model/quantize.ts';
import { seededRandom } from '../../../../tools/data/images.ts';

const RELU6 = { scale: [6 / 255], zeroPoint: [0] };

/** A width-0.25 base shaped like the Coral files: 27 uint8 convolutions, seeded weights. */
function syntheticBase(): TfliteModel {
  const rand = seededRandom(7);
  const channels = channelsAt(0.25);
  const tensors: TfliteTensor[] = [
    {
      name: 'input',
      shape: [1, 128, 128, 3],
      type: TensorType.UINT8,
      data: new Uint8Array(0),
      quantization: { scale: [1 / 128], zeroPoint: [128] },
    },
  ];
  const operators: TfliteModel['operators'] = [];
  let inC = 3;
  channels.forEach((outC, i) => {
    const depthwise = i % 2 === 1;
    const shape = i === 0 ? [outC, 3, 3, 3] : depthwise ? [1, 3, 3, outC] : [outC, 1, 1, inC];
    const count = shape.reduce((a, b) => a * b, 1);
    const w = tensors.push({
      name: `w${i}`,
      shape,
      type: TensorType.UINT8,
      data: Uint8Array.from({ length: count }, () => Math.floor(rand() * 256)),
      quantization: { scale: [0.01], zeroPoint: [128] },
    });
    const b = tensors.push({
      name: `b${i}`,
      shape: [outC],
      type: TensorType.INT32,
      data: new Uint8Array(4 * outC),
      quantization: { scale: [0.0001], zeroPoint: [0] },
    });
    const y = tensors.push({
      name: `y${i}`,
      shape: [],
      type: TensorType.UINT8,
      data: new Uint8Array(0),
      quantization: RELU6,
    });
    operators.push({
      op: depthwise ? BuiltinOp.DEPTHWISE_CONV_2D : BuiltinOp.CONV_2D,
      inputs: [i === 0 ? 0 : y - 4, w - 1, b - 1],
      outputs: [y - 1],
    });
    inC = outC;
  });
  return { tensors, operators, inputs: [0], outputs: [tensors.length - 1] };
}

describe('integer MobileNet export', () => {
  const base = syntheticBase();
  const dim = 256;
  const rand = seededRandom(3);
  const head = {
    kernel: Float32Array.from({ length: dim * 2 }, () => rand() - 0.5),
    bias: Float32Array.from([0.3, -0.3]),
    classes: 2,
  };
  const rows = 20;
  const calibration = Float32Array.from({ length: rows * dim }, () => rand() * 6);

  for (const inputSize of [128, 224]) {
    it(`builds 27 convolutions, a pool, a head and a softmax at ${inputSize}`, () => {
      const m = readTflite(
        mobilenetTflite({ base, head, inputSize, calibration, description: 'test' }),
      );
      const ops = m.operators.map((o) => o.op);
      expect(ops).toHaveLength(30);
      expect(ops.slice(27)).toEqual([
        BuiltinOp.AVERAGE_POOL_2D,
        BuiltinOp.FULLY_CONNECTED,
        BuiltinOp.SOFTMAX,
      ]);
      expect(m.tensors[m.inputs[0] as number]?.shape).toEqual([1, inputSize, inputSize, 3]);
      const last = m.operators[26]?.outputs[0] as number;
      const grid = Math.ceil(inputSize / 32);
      expect(m.tensors[last]?.shape).toEqual([1, grid, grid, dim]);
      const out = m.tensors[m.outputs[0] as number];
      expect(out?.shape).toEqual([1, 2]);
      expect(out?.quantization).toEqual({ scale: [1 / 256], zeroPoint: [0] });
    });
  }

  it('copies the backbone bytes and quantizes the head within half a step', () => {
    const m = readTflite(
      mobilenetTflite({ base, head, inputSize: 128, calibration, description: 'test' }),
    );
    const firstWeights = m.tensors[m.operators[0]?.inputs[1] as number];
    expect(Array.from(firstWeights?.data ?? [])).toEqual(Array.from(base.tensors[1]?.data ?? []));

    const fc = m.operators[28];
    const w = m.tensors[fc?.inputs[1] as number] as TfliteTensor;
    expect(w.shape).toEqual([2, dim]);
    const scale = w.quantization?.scale[0] as number;
    const values = tensorValues(w);
    // TFLite stores [out, in]; the head is [in, out].
    for (let i = 0; i < dim; i += 17)
      for (let o = 0; o < 2; o++)
        expect(
          Math.abs((values[o * dim + i] as number) - (head.kernel[i * 2 + o] as number)),
        ).toBeLessThanOrEqual(scale / 2 + 1e-7);
    const bias = m.tensors[fc?.inputs[2] as number] as TfliteTensor;
    const features = m.tensors[fc?.inputs[0] as number] as TfliteTensor;
    expect(bias.quantization?.scale[0]).toBeCloseTo(
      (features.quantization?.scale[0] as number) * scale,
      10,
    );
    expect(tensorValues(bias)[0]).toBeCloseTo(0.3, 2);
  });

  it('sets the logit range to cover every calibration logit', () => {
    const m = readTflite(
      mobilenetTflite({ base, head, inputSize: 128, calibration, description: 'test' }),
    );
    const logits = m.tensors[m.operators[28]?.outputs[0] as number] as TfliteTensor;
    const { scale, zeroPoint } = logits.quantization as { scale: number[]; zeroPoint: number[] };
    const lo = (0 - (zeroPoint[0] as number)) * (scale[0] as number);
    const hi = (255 - (zeroPoint[0] as number)) * (scale[0] as number);
    for (let r = 0; r < rows; r++)
      for (let o = 0; o < 2; o++) {
        let z = head.bias[o] as number;
        for (let i = 0; i < dim; i++)
          z += (calibration[r * dim + i] as number) * (head.kernel[i * 2 + o] as number);
        expect(z).toBeGreaterThanOrEqual(lo);
        expect(z).toBeLessThanOrEqual(hi);
      }
  });

  it('quantizes fine-tuned last blocks afresh, in TFLite layout, and keeps the rest byte for byte', () => {
    // Two tuned blocks: dw12 (depthwise, 128 channels), pw12 (128 → 256), dw13, pw13 (256 → 256).
    const from = 23;
    const shapes = [
      [3, 3, 128, 1],
      [1, 1, 128, 256],
      [3, 3, 256, 1],
      [1, 1, 256, 256],
    ];
    const convs = shapes.map((shape) => {
      const n = shape.reduce((a, b) => a * b, 1);
      return {
        kernel: Float32Array.from({ length: n }, () => rand() * 0.4 - 0.1),
        bias: Float32Array.from(
          { length: shape[2] === 128 && shape[3] === 1 ? 128 : 256 },
          () => rand() - 0.5,
        ),
      };
    });
    const outputMax = [5.9, 2, 7.5, 3];
    // dw12 comes with the grid it was saved with in model.json: that one is used, not a new one.
    const savedGrid = { scale: 0.0021, zeroPoint: 40 };
    const tuned = {
      from,
      convs: convs.map((c, k) => (k === 0 ? { ...c, grid: savedGrid } : c)),
      outputMax,
    };
    const m = readTflite(
      mobilenetTflite({ base, head, inputSize: 128, calibration, tuned, description: 'test' }),
    );
    const weightsOf = (i: number) => m.tensors[m.operators[i]?.inputs[1] as number] as TfliteTensor;
    for (let i = 0; i < from; i++)
      expect(weightsOf(i).data).toEqual(base.tensors[base.operators[i]?.inputs[1] as number]?.data);
    // dw12: TF.js [3, 3, C, 1] is TFLite [1, 3, 3, C] in the same order, on the saved grid.
    const dw = weightsOf(23);
    expect(dw.shape).toEqual([1, 3, 3, 128]);
    expect(dw.quantization?.scale[0]).toBeCloseTo(savedGrid.scale, 9);
    expect(dw.quantization?.zeroPoint[0]).toBe(savedGrid.zeroPoint);
    expect(Array.from(dw.data)).toEqual(
      Array.from(quantizeToGrid(convs[0]?.kernel as Float32Array, savedGrid)),
    );
    // pw12: TF.js [1, 1, in, out] becomes TFLite [out, 1, 1, in], each within half a step.
    const pw = weightsOf(24);
    expect(pw.shape).toEqual([256, 1, 1, 128]);
    const step = pw.quantization?.scale[0] as number;
    const values = tensorValues(pw);
    const kernel = convs[1]?.kernel as Float32Array;
    for (let i = 0; i < 128; i += 13)
      for (let o = 0; o < 256; o += 29)
        expect(
          Math.abs((values[o * 128 + i] as number) - (kernel[i * 256 + o] as number)),
        ).toBeLessThanOrEqual(step / 2 + 1e-7);
    // Its bias on the input grid × the weights' grid; its output from 0 to the measured maximum.
    const op = m.operators[24];
    const input = m.tensors[op?.inputs[0] as number]?.quantization?.scale[0] as number;
    const bias = m.tensors[op?.inputs[2] as number] as TfliteTensor;
    // Scales are stored as float32: compare relatively.
    expect((bias.quantization?.scale[0] as number) / (input * step)).toBeCloseTo(1, 6);
    expect(tensorValues(bias)[5]).toBeCloseTo(convs[1]?.bias[5] as number, 3);
    const outScale = (i: number) =>
      m.tensors[m.operators[i]?.outputs[0] as number]?.quantization?.scale[0] as number;
    expect(outScale(24) * 255).toBeCloseTo(2 * 1.25, 5);
    // A ReLU6 output never needs more than 6, whatever calibration saw.
    expect(outScale(25) * 255).toBeCloseTo(6, 5);
    expect(outScale(22)).toBeCloseTo(RELU6.scale[0] as number, 8);
  });

  it('refuses a base that is not a MobileNet v1, in one line', () => {
    const tiny = { ...base, operators: base.operators.slice(0, 5) };
    expect(() =>
      mobilenetTflite({ base: tiny, head, inputSize: 128, calibration, description: 'x' }),
    ).toThrow(/5 convolutions, a MobileNet v1 has 27/);
  });

  it('uint8 ranges always contain zero exactly', () => {
    for (const [lo, hi] of [
      [-3, 5],
      [1, 4],
      [-4, -1],
    ] as const) {
      const q = uint8Range(lo, hi);
      expect(Number.isInteger(q.zeroPoint)).toBe(true);
      expect(q.zeroPoint).toBeGreaterThanOrEqual(0);
      expect(q.zeroPoint).toBeLessThanOrEqual(255);
      expect((0 - q.zeroPoint) * q.scale).toBeLessThanOrEqual(Math.min(0, lo) + 1e-9);
      expect((255 - q.zeroPoint) * q.scale).toBeGreaterThanOrEqual(Math.max(0, hi) - q.scale);
    }
  });
});
