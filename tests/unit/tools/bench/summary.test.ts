import { describe, expect, it } from 'vitest';
import {
  flopsPerInference,
  gflopsPerSecond,
  inversions,
  markdownTable,
  orderRows,
  summarize,
  type RawRun,
} from '../../../../tools/bench/summary.ts';

const raw = (
  variant: string,
  width: number,
  inputSize: number,
  latencies: number[],
  backend = 'wasm',
  threads = true,
): RawRun => ({
  variant,
  width,
  inputSize,
  backend,
  threads,
  crossOriginIsolated: threads,
  loadMs: 100,
  warmupMs: 40,
  latencies,
  bytes: 237_453,
  testAccuracy: 0.9511,
});

describe('bench arithmetic', () => {
  it('counts 2 FLOPs per multiply-add, backbone plus the 2-way head', () => {
    expect(flopsPerInference(1, 224)).toBe(2 * (567_716_352 + 2048));
    // 1.0_224 at 100 ms: ~11.4 GFLOP/s.
    expect(gflopsPerSecond(1, 224, 100)).toBeCloseTo(11.35, 1);
    expect(gflopsPerSecond(1, 224, 0)).toBe(0);
  });

  it('summarizes latencies: median, p90, fps, and labels thread use', () => {
    const row = summarize(raw('mobilenet_v1_0.25_128', 0.25, 128, [10, 12, 11, 30, 9]));
    expect(row.medianMs).toBe(11);
    expect(row.p90Ms).toBeCloseTo(22.8, 6);
    expect(row.fps).toBeCloseTo(1000 / 11, 6);
    expect(row.firstMs).toBe(40);
    expect(row.label).toBe('wasm (threads)');
    expect(summarize(raw('x', 0.25, 128, [1], 'wasm', false)).label).toBe(
      'wasm (1 thread, not isolated)',
    );
    expect(summarize(raw('x', 0.25, 128, [1], 'webgl')).label).toBe('webgl');
  });

  it('renders a markdown table with one row per run', () => {
    const table = markdownTable([
      summarize(raw('mobilenet_v1_0.25_128', 0.25, 128, [10, 12])),
    ]).split('\n');
    expect(table).toHaveLength(3);
    expect(table[0]).toMatch(/^\| variant \| backend \| test acc\. \| weights \|/);
    expect(table[2]).toBe(
      '| mobilenet_v1_0.25_128 | wasm (threads) | 95.1% | 232 KB | 100 | 40 | 11.00 | 11.80 | 91 | 2.42 |',
    );
  });

  it('orders by cost, largest first, and flags a cheaper variant that runs slower', () => {
    const flops = (id: string) => ({ big: 3, mid: 2, small: 1 })[id] ?? 0;
    const rows = orderRows(
      [
        summarize(raw('small', 0.25, 128, [20])),
        summarize(raw('big', 1, 224, [50])),
        summarize(raw('mid', 0.5, 160, [10])),
      ],
      flops,
    );
    expect(rows.map((r) => r.variant)).toEqual(['big', 'mid', 'small']);
    expect(inversions(rows)).toEqual([
      'small (20.00 ms) is slower than mid (10.00 ms) on wasm (threads)',
    ]);
  });
});
