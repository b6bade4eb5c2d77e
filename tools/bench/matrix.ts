/**
 * The benchmark's measurements on the harness page: each planned row in Roadgate's worker, this
 * CPU's float32 limit, and the MediaPipe peers in alternating rounds with Roadgate.
 */
import type { Browser } from '@playwright/test';
import type { Catalog } from '../../src/models/catalog.ts';
import { callHarness, harnessPage } from '../harness/driver.ts';
import { pairing, type PeerResult } from './peer-table.ts';
import type { PeerModel } from './peers.ts';
import type { Job } from './plan.ts';
import type { RawRun } from './summary.ts';

/** The harness served twice: cross-origin isolated (threads) and not. */
export interface BenchPorts {
  isolated: number;
  notIsolated: number;
}

export interface CpuLimit {
  gflops: number;
  threads: boolean;
}

const firstLine = (err: unknown) => (err as Error).message.split('\n')[0];

/** Times every job (`runs` classifications after a warm-up); a job that fails is a line in `failures`. */
export async function runJobs(
  browser: Browser,
  ports: BenchPorts,
  jobs: Job[],
  runs: number,
  failures: string[],
): Promise<RawRun[]> {
  const raw: RawRun[] = [];
  for (const [i, job] of jobs.entries()) {
    process.stderr.write(
      `[${i + 1}/${jobs.length}] ${job.entry.id} on ${job.backend}${job.isolated ? '' : ' (not isolated)'}\n`,
    );
    const page = await harnessPage(browser, job.isolated ? ports.isolated : ports.notIsolated);
    try {
      const { entry } = job;
      const tflite = entry.int8 && `models/${entry.int8.path}`;
      const model = `models/${entry.path}`;
      const r = await callHarness(
        page,
        'roadgateBench',
        entry.id,
        model,
        entry.inputSize,
        job.backend,
        runs,
        tflite,
      );
      const int8 = job.backend === 'int8' ? entry.int8 : undefined;
      raw.push({
        ...r,
        width: entry.width,
        inputSize: entry.inputSize,
        bytes: int8?.bytes ?? entry.bytes,
        testAccuracy: int8?.testAccuracy ?? entry.testAccuracy,
      });
    } catch (err) {
      failures.push(`${job.entry.id} on ${job.backend}: ${firstLine(err)}`);
    } finally {
      await page.close();
    }
  }
  return raw;
}

/** The float32 limit (1024² matMul) on the isolated page, and on the other one when `both`. */
export async function cpuLimits(
  browser: Browser,
  ports: BenchPorts,
  both: boolean,
  failures: string[],
): Promise<CpuLimit[]> {
  const limits: CpuLimit[] = [];
  for (const port of both ? [ports.isolated, ports.notIsolated] : [ports.isolated]) {
    const page = await harnessPage(browser, port);
    try {
      limits.push(await callHarness(page, 'matmulPeak', 1024, 5));
    } catch (err) {
      failures.push(`matmul calibration: ${firstLine(err)}`);
    } finally {
      await page.close();
    }
  }
  return limits;
}

/** Each peer against Roadgate's model of the same size, on both of its engines, on one page. */
export async function runPeers(
  browser: Browser,
  port: number,
  peers: PeerModel[],
  catalog: Catalog,
  runs: number,
): Promise<PeerResult[]> {
  const results: PeerResult[] = [];
  for (const [i, p] of peers.entries()) {
    process.stderr.write(`[peer ${i + 1}/${peers.length}] ${p.name}: Roadgate vs MediaPipe\n`);
    const entry = catalog.variants.find((v) => v.id === p.variant);
    const page = await harnessPage(browser, port);
    try {
      // Each engine of Roadgate in alternating rounds with the peer (same page, same run).
      const against = (backend: 'int8' | 'wasm') =>
        callHarness(
          page,
          'mediapipeBench',
          p.tflite,
          p.inputSize,
          runs,
          p.embedder,
          entry && {
            variant: entry.id,
            modelUrl: `models/${entry.path}`,
            tfliteUrl: entry.int8 && `models/${entry.int8.path}`,
            backend,
          },
        );
      const missing = entry ? null : `no ${p.variant} in models/`;
      results.push({
        model: p,
        int8: pairing(await against('int8'), missing),
        wasm: pairing(await against('wasm'), missing),
      });
    } finally {
      await page.close();
    }
  }
  return results;
}
