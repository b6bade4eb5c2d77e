/** What `npm run bench` prints, and its `--json FILE`. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { userPath } from '../common/paths.ts';
import { chromiumLaunch } from '../harness/chromium.ts';
import { appSummary } from './app/report.ts';
import type { AppTimings } from './app/timings.ts';
import type { CpuLimit } from './matrix.ts';
import { peerTable, type PeerResult } from './peer-table.ts';
import { inversions, markdownTable, type BenchRow } from './summary.ts';

/** The platform and the Chromium that ran the benchmark. */
export const machineName = (): string =>
  `${process.platform} ${process.arch}, headless ${
    execFileSync(chromiumLaunch([]).executablePath ?? 'true', ['--version'])
      .toString()
      .trim() || 'Chromium'
  }`;

/** The table of rows, then notes, failures, CPU limits and the peer table. */
export function printMatrix(r: {
  machine: string;
  runs: number;
  rows: BenchRow[];
  failures: string[];
  cpuLimits: CpuLimit[];
  peers: PeerResult[];
}): void {
  console.log(`\nRoadgate benchmark, ${r.runs} runs per row after one warm-up, ${r.machine}\n`);
  console.log(markdownTable(r.rows));
  for (const line of inversions(r.rows)) console.log(`\nnote: ${line}`);
  for (const f of r.failures) console.log(`\nfailed: ${f}`);
  for (const l of r.cpuLimits) {
    console.log(
      `\nCPU limit (1024×1024 float32 matMul, WASM/XNNPACK, ${l.threads ? 'threads' : 'one thread'}): ${l.gflops.toFixed(2)} GFLOP/s`,
    );
  }
  if (r.peers.length) console.log(`\n${peerTable(r.peers)}`);
}

/** The app's figures as one JSON line (as before) and as a readable summary. */
export function printApp(app: AppTimings, variant: string): void {
  console.log(`\napp (${variant}): ${JSON.stringify(app)}`);
  console.log(`\n${appSummary(app)}`);
}

/** One line per thing that was not measured, and why. */
export function printSkipped(skipped: readonly string[]): void {
  for (const s of skipped) console.log(`\nskipped: ${s}`);
}

/** `--json FILE`: the results with the date, written where the user asked. */
export function writeJson(file: string, results: Record<string, unknown>): void {
  const out = userPath(file);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ date: new Date().toISOString(), ...results }, null, 2)}\n`,
  );
  console.log(`\nwrote ${out}`);
}
