/**
 * The last blocks of a MobileNet v1 (depthwise 3×3 + pointwise, each with bias and ReLU6), global
 * average pooling and a softmax head, as plain tfjs-core ops that can be differentiated on the
 * WASM backend.
 *
 * Why by hand: TF.js's WASM backend registers no DepthwiseConv2dNativeBackpropFilter / -Input or
 * Conv2DBackpropFilter kernels, and the CPU backend that has them is several times slower for
 * these shapes. A 3×3 depthwise convolution is nine shifted, per-channel scaled copies of its
 * input, and a 1×1 convolution is a matrix product; slices, pads, products and sums have
 * gradients on every backend. `tests/unit/tools/model/tail.test.ts` checks both against
 * tf.depthwiseConv2d / tf.conv2d.
 */
import { tf } from '../common/tf.ts';
import { STRIDES } from '../../src/models/variants.ts';
import type { ConvWeights, MobileNetBase } from './base.ts';
import type { HeadWeights } from './mobilenet.ts';
import { minMax, uint8Range } from './quantize.ts';

/** Index in `base.convs` of the first convolution of the last `blocks` blocks. */
export const firstTunedConv = (blocks: number): number => 27 - 2 * blocks;

/** Trainable copies of the last blocks and the head (`dispose()` frees them). */
export interface TailVariables {
  /** Per block: depthwise kernel `[3, 3, C]`, its bias, pointwise kernel `[C, C']`, its bias. */
  blocks: { dw: tf.Variable; dwBias: tf.Variable; pw: tf.Variable; pwBias: tf.Variable }[];
  /** The strides of the blocks' depthwise convolutions. */
  strides: number[];
  kernel: tf.Variable;
  bias: tf.Variable;
  classes: number;
}

/**
 * `w` as its uint8 export will hold it: rounded onto the grid `uint8Range` gives its own range
 * (as `tailWeights` does), with the gradient passed straight through the rounding (the
 * straight-through estimator of quantization-aware training; Jacob et al., CVPR 2018). Training
 * through it makes the weights fit the grid they ship on, rather than lose accuracy to it after.
 */
export const onUint8Grid = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const w = args[0] as tf.Tensor;
  const lo = tf.minimum(tf.min(w), 0);
  const hi = tf.maximum(tf.maximum(tf.max(w), 0), tf.add(lo, 1e-6));
  const scale = tf.div(tf.sub(hi, lo), 255);
  const zeroPoint = tf.clipByValue(tf.round(tf.div(tf.neg(lo), scale)), 0, 255);
  const q = tf.clipByValue(tf.add(tf.round(tf.div(w, scale)), zeroPoint), 0, 255);
  return { value: tf.mul(tf.sub(q, zeroPoint), scale), gradFunc: (dy: tf.Tensor) => dy };
});

/** A 3×3 depthwise convolution with TF's SAME padding at stride 1 or 2; `k` is `[3, 3, C]`. */
export function depthwise3x3(x: tf.Tensor4D, k: tf.Tensor3D, stride: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const oh = Math.ceil(h / stride);
    const ow = Math.ceil(w / stride);
    const padH = Math.max((oh - 1) * stride + 3 - h, 0);
    const padW = Math.max((ow - 1) * stride + 3 - w, 0);
    const top = Math.floor(padH / 2);
    const left = Math.floor(padW / 2);
    // One more row and column at the far side at stride 2, so every tap's window is 2·oh × 2·ow
    // and folds evenly into (output, phase) pairs; the extra zeros are never read.
    const extra = stride - 1;
    const xp = tf.pad(x, [
      [0, 0],
      [top, padH - top + extra],
      [left, padW - left + extra],
      [0, 0],
    ]);
    let y: tf.Tensor4D | null = null;
    for (let di = 0; di < 3; di++) {
      for (let dj = 0; dj < 3; dj++) {
        let tap = tf.slice(xp, [0, di, dj, 0], [n, oh * stride, ow * stride, c]) as tf.Tensor4D;
        if (stride === 2) {
          // Every other row, then every other column, through rank-3 slices.
          const rows = tf.slice(tf.reshape(tap, [n * oh, 2, 2 * ow * c]), [0, 0, 0], [-1, 1, -1]);
          const cols = tf.slice(tf.reshape(rows, [n * oh * ow, 2, c]), [0, 0, 0], [-1, 1, -1]);
          tap = tf.reshape(cols, [n, oh, ow, c]);
        }
        const term = tf.mul(tap, tf.reshape(tf.slice(k, [di, dj, 0], [1, 1, c]), [c]));
        y = y ? (tf.add(y, term) as tf.Tensor4D) : (term as tf.Tensor4D);
      }
    }
    return y as tf.Tensor4D;
  });
}

