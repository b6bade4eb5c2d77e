/**
 * The trained part of every Roadgate model: a softmax over the two labels (optionally after one
 * hidden ReLU layer), fit on pooled MobileNet features with Adam, class-balanced cross-entropy
 * and L2 on the kernels. One definition for the Node pipeline (cached bottlenecks, early stopping
 * on validation) and the phone's teach mode (the worker, starting from the shipped head).
 * Pure tfjs-core: runs on whatever backend the caller set; the caller registers the gradients
 * (tfjs-layers does, and so does the teach worker).
 */
import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '../util/random.ts';

/** A head's weights as plain arrays. */
export interface HeadWeights {
  /** Optional hidden layer: `[features, units]` kernel and bias (ReLU). */
  hidden?: { kernel: Float32Array; bias: Float32Array; units: number };
  /** `[in, classes]` kernel and bias of the softmax layer. */
  kernel: Float32Array;
  bias: Float32Array;
  classes: number;
}

export interface Matrix {
  /** Row-major `[rows, dim]`. */
  x: Float32Array;
  y: Int32Array;
  rows: number;
  dim: number;
}

export interface HeadOptions {
  classes: number;
  steps: number;
  batchSize: number;
  learningRate: number;
  evalInterval: number;
  /** Evaluations without a better validation loss before stopping. */
  patience: number;
  hiddenUnits: number;
  l2: number;
  seed: number;
  /**
   * Start from these weights instead of a random draw, and let `l2` pull towards them rather
   * than towards zero (teach mode starts from the shipped head, so a few examples move it rather
   * than replace it). Without a hidden layer only.
   */
  init?: HeadWeights;
  onEval?: (p: EvalPoint) => void;
}

export interface EvalPoint {
  step: number;
  trainLoss: number;
  trainAccuracy: number;
  /** NaN without a validation set. */
  validationLoss: number;
  validationAccuracy: number;
}

export interface HeadResult {
  weights: HeadWeights;
  history: EvalPoint[];
  bestStep: number;
}

/** Stacks feature rows into a `Matrix`. */
export function toMatrix(rows: { features: Float32Array; label: number }[]): Matrix {
  const dim = rows[0]?.features.length ?? 0;
  const x = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => x.set(r.features, i * dim));
  return { x, y: Int32Array.from(rows, (r) => r.label), rows: rows.length, dim };
}

/** The head's logits for features `x` (`[n, dim]`); the caller owns the result. */
export function headLogits(w: HeadWeights, x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const dim = x.shape[1];
    const h = w.hidden
      ? tf.relu(
          tf.add(tf.matMul(x, tf.tensor2d(w.hidden.kernel, [dim, w.hidden.units])), w.hidden.bias),
        )
      : x;
    const k = tf.tensor2d(w.kernel, [w.kernel.length / w.classes, w.classes]);
    return tf.add(tf.matMul(h, k), w.bias) as tf.Tensor2D;
  });
}

/** A variable from an initial value that is then freed (tf.variable keeps its own copy). */
function variable(initial: tf.Tensor): tf.Variable {
  const v = tf.variable(initial);
  initial.dispose();
  return v;
}

function glorot(rand: () => number, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return Float32Array.from({ length: fanIn * fanOut }, () => (rand() * 2 - 1) * limit);
}

/**
 * Fits a head on `train`. With a `validation` set it keeps the weights of the best validation
 * loss and stops after `patience` evaluations without one; with `null` it runs every step and
 * keeps the last weights (teach mode: its held-back examples are for the before/after, not for
 * choosing). Returns plain arrays; every tensor it made is freed.
 */
