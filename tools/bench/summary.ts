/** The benchmark's arithmetic and its table: pure functions, unit-tested; and its JSON's reader. */
import { existsSync, readFileSync } from 'node:fs';
import { median, percentile } from '../../src/util/stats.ts';
import { multiplyAdds } from '../../src/models/variants.ts';

export interface RawRun {
  variant: string;
  width: number;
  inputSize: number;
  backend: string;
  threads: boolean;
  crossOriginIsolated: boolean;
  loadMs: number;
  warmupMs: number;
  latencies: number[];
  bytes: number;
  testAccuracy: number;
}

export interface BenchRow {
  variant: string;
  backend: string;
  /** e.g. "wasm (threads)", "wasm (1 thread, not isolated)". */
  label: string;
  loadMs: number;
  firstMs: number;
  medianMs: number;
  p90Ms: number;
  fps: number;
  bytes: number;
  testAccuracy: number;
  /** 2 × multiply-adds (backbone + head) ÷ median latency. */
  gflops: number;
  runs: number;
}

/** Floating-point operations of one inference: 2 per multiply-add (backbone and 2-way head). */
export function flopsPerInference(width: number, inputSize: number): number {
  return 2 * (multiplyAdds(width, inputSize) + Math.round(1024 * width) * 2);
}

/** GFLOP/s achieved at `latencyMs` per inference. */
export function gflopsPerSecond(width: number, inputSize: number, latencyMs: number): number {
  return latencyMs > 0 ? flopsPerInference(width, inputSize) / (latencyMs / 1000) / 1e9 : 0;
}

export function summarize(r: RawRun): BenchRow {
  const med = median(r.latencies);
  const threads =
    r.backend === 'wasm'
      ? r.threads
        ? ' (threads)'
        : r.crossOriginIsolated
          ? ' (1 thread)'
          : ' (1 thread, not isolated)'
      : '';
  return {
    variant: r.variant,
    backend: r.backend,
    label: `${r.backend}${threads}`,
    loadMs: r.loadMs,
    firstMs: r.warmupMs,
    medianMs: med,
    p90Ms: percentile(r.latencies, 90),
    fps: med > 0 ? 1000 / med : 0,
    bytes: r.bytes,
    testAccuracy: r.testAccuracy,
    gflops: gflopsPerSecond(r.width, r.inputSize, med),
    runs: r.latencies.length,
  };
}

const fixed = (x: number, d: number) => (Number.isFinite(x) ? x.toFixed(d) : '–');

/** A markdown table, one row per (variant, backend). */
export function markdownTable(rows: BenchRow[]): string {
  const head =
    '| variant | backend | test acc. | weights | load ms | first ms | median ms | p90 ms | fps | GFLOP/s |';
  const rule = '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';
  const body = rows.map(
    (r) =>
      `| ${r.variant} | ${r.label} | ${fixed(100 * r.testAccuracy, 1)}% | ${fixed(r.bytes / 1024, 0)} KB | ${fixed(r.loadMs, 0)} | ${fixed(r.firstMs, 0)} | ${fixed(r.medianMs, 2)} | ${fixed(r.p90Ms, 2)} | ${fixed(r.fps, 0)} | ${fixed(r.gflops, 2)} |`,
  );
  return [head, rule, ...body].join('\n');
}

/** Orders rows as the article's table: per backend, most expensive variant first. */
export function orderRows(rows: BenchRow[], flops: (variant: string) => number): BenchRow[] {
  return [...rows].sort(
    (a, b) => a.label.localeCompare(b.label) || flops(b.variant) - flops(a.variant),
  );
}

/**
 * Rows slower (by over 10%) than the row above them on the same backend, although they do less
 * work: each needs an explanation in the report.
 */
export function inversions(rows: BenchRow[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1] as BenchRow;
    const b = rows[i] as BenchRow;
    if (a.label === b.label && b.medianMs > a.medianMs * 1.1) {
      out.push(
        `${b.variant} (${b.medianMs.toFixed(2)} ms) is slower than ${a.variant} (${a.medianMs.toFixed(2)} ms) on ${b.label}`,
      );
    }
  }
  return out;
}

/** The part of `npm run bench -- --json FILE` that reports and tables read. */
export interface BenchJson {
  machine: string;
  rows: BenchRow[];
}

/** Reads a benchmark JSON, or null when there is none yet. */
export function readBenchJson(file: string): BenchJson | null {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as BenchJson) : null;
}

/** Median latency of a variant on a backend label ("wasm (threads)", "webgl"...), if measured. */
export function latencyOf(
  bench: BenchJson | null,
  variant: string,
  label: string,
): number | undefined {
  return bench?.rows.find((r) => r.variant === variant && r.label === label)?.medianMs;
}
