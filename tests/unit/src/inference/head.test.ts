import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// Training needs the gradients, which tfjs-core registers only on request (the app's worker gets
// them as a side effect of importing tfjs-layers).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import {
  headLogits,
  toMatrix,
  trainHead,
  type HeadOptions,
  type HeadWeights,
  type Matrix,
} from '../../../../src/inference/head.ts';
import { seededRandom } from '../../../../src/util/random.ts';

const DIM = 6;
const CLASSES = 2;

/**
 * Linearly separable points: label 0 where feature 0 exceeds feature 1 by at least `MARGIN`,
 * label 1 where it falls short by as much; the other features are noise.
 */
const MARGIN = 0.2;
function separable(rows: number, seed: number): Matrix {
  const rand = seededRandom(seed);
  return toMatrix(
    Array.from({ length: rows }, (_, i) => {
      const label = i % CLASSES;
      const features = Float32Array.from({ length: DIM }, () => rand() * 2 - 1);
      const gap = MARGIN + rand() * 0.8;
      features[0] = (features[1] as number) + (label === 0 ? gap : -gap);
      return { features, label };
    }),
  );
}

const OPTIONS: HeadOptions = {
  classes: CLASSES,
  steps: 120,
  batchSize: 16,
  learningRate: 0.05,
  evalInterval: 10,
  patience: 1,
  hiddenUnits: 0,
  l2: 0,
  seed: 7,
};

/** A recognisable starting head (not what the seeded Glorot draw would give). */
const INIT: HeadWeights = {
  kernel: Float32Array.from({ length: DIM * CLASSES }, (_, i) => (i - DIM) / 10),
  bias: Float32Array.from([0.3, -0.3]),
  classes: CLASSES,
};

/** Share of `m`'s rows that `w` classifies correctly. */
function accuracy(w: HeadWeights, m: Matrix): number {
  const predicted = tf.tidy(() =>
    tf.argMax(headLogits(w, tf.tensor2d(m.x, [m.rows, m.dim])), 1).dataSync(),
  );
  return m.y.filter((y, i) => predicted[i] === y).length / m.rows;
}

describe('trainHead', () => {
  const train = separable(64, 1);
  const test = separable(40, 2);

  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('learns a linearly separable problem and leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    const { weights } = trainHead(train, null, OPTIONS);
    expect(tf.memory().numTensors).toBe(before);
    expect(weights.kernel).toHaveLength(DIM * CLASSES);
    expect(weights.bias).toHaveLength(CLASSES);
    expect(weights.hidden).toBeUndefined();
    expect(accuracy(weights, train)).toBe(1);
    expect(accuracy(weights, test)).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('without a validation set runs every step and keeps the last weights', () => {
    const evals: number[] = [];
    const r = trainHead(train, null, { ...OPTIONS, onEval: (p) => evals.push(p.step) });
    // patience 1 would stop at the second evaluation if validation loss were consulted.
    expect(evals).toEqual(Array.from({ length: 12 }, (_, i) => (i + 1) * 10));
    expect(r.history.map((p) => p.step)).toEqual(evals);
    expect(r.bestStep).toBe(OPTIONS.steps);
    expect(r.history.every((p) => Number.isNaN(p.validationLoss))).toBe(true);
    expect(r.history.every((p) => Number.isNaN(p.validationAccuracy))).toBe(true);
    // Evaluating draws no random numbers: a run that evaluates only at the end took the same
    // steps, so equal weights mean the first run returned its last ones, not an earlier snapshot.
    const once = trainHead(train, null, { ...OPTIONS, evalInterval: OPTIONS.steps });
    expect(once.history).toHaveLength(1);
    expect(r.weights.kernel).toEqual(once.weights.kernel);
    expect(r.weights.bias).toEqual(once.weights.bias);
  });

  it('with a validation set keeps the best weights and may stop early', () => {
    const r = trainHead(train, test, { ...OPTIONS, steps: 400, patience: 3 });
    expect(r.history.every((p) => Number.isFinite(p.validationLoss))).toBe(true);
    const best = Math.min(...r.history.map((p) => p.validationLoss));
    expect(r.history.find((p) => p.step === r.bestStep)?.validationLoss).toBe(best);
  });

  it('starts from `init`: with learning rate 0 one step returns it exactly', () => {
    const before = tf.memory().numTensors;
    const r = trainHead(train, null, { ...OPTIONS, steps: 1, learningRate: 0, init: INIT });
    expect(r.weights.kernel).toEqual(INIT.kernel);
    expect(r.weights.bias).toEqual(INIT.bias);
    expect(r.weights.classes).toBe(CLASSES);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('moves `init` by small steps rather than starting over', () => {
    const steps = 3;
    const learningRate = 0.01;
    const r = trainHead(train, null, { ...OPTIONS, steps, learningRate, init: INIT });
    // Adam moves each weight by at most about the learning rate a step.
    const moved = (a: Float32Array, b: Float32Array) =>
      Math.max(...Array.from(a, (x, i) => Math.abs(x - (b[i] as number))));
    expect(moved(r.weights.kernel, INIT.kernel)).toBeLessThanOrEqual(steps * learningRate * 1.01);
    expect(moved(r.weights.kernel, INIT.kernel)).toBeGreaterThan(0);
    const fresh = trainHead(train, null, { ...OPTIONS, steps, learningRate });
    expect(moved(fresh.weights.kernel, INIT.kernel)).toBeGreaterThan(steps * learningRate * 2);
  });

  it.each<[string, Partial<HeadOptions>]>([
    ['a kernel for other features', { init: { ...INIT, kernel: new Float32Array(DIM * 3) } }],
    ['a kernel one value long', { init: { ...INIT, kernel: new Float32Array(1) } }],
    ['a hidden layer', { init: INIT, hiddenUnits: 4 }],
  ])('refuses an init with %s and leaves no tensor behind', (_case, over) => {
    const before = tf.memory().numTensors;
    expect(() => trainHead(train, null, { ...OPTIONS, ...over })).toThrow(
      `the initial head does not fit ${DIM} features and ${CLASSES} classes`,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