/** A 1×1 convolution as a matrix product; `k` is `[C, C']`. */
export function pointwise(x: tf.Tensor4D, k: tf.Tensor2D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  return tf.reshape(tf.matMul(tf.reshape(x, [n * h * w, c]), k), [n, h, w, k.shape[1]]);
}

/**
 * Logits of the tail for activations `x` (the output of the last frozen convolution); with
 * `uint8`, every kernel as the uint8 export holds it (`onUint8Grid`; biases ship as float16, and
 * the TF.js export puts the head's kernel on its own [min, max], less than a step from this grid).
 */
export function tailLogits(v: TailVariables, x: tf.Tensor4D, uint8 = false): tf.Tensor2D {
  const kernel = <T extends tf.Tensor>(k: T): T => (uint8 ? (onUint8Grid(k) as T) : k);
  let y = x;
  v.blocks.forEach((b, i) => {
    const stride = v.strides[i] as number;
    const dw = kernel(b.dw as tf.Tensor3D);
    y = tf.relu6(tf.add(depthwise3x3(y, dw, stride), b.dwBias)) as tf.Tensor4D;
    y = tf.relu6(tf.add(pointwise(y, kernel(b.pw as tf.Tensor2D)), b.pwBias)) as tf.Tensor4D;
  });
  const pooled = tf.mean(y, [1, 2]) as tf.Tensor2D;
  return tf.add(tf.matMul(pooled, kernel(v.kernel as tf.Tensor2D)), v.bias) as tf.Tensor2D;
}

/** A variable from an initial value that is then freed (tf.variable keeps its own copy). */
function variable(initial: tf.Tensor): tf.Variable {
  const v = tf.variable(initial);
  initial.dispose();
  return v;
}

/** Trainable variables from the last `blocks` blocks of `base` and a head. */
export function tailVariables(
  base: MobileNetBase,
  head: HeadWeights,
  blocks: number,
): TailVariables {
  if (head.hidden) throw new Error('fine-tuning takes a head without a hidden layer');
  const from = firstTunedConv(blocks);
  const out: TailVariables['blocks'] = [];
  const strides: number[] = [];
  for (let i = from; i < 27; i += 2) {
    const dw = base.convs[i] as ConvWeights;
    const pw = base.convs[i + 1] as ConvWeights;
    const c = dw.shape[2] as number;
    const [cin, cout] = [pw.shape[2] as number, pw.shape[3] as number];
    out.push({
      dw: variable(tf.tensor3d(dw.kernel, [3, 3, c])),
      dwBias: variable(tf.tensor1d(dw.bias)),
      pw: variable(tf.tensor2d(pw.kernel, [cin, cout])),
      pwBias: variable(tf.tensor1d(pw.bias)),
    });
    strides.push(STRIDES[(i + 1) / 2] as number);
  }
  const dim = head.kernel.length / head.classes;
  return {
    blocks: out,
    strides,
    kernel: variable(tf.tensor2d(head.kernel, [dim, head.classes])),
    bias: variable(tf.tensor1d(head.bias)),
    classes: head.classes,
  };
}

/** The tail's variables in one list (what the optimizer trains and the penalty anchors). */
export function tailList(v: TailVariables): tf.Variable[] {
  return [...v.blocks.flatMap((b) => [b.dw, b.dwBias, b.pw, b.pwBias]), v.kernel, v.bias];
}

/** `base` with its last blocks replaced by the tail's weights, and the tail's head. */
export function tailWeights(
  base: MobileNetBase,
  v: TailVariables,
): { base: MobileNetBase; head: HeadWeights } {
  const from = firstTunedConv(v.blocks.length);
  const read = (t: tf.Tensor) => t.dataSync() as Float32Array;
  const convs = base.convs.map((conv, i): ConvWeights => {
    if (i < from) return conv;
    const b = v.blocks[Math.floor((i - from) / 2)] as TailVariables['blocks'][number];
    const depthwise = (i - from) % 2 === 0;
    // New float weights: the base's grid no longer fits them. Their own (asymmetric, with zero
    // on it, as TFLite needs) is then used by both exports, so the TF.js model and model.tflite
    // hold the same uint8 weights.
    const kernel = read(depthwise ? b.dw : b.pw).slice();
    return {
      kind: conv.kind,
      shape: conv.shape,
      kernel,
      bias: read(depthwise ? b.dwBias : b.pwBias).slice(),
      kernelGrid: uint8Range(...minMax(kernel)),
    };
  });
  return {
    base: { ...base, convs },
    head: { kernel: read(v.kernel).slice(), bias: read(v.bias).slice(), classes: v.classes },
  };
}
