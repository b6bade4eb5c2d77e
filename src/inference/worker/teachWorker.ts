/// <reference lib="webworker" />
/**
 * The teach worker (teach mode): the pooled backbone features of each example, on TF.js, and a
 * personal head trained on them, never on the page's thread. It lives while teach mode is open;
 * the inference worker's model is not touched. The integer engine cannot give features (its
 * `.tflite` ends in the shipped head), so features always come from the TF.js model.
 */
// First: the origin wall is up before any library below is evaluated.
import './originWall.ts';
import * as tf from '@tensorflow/tfjs-core';
// Training needs tfjs-core's gradients; the bundle registers them here, not by accident of an import.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { TF_BACKENDS } from '../protocol.ts';
import type {
  ExampleCounts,
  Head,
  LabelIndex,
  TeachReply,
  TeachRequest,
} from '../teachProtocol.ts';
import { headLogits, toMatrix, trainHead, type Matrix } from '../head.ts';
import { splitHeldBack } from '../../teach/heldBack.ts';
import { LABELS } from '../../models/labels.ts';
import { errorMessage } from '../../util/errors.ts';
import { chooseBackend } from './backends.ts';
import { Classifier } from './classifier.ts';
import { SerialQueue } from './queue.ts';

declare const self: DedicatedWorkerGlobalScope;

/**
 * Training from the shipped head: Adam at the pipeline's learning rate, batches of up to 32,
 * 300 steps (under a second for 200 examples on this project's 2-core build machine), with the
 * base's `anchor.json` rows rehearsed beside the user's examples and L2 pulling towards the
 * shipped head (L2-SP). Measured on 0.5_224, teaching two synthetic scenes (one the shipped head
 * reads wrongly): without either, the personal head scored 56–58% on the 100 check photos
 * against the shipped 99%; L2-SP alone (strength 0.1 / 1 / 10) 90 / 94 / 95–96%, the last
 * underfitting its own held-back examples (80%); with rehearsal, 96% at 1e-4 to 0.1, its own
 * held-back examples at 100%. No early stopping: the held-back examples are for the
 * before/after, and choosing on them would flatter the personal head.
 */
const TRAINING = {
  steps: 300,
  batchSize: 32,
  learningRate: 0.003,
  l2: 0.01,
  evalInterval: 30,
  seed: 1,
} as const;

const reply = (msg: TeachReply): void => self.postMessage(msg);

let model: Classifier | null = null;
const examples: { label: LabelIndex; features: Float32Array }[] = [];

function counts(): ExampleCounts {
  const road = examples.filter((e) => LABELS[e.label] === 'road').length;
  return { road, notRoad: examples.length - road };
}

async function open(req: Extract<TeachRequest, { type: 'open' }>): Promise<void> {
  const info = await chooseBackend(req.backends.length ? req.backends : TF_BACKENDS);
  model?.dispose();
  model = null;
  examples.length = 0;
  model = (await Classifier.load(req.modelUrl, req.variant, req.inputSize)).classifier;
  const features = model.shippedHead().kernel.length / LABELS.length;
  reply({ type: 'opened', id: req.id, variant: req.variant, backend: info.backend, features });
}

/** `m` with `extra`'s rows after its own (none when `extra` is absent or of another width). */
function withRows(m: Matrix, extra?: Matrix): Matrix {
  if (!extra || extra.dim !== m.dim) return m;
  const x = new Float32Array((m.rows + extra.rows) * m.dim);
  x.set(m.x);
  x.set(extra.x, m.x.length);
  const y = new Int32Array(m.rows + extra.rows);
  y.set(m.y);
  y.set(extra.y, m.rows);
  return { x, y, rows: m.rows + extra.rows, dim: m.dim };
}

/** Accuracy of `head` on `m`'s rows. */
function accuracy(head: Head, m: Matrix): number {
  if (m.rows === 0) return 0;
  return tf.tidy(() => {
    const x = tf.tensor2d(m.x, [m.rows, m.dim]);
    const logits = headLogits({ ...head, classes: LABELS.length }, x);
    const right = tf.equal(tf.argMax(logits, 1), tf.tensor1d(m.y, 'int32'));
    return tf.mean(tf.cast(right, 'float32')).dataSync()[0] ?? 0;
  });
}

function train(req: Extract<TeachRequest, { type: 'train' }>): void {
  if (!model) throw new Error('teach mode has no model open');
  const t0 = performance.now();
  const split = splitHeldBack(examples.map((e) => e.label));
  const rows = (indices: number[]) =>
    toMatrix(indices.map((i) => examples[i] as { label: number; features: Float32Array }));
  const trainSet = withRows(rows(split.train), req.anchor);
  const heldBack = rows(split.heldBack);
  const shipped = model.shippedHead();
  const result = trainHead(trainSet, null, {
    ...TRAINING,
    classes: LABELS.length,
    hiddenUnits: 0,
    patience: Infinity,
    batchSize: Math.min(TRAINING.batchSize, trainSet.rows),
    init: { ...shipped, classes: LABELS.length },
    onEval: (p) => reply({ type: 'progress', id: req.id, fraction: p.step / TRAINING.steps }),
  });
  const head = { kernel: result.weights.kernel, bias: result.weights.bias };
  const trained = split.train.map((i) => examples[i]?.label);
  const road = trained.filter((l) => LABELS[l ?? 0] === 'road').length;
  reply({
    type: 'trained',
    id: req.id,
    head,
    examples: { road, notRoad: trained.length - road },
    heldBack: {
      n: heldBack.rows,
      shipped: accuracy(shipped, heldBack),
      personal: accuracy(head, heldBack),
    },
    ...(req.check && {
      check: {
        n: req.check.rows,
        shipped: accuracy(shipped, req.check),
        personal: accuracy(head, req.check),
      },
    }),
    trainMs: performance.now() - t0,
  });
}

async function handle(req: TeachRequest): Promise<void> {
  switch (req.type) {
    case 'open':
      await open(req);
      return;
    case 'add': {
      try {
        if (!model) throw new Error('teach mode has no model open');
        const t0 = performance.now();
        const features = await model.features(req.bitmap);
        examples.push({ label: req.label, features });
        reply({ type: 'counts', id: req.id, counts: counts(), featureMs: performance.now() - t0 });
      } finally {
        req.bitmap.close();
      }
      return;
    }
    case 'clear': {
      const keep = examples.filter((e) => req.label !== undefined && e.label !== req.label);
      examples.splice(0, examples.length, ...keep);
      reply({ type: 'counts', id: req.id, counts: counts(), featureMs: 0 });
      return;
    }
    case 'train':
      train(req);
      return;
  }
}

/** One request at a time, in order: an example added before Train is in that training. */
const queue = new SerialQueue((err) => console.error('Roadgate teach worker:', errorMessage(err)));

self.onmessage = (e: MessageEvent<TeachRequest>) => {
  const req = e.data;
  void queue
    .run(() =>
      handle(req).catch((err: unknown) => {
        reply({ type: 'error', id: req.id, message: errorMessage(err) });
      }),
    )
    .catch(() => undefined);
};
