import { describe, expect, it } from 'vitest';
import { cell, pairing, peerTable } from '../../../../tools/bench/peer-table.ts';
import type { PeerRun } from '../../../../tools/harness/api.ts';

const run = (theirs: number[], ours: number[], error: string | null = null): PeerRun => ({
  peer: 'MediaPipe Tasks ImageClassifier (CPU)',
  loadMs: 900,
  firstMs: 120,
  latencies: theirs,
  error,
  ours: { latencies: ours, error: null },
});

const model = {
  name: 'mobilenet_v1_0.25_128_quant',
  inputSize: 128,
  width: 0.25,
  embedder: false,
  tflite: 'peers/mobilenet_v1_0.25_128_quant.tflite',
  variant: 'mobilenet_v1_0.25_128',
};

describe('peer comparison', () => {
  it('takes medians of each side and renders ours / theirs = ratio', () => {
    const p = pairing(run([4, 2, 3], [2.5, 1.5, 9]), null);
    expect(p.roadgateMs).toBe(2.5);
    expect(p.peerMs).toBe(3);
    expect(cell(p)).toBe('2.50 / 3.00 = **0.83**');
  });

  it('says why a side could not run instead of a ratio', () => {
    expect(cell(pairing(run([], [1], 'model has no classifier'), null))).toBe(
      '– (MediaPipe Tasks ImageClassifier (CPU) could not run it: model has no classifier)',
    );
    expect(cell(pairing(run([3], []), 'no mobilenet_v1_0.25_128 in models/'))).toBe(
      '– (Roadgate could not run it: no mobilenet_v1_0.25_128 in models/)',
    );
  });

  it('writes one row per file with both engines', () => {
    const table = peerTable([
      { model, int8: pairing(run([4], [4]), null), wasm: pairing(run([4], [10]), null) },
    ]).split('\n');
    expect(table.at(-1)).toBe(
      '| mobilenet_v1_0.25_128_quant | mobilenet_v1_0.25_128 | 4.00 / 4.00 = **1.00** | 10.00 / 4.00 = **2.50** |',
    );
  });
});
