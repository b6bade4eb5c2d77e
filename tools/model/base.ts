/**
 * ImageNet-pretrained MobileNet v1 base weights, read from either a TF.js layers model (path or
 * URL of its model.json; batch norm is folded here) or a MobileNet v1 `.tflite` file (batch norm
 * already folded; uint8 weights dequantized with the file's scale and zero point).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { channelsAt } from '../../src/models/variants.ts';
import {
  BuiltinOp,
  readTflite,
  tensorValues,
  type QuantGrid,
  type TfliteTensor,
} from '../tflite/reader.ts';

/** One convolution with batch norm folded: kernel in TF.js layout, bias, activation ReLU6. */
export interface ConvWeights {
  kind: 'conv' | 'depthwise';
  /** `[h, w, in, out]` (conv) or `[h, w, channels, 1]` (depthwise). */
  shape: number[];
  kernel: Float32Array;
  bias: Float32Array;
  kernelGrid?: QuantGrid;
}

/** The ImageNet classifier layer of a base, where it has one. */
export interface ImagenetClassifier {
  /** `[features, classes]`. */
  kernel: Float32Array;
  bias: Float32Array;
  classes: number;
  /** True when class 0 is TF-slim's "background" (1001 classes). */
  background: boolean;
}

export interface MobileNetBase {
  width: number;
  /** What the weights were read from (path or URL), for meta.json. */
  source: string;
  format: 'tflite' | 'tfjs-layers' | 'random';
  /** The 27 convolutions in order: conv0, dw1, pw1, ..., dw13, pw13. */
  convs: ConvWeights[];
  classifier?: ImagenetClassifier;
}

/** Reorders `[d0, d1, d2, d3]` data to `[d1, d2, d3, d0]` (TFLite OHWI → TF.js HWIO). */
function moveFirstAxisLast(data: Float32Array, shape: number[]): Float32Array {
  const [d0, rest] = [shape[0] as number, data.length / (shape[0] as number)];
  const out = new Float32Array(data.length);
  for (let o = 0; o < d0; o++) {
    for (let r = 0; r < rest; r++) out[r * d0 + o] = data[o * rest + r] as number;
  }
  return out;
}

function widthFromChannels(firstConvChannels: number): number {
  const w = firstConvChannels / 32;
  if (![0.25, 0.5, 0.75, 1].includes(w)) {
    throw new Error(`first convolution has ${firstConvChannels} channels: not a MobileNet v1`);
  }
  return w;
}

function grid(t: TfliteTensor): QuantGrid | undefined {
  const q = t.quantization;
  return t.type === 3 && q
    ? { scale: q.scale[0] as number, zeroPoint: q.zeroPoint[0] ?? 0 }
    : undefined;
}

/** Reads a MobileNet v1 `.tflite` file (classifier or embedding extractor). */
export function baseFromTflite(bytes: Uint8Array, source: string): MobileNetBase {
  const model = readTflite(bytes);
  const convOps = model.operators.filter(
    (o) => o.op === BuiltinOp.CONV_2D || o.op === BuiltinOp.DEPTHWISE_CONV_2D,
  );
  if (convOps.length < 27) {
    throw new Error(`${source}: ${convOps.length} convolutions, a MobileNet v1 has 27`);
  }
  const convs = convOps.slice(0, 27).map((op): ConvWeights => {
    const k = model.tensors[op.inputs[1] as number] as TfliteTensor;
    const b = model.tensors[op.inputs[2] as number] as TfliteTensor;
    const [o, h, w, i] = k.shape as [number, number, number, number];
    const depthwise = op.op === BuiltinOp.DEPTHWISE_CONV_2D;
    return {
      kind: depthwise ? 'depthwise' : 'conv',
      shape: depthwise ? [h, w, i, 1] : [h, w, i, o],
      kernel: moveFirstAxisLast(tensorValues(k), k.shape),
      bias: tensorValues(b),
      kernelGrid: grid(k),
    };
  });
  const width = widthFromChannels(convs[0]?.bias.length ?? 0);
  checkShapes(convs, width, source);
  let classifier: ImagenetClassifier | undefined;
  const logits = convOps[27] ?? model.operators.find((o) => o.op === BuiltinOp.FULLY_CONNECTED);
  if (logits) {
    const k = model.tensors[logits.inputs[1] as number] as TfliteTensor;
    const b = model.tensors[logits.inputs[2] as number] as TfliteTensor;
    const classes = k.shape[0] as number;
    classifier = {
      kernel: moveFirstAxisLast(tensorValues(k), [classes, tensorValues(k).length / classes]),
      bias: tensorValues(b),
      classes,
      background: classes === 1001,
    };
  }
  return { width, source, format: 'tflite', convs, classifier };
}

function checkShapes(convs: ConvWeights[], width: number, source: string): void {
  const expected = channelsAt(width);
  convs.forEach((c, i) => {
    if (c.bias.length !== expected[i]) {
      throw new Error(
        `${source}: convolution ${i} has ${c.bias.length} channels, expected ${expected[i]}`,
      );
    }
  });
}