export function trainHead(train: Matrix, validation: Matrix | null, o: HeadOptions): HeadResult {
  const rand = seededRandom(o.seed);
  const { dim } = train;
  const units = o.hiddenUnits;
  if (o.init && (units > 0 || o.init.kernel.length !== dim * o.classes)) {
    throw new Error(`the initial head does not fit ${dim} features and ${o.classes} classes`);
  }
  const outIn = units > 0 ? units : dim;
  const vars = {
    hk: units > 0 ? variable(tf.tensor2d(glorot(rand, dim, units), [dim, units])) : null,
    hb: units > 0 ? variable(tf.zeros([units])) : null,
    k: variable(tf.tensor2d(o.init?.kernel ?? glorot(rand, outIn, o.classes), [outIn, o.classes])),
    b: variable(o.init ? tf.tensor1d(o.init.bias) : tf.zeros([o.classes])),
  };
  // Class weights n / (classes × n_c): each class counts as much as the other.
  const counts = Array.from({ length: o.classes }, (_, c) => train.y.filter((y) => y === c).length);
  const classWeight = tf.tensor1d(counts.map((n) => train.rows / (o.classes * Math.max(1, n))));
  const optimizer = tf.train.adam(o.learningRate);
  const anchor = o.init && {
    kernel: tf.tensor2d(o.init.kernel, [outIn, o.classes]),
    bias: tf.tensor1d(o.init.bias),
  };

  const logits = (x: tf.Tensor2D): tf.Tensor2D => {
    const h = vars.hk && vars.hb ? tf.relu(tf.add(tf.matMul(x, vars.hk), vars.hb)) : x;
    return tf.add(tf.matMul(h, vars.k), vars.b) as tf.Tensor2D;
  };
  const loss = (x: tf.Tensor2D, y: tf.Tensor1D, weighted: boolean): tf.Scalar => {
    const onehot = tf.oneHot(y, o.classes);
    const ce = tf.losses.softmaxCrossEntropy(
      onehot,
      logits(x),
      weighted ? tf.gather(classWeight, y) : undefined,
    );
    if (anchor) {
      // L2-SP (Li, Grandvalet & Davoine, ICML 2018): the penalty pulls towards the starting
      // head, not towards zero, so what the shipped head knew is kept where the examples say
      // nothing about it.
      const drift = tf.add(
        tf.sum(tf.square(tf.sub(vars.k, anchor.kernel))),
        tf.sum(tf.square(tf.sub(vars.b, anchor.bias))),
      );
      return tf.add(ce, tf.mul(o.l2, drift));
    }
    const l2 = [vars.k, vars.hk].reduce<tf.Scalar>(
      (acc, v) => (v ? tf.add(acc, tf.mul(o.l2, tf.sum(tf.square(v)))) : acc),
      tf.scalar(0),
    );
    return tf.add(ce, l2);
  };
  const evaluate = (m: Matrix): { loss: number; accuracy: number } =>
    tf.tidy(() => {
      const x = tf.tensor2d(m.x, [m.rows, m.dim]);
      const y = tf.tensor1d(m.y, 'int32');
      const acc = tf.mean(tf.cast(tf.equal(tf.argMax(logits(x), 1), y), 'float32'));
      return {
        loss: loss(x, y, true).dataSync()[0] as number,
        accuracy: acc.dataSync()[0] as number,
      };
    });

  const live = () => [vars.hk, vars.hb, vars.k, vars.b].filter((v): v is tf.Variable => v !== null);
  // Whatever happens (an engine error mid-training), the variables and the optimizer go.
  try {
    const history: EvalPoint[] = [];
    let best = { loss: Infinity, step: 0, snapshot: [] as Float32Array[] };
    let sinceBest = 0;
    const n = Math.min(o.batchSize, train.rows);
    const bx = new Float32Array(n * dim);
    const by = new Int32Array(n);
    for (let step = 1; step <= o.steps; step++) {
      for (let i = 0; i < n; i++) {
        const row = Math.floor(rand() * train.rows);
        bx.set(train.x.subarray(row * dim, (row + 1) * dim), i * dim);
        by[i] = train.y[row] as number;
      }
      tf.tidy(() => {
        const x = tf.tensor2d(bx, [n, dim]);
        const y = tf.tensor1d(by, 'int32');
        optimizer.minimize(() => loss(x, y, true));
      });
      if (step % o.evalInterval === 0 || step === o.steps) {
        const t = evaluate(train);
        const v = validation ? evaluate(validation) : { loss: NaN, accuracy: NaN };
        const point = {
          step,
          trainLoss: t.loss,
          trainAccuracy: t.accuracy,
          validationLoss: v.loss,
          validationAccuracy: v.accuracy,
        };
        history.push(point);
        o.onEval?.(point);
        if (!validation || v.loss < best.loss - 1e-5) {
          best = {
            loss: v.loss,
            step,
            snapshot: live().map((w) => Float32Array.from(w.dataSync())),
          };
          sinceBest = 0;
        } else if (++sinceBest >= o.patience) {
          break;
        }
      }
    }
    const [a, b2, c, d] = best.snapshot;
    const weights: HeadWeights =
      units > 0
        ? {
            hidden: { kernel: a as Float32Array, bias: b2 as Float32Array, units },
            kernel: c as Float32Array,
            bias: d as Float32Array,
            classes: o.classes,
          }
        : { kernel: a as Float32Array, bias: b2 as Float32Array, classes: o.classes };
    return { weights, history, bestStep: best.step };
  } finally {
    live().forEach((v) => v.dispose());
    classWeight.dispose();
    if (anchor) tf.dispose([anchor.kernel, anchor.bias]);
    optimizer.dispose();
  }
}
