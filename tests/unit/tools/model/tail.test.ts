import { beforeAll, describe, expect, it } from 'vitest';
import { initTf, tf } from '../../../../tools/common/tf.ts';
import { randomBase } from '../../../../tools/model/mobilenet.ts';
import { minMax, quantizeToGrid, uint8Range } from '../../../../tools/model/quantize.ts';
import {
  depthwise3x3,
  onUint8Grid,
  pointwise,
  tailList,
  tailLogits,
  tailVariables,
  tailWeights,
} from '../../../../tools/model/tail.ts';
import { seededRandom } from '../../../../src/util/random.ts';

beforeAll(async () => {
  await initTf('wasm');
});

function randomTensor(shape: number[], seed: number): tf.Tensor {
  const rand = seededRandom(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => rand() * 2 - 1),
    shape,
  );
}

const maxGap = (a: tf.Tensor, b: tf.Tensor) =>
  tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);

describe('the differentiable tail', () => {
  for (const [size, stride] of [
    [8, 1],
    [7, 1],
    [8, 2],
    [7, 2],
    [14, 2],
  ] as const) {
    it(`computes a SAME depthwise 3×3 like tf.depthwiseConv2d (${size}×${size}, stride ${stride})`, () => {
      const x = randomTensor([2, size, size, 5], 1) as tf.Tensor4D;
      const k = randomTensor([3, 3, 5], 2) as tf.Tensor3D;
      const ours = depthwise3x3(x, k, stride);
      const theirs = tf.depthwiseConv2d(x, tf.reshape(k, [3, 3, 5, 1]), stride, 'same');
      expect(ours.shape).toEqual(theirs.shape);
      expect(maxGap(ours, theirs)).toBeLessThan(1e-5);
    });
  }

  it('computes a 1×1 convolution like tf.conv2d', () => {
    const x = randomTensor([2, 4, 4, 6], 3) as tf.Tensor4D;
    const k = randomTensor([6, 3], 4) as tf.Tensor2D;
    const theirs = tf.conv2d(x, tf.reshape(k, [1, 1, 6, 3]), 1, 'same');
    expect(maxGap(pointwise(x, k), theirs)).toBeLessThan(1e-5);
  });

  it('has gradients on the WASM backend for every tail weight, and gives them back in place', () => {
    expect(tf.getBackend()).toBe('wasm');
    const base = randomBase(0.25);
    const dim = 256;
    const head = {
      kernel: Float32Array.from({ length: dim * 2 }, (_, i) => ((i % 7) - 3) / 30),
      bias: new Float32Array(2),
      classes: 2,
    };
    const v = tailVariables(base, head, 2);
    // Block 12 (stride 2) takes the 128-channel output of block 11.
    const x = tf.relu6(randomTensor([3, 8, 8, 128], 5)) as tf.Tensor4D;
    const { grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(tf.oneHot([0, 1, 0], 2), tailLogits(v, x)),
      tailList(v),
    );
    const norms = Object.values(grads).map((g) => tf.norm(g).dataSync()[0] as number);
    expect(norms).toHaveLength(10);
    expect(norms.every((n) => Number.isFinite(n))).toBe(true);
    expect(norms.filter((n) => n > 0).length).toBeGreaterThanOrEqual(8);
    const out = tailWeights(base, v);
    expect(out.base.convs.slice(0, 23)).toEqual(base.convs.slice(0, 23));
    expect(out.base.convs[26]?.kernel).toEqual(base.convs[26]?.kernel);
    // A tuned kernel gets a grid of its own range, with zero on it, for both exports.
    const grid = out.base.convs[26]?.kernelGrid;
    const kernel = out.base.convs[26]?.kernel as Float32Array;
    expect(grid?.scale).toBeCloseTo((Math.max(0, ...kernel) - Math.min(0, ...kernel)) / 255, 6);
    expect(grid?.zeroPoint).toBe(Math.round(-Math.min(0, ...kernel) / (grid?.scale as number)));
    expect(out.head.kernel).toEqual(head.kernel);
    tailList(v).forEach((t) => t.dispose());
  });

  it('rounds a kernel onto the grid its export gets, with the gradient passed straight through', () => {
    // Shifted so that zero is not the middle: the zero point is not 128.
    const w = tf.tidy(() => tf.add(tf.mul(randomTensor([3, 3, 40], 8), 0.3), 0.1));
    const values = w.dataSync() as Float32Array;
    const grid = uint8Range(...minMax(values));
    const exported = Array.from(
      quantizeToGrid(values, grid),
      (q) => (q - grid.zeroPoint) * grid.scale,
    );
    const onGrid = onUint8Grid(w);
    const got = onGrid.dataSync() as Float32Array;
    exported.forEach((e, i) => expect(got[i]).toBeCloseTo(e, 6));
    // It moved the weights (by at most half a step), so the test above can tell.
    expect(maxGap(onGrid, w)).toBeGreaterThan(grid.scale / 10);
    expect(maxGap(onGrid, w)).toBeLessThanOrEqual(grid.scale / 2 + 1e-6);
    const upstream = randomTensor([3, 3, 40], 9);
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(onUint8Grid(x), upstream)))(w);
    expect(maxGap(g, upstream)).toBeLessThan(1e-6);
    [w, onGrid, upstream, g].forEach((t) => t.dispose());
  });

  it('runs the whole tail on the uint8 grids when asked, and differs from float32 by little', () => {
    const base = randomBase(0.25);
    const head = {
      kernel: Float32Array.from({ length: 256 * 2 }, (_, i) => ((i % 7) - 3) / 30),
      bias: new Float32Array(2),
      classes: 2,
    };
    const v = tailVariables(base, head, 2);
    const x = tf.relu6(randomTensor([3, 8, 8, 128], 5)) as tf.Tensor4D;
    const [float, uint8] = [tailLogits(v, x), tailLogits(v, x, true)];
    const gap = maxGap(float, uint8);
    expect(gap).toBeGreaterThan(0);
    const largest = tf.tidy(() => tf.max(tf.abs(float)).dataSync()[0] as number);
    expect(gap).toBeLessThan(0.05 * largest + 1e-3);
    [x, float, uint8, ...tailList(v)].forEach((t) => t.dispose());
  });
});