async function readBytes(location: string): Promise<Uint8Array> {
  if (/^https?:\/\//.test(location)) {
    const res = await fetch(location);
    if (!res.ok) throw new Error(`${location}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  }
  return new Uint8Array(await readFile(location));
}

interface LayersModelJson {
  modelTopology?: unknown;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/** Reads the weights of a TF.js layers MobileNet v1 (Keras names: conv1, conv_dw_1, ...). */
export async function baseFromLayersModel(modelJson: string): Promise<MobileNetBase> {
  const json = JSON.parse(new TextDecoder().decode(await readBytes(modelJson))) as LayersModelJson;
  const isUrl = /^https?:\/\//.test(modelJson);
  const dir = isUrl ? modelJson.slice(0, modelJson.lastIndexOf('/') + 1) : dirname(modelJson);
  const named: Record<string, tf.Tensor> = {};
  for (const group of json.weightsManifest) {
    const parts = await Promise.all(
      group.paths.map((p) => readBytes(isUrl ? new URL(p, dir).href : join(dir, p))),
    );
    const total = parts.reduce((n, p) => n + p.length, 0);
    const buf = new Uint8Array(total);
    parts.reduce((at, p) => (buf.set(p, at), at + p.length), 0);
    Object.assign(named, tf.io.decodeWeights(buf.buffer, group.weights));
  }
  try {
    return foldKeras(named, modelJson);
  } finally {
    Object.values(named).forEach((t) => t.dispose());
  }
}

/** Keras MobileNet's BatchNormalization epsilon (keras.applications.mobilenet). */
const KERAS_BN_EPSILON = 1e-3;

function foldKeras(w: Record<string, tf.Tensor>, source: string): MobileNetBase {
  const get = (name: string): tf.Tensor => {
    const t = w[name];
    if (!t) throw new Error(`${source}: weight "${name}" is missing (an incomplete model?)`);
    return t;
  };
  const fold = (conv: string, bn: string, kind: 'conv' | 'depthwise'): ConvWeights => {
    const kernel = get(`${conv}/${kind === 'conv' ? 'kernel' : 'depthwise_kernel'}`);
    const [g, beta, mean, variance] = ['gamma', 'beta', 'moving_mean', 'moving_variance'].map(
      (p) => get(`${bn}/${p}`).dataSync() as Float32Array,
    ) as [Float32Array, Float32Array, Float32Array, Float32Array];
    const factor = g.map((gi, c) => gi / Math.sqrt((variance[c] as number) + KERAS_BN_EPSILON));
    const k = Float32Array.from(kernel.dataSync());
    const shape = kernel.shape;
    // Conv scales the output axis (last); depthwise scales the channel axis (third of four).
    const perChannel = kind === 'conv' ? (shape[3] as number) : (shape[2] as number);
    const stride = kind === 'conv' ? 1 : (shape[3] as number);
    for (let i = 0; i < k.length; i++) {
      k[i] = (k[i] as number) * (factor[Math.floor(i / stride) % perChannel] as number);
    }
    const bias = beta.map((b, c) => b - (mean[c] as number) * (factor[c] as number));
    return { kind, shape, kernel: k, bias };
  };
  const convs = [fold('conv1', 'conv1_bn', 'conv')];
  for (let i = 1; i <= 13; i++) {
    convs.push(fold(`conv_dw_${i}`, `conv_dw_${i}_bn`, 'depthwise'));
    convs.push(fold(`conv_pw_${i}`, `conv_pw_${i}_bn`, 'conv'));
  }
  const width = widthFromChannels(convs[0]?.bias.length ?? 0);
  checkShapes(convs, width, source);
  const preds = w['conv_preds/kernel'];
  const predsBias = w['conv_preds/bias'];
  const classes = preds?.shape[3] ?? 0;
  const classifier =
    preds && predsBias
      ? {
          kernel: Float32Array.from(preds.dataSync()),
          bias: Float32Array.from(predsBias.dataSync()),
          classes,
          background: classes === 1001,
        }
      : undefined;
  return { width, source, format: 'tfjs-layers', convs, classifier };
}

/** Loads a base from a `.tflite` file or a TF.js layers `model.json` (path or URL). */
export async function loadBase(location: string): Promise<MobileNetBase> {
  if (/\.tflite$/i.test(location)) return baseFromTflite(await readBytes(location), location);
  if (/\.json$/i.test(location)) return baseFromLayersModel(location);
  throw new Error(`base weights "${location}": expected a .tflite file or a TF.js model.json`);
}

/** A short fingerprint of a base's convolution kernels (meta.json's `base.digest`). */
export function baseDigest(base: MobileNetBase): string {
  const h = createHash('sha256');
  for (const c of base.convs)
    h.update(new Uint8Array(c.kernel.buffer, c.kernel.byteOffset, c.kernel.byteLength));
  return h.digest('hex').slice(0, 16);
}
