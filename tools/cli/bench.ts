/**
 * `npm run bench`: for every catalog variant and each backend that works here, in Roadgate's own
 * worker in headless Chromium: load time, first inference, median and p90 latency over N runs
 * (probabilities read back), fps, GFLOP/s, bytes and test accuracy. WASM is measured with and
 * without cross-origin isolation (threads / one thread). `--app` adds the app's own timings
 * with a fake camera: navigation to first verdict, first not-road verdict to camera off, fps,
 * memory, a first visit's bytes, the offline install's bytes and cached cold starts;
 * `--app-only` measures only those. Prints a markdown table; `--json FILE` writes everything.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { helpText, parseFlags, runMain, UsageError, type FlagSpec } from '../lib/args.ts';
import { MODELS_DIR, userPath } from '../lib/paths.ts';
import { storeOptions } from '../weights/store.ts';
import { parseCatalog, type CatalogEntry } from '../../src/models/catalog.ts';
import { chromiumLaunch } from '../lib/chromium.ts';
import { buildHarness, harnessPage, HARNESS_DIR, serveHarness } from '../lib/harness.ts';
import {
  flopsPerInference,
  inversions,
  markdownTable,
  orderRows,
  summarize,
  type BenchRow,
  type RawRun,
} from '../bench/summary.ts';
import { measureApp, type AppTimings } from '../bench/app-timings.ts';
import { appSummary } from '../bench/app-report.ts';
import { preparePeers, type PeerModel } from '../bench/peers.ts';
import { pairing, peerTable, type PeerResult } from '../bench/peer-table.ts';
import type { PeerRun } from '../../bench/harness.ts';

const BACKEND_NAMES = ['int8', 'wasm', 'webgl', 'cpu'];

const FLAGS: Record<string, FlagSpec> = {
  variants: { type: 'list', help: 'catalog ids to measure (default: all)' },
  backends: {
    type: 'list',
    default: BACKEND_NAMES,
    help: 'backends: int8 (the .tflite on MediaPipe), wasm, webgl, cpu (cpu: smallest variant only)',
  },
  runs: { type: 'number', default: 50, help: 'timed inferences after the warm-up' },
  isolation: {
    type: 'boolean',
    default: true,
    help: 'also measure WASM without cross-origin isolation (no threads)',
  },
  peers: {
    type: 'boolean',
    default: true,
    help: "compare with MediaPipe Tasks on Google's .tflite files (../shared, else cached or downloaded)",
  },
  weights_cache: { type: 'string', help: "where the peers' .tflite files are cached" },
  app: {
    type: 'boolean',
    default: false,
    help: 'also time the app itself with a fake camera (default variant)',
  },
  app_only: {
    type: 'boolean',
    default: false,
    help: 'only the app timings (--app), without the per-variant matrix and the peers',
  },
  json: { type: 'string', help: 'write all results to this JSON file' },
  help: { type: 'boolean', default: false, help: 'show this help' },
};

interface Job {
  entry: CatalogEntry;
  backend: string;
  isolated: boolean;
}

async function main(): Promise<void> {
  const { flags } = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.help)
    return console.log(
      helpText(
        'npm run bench -- [--variants a,b] [--backends wasm,webgl] [--runs 50] [--json FILE] [--app | --app-only]',
        FLAGS,
      ),
    );
  const runs = Number(flags.runs);
  if (!(runs >= 1)) throw new UsageError('--runs must be at least 1');
  const catalog = parseCatalog(JSON.parse(readFileSync(join(MODELS_DIR, 'catalog.json'), 'utf8')));
  const wanted = (flags.variants as string[] | undefined) ?? catalog.variants.map((v) => v.id);
  const unknown = wanted.filter((id) => !catalog.variants.some((v) => v.id === id));
  if (unknown.length) throw new UsageError(`not in models/catalog.json: ${unknown.join(', ')}`);
  const backends = flags.backends as string[];
  const bad = backends.filter((b) => !BACKEND_NAMES.includes(b));
  if (bad.length)
    throw new UsageError(`unknown backend ${bad.join(', ')}: use ${BACKEND_NAMES.join(', ')}`);
  if (flags.app_only) return appOnly(catalog.default, flags.json);
  const entries = catalog.variants.filter((v) => wanted.includes(v.id));
  const smallest = [...entries].sort(
    (a, b) => flopsPerInference(a.width, a.inputSize) - flopsPerInference(b.width, b.inputSize),
  )[0];

  const failures: string[] = [];
  const jobs: Job[] = entries.flatMap((entry) =>
    backends.flatMap((backend) => {
      if (backend === 'cpu' && entry !== smallest) return [];
      if (backend === 'int8' && !entry.int8) {
        failures.push(`${entry.id} on int8: it has no model.tflite (npm run export:int8)`);
        return [];
      }
      const js: Job[] = [{ entry, backend, isolated: true }];
      if (backend === 'wasm' && flags.isolation) js.push({ entry, backend, isolated: false });
      return js;
    }),
  );

  process.stderr.write('building the benchmark harness…\n');
  buildHarness();
  const skipped: string[] = [];
  let peers: PeerModel[] = [];
  if (flags.peers) {
    const cacheFlag =
      typeof flags.weights_cache === 'string' ? userPath(flags.weights_cache) : undefined;
    const prepared = await preparePeers(
      HARNESS_DIR,
      storeOptions(cacheFlag, (l) => console.error(l)),
    );
    peers = prepared.peers;
    if (prepared.skipped) skipped.push(`the MediaPipe comparison: ${prepared.skipped}`);
  } else skipped.push('the MediaPipe comparison: --peers false');
  const servers = { true: await serveHarness(4180, true), false: await serveHarness(4181, false) };
  const browser: Browser = await chromium.launch(chromiumLaunch([]));
  const raw: RawRun[] = [];
  const peerResults: PeerResult[] = [];
  const cpuLimits: { gflops: number; threads: boolean }[] = [];
  try {
    for (const [i, job] of jobs.entries()) {
      const port = job.isolated ? 4180 : 4181;
      process.stderr.write(
        `[${i + 1}/${jobs.length}] ${job.entry.id} on ${job.backend}${job.isolated ? '' : ' (not isolated)'}\n`,
      );
      const page = await harnessPage(browser, port);
      try {
        const { entry } = job;
        const r = await page.evaluate(
          ([id, path, size, backend, n, tflite]) =>
            (
              window as unknown as {
                roadgateBench: (
                  ...a: unknown[]
                ) => Promise<Omit<RawRun, 'width' | 'inputSize' | 'bytes' | 'testAccuracy'>>;
              }
            ).roadgateBench(id, `models/${path}`, size, backend, n, tflite),
          [
            entry.id,
            entry.path,
            entry.inputSize,
            job.backend,
            runs,
            entry.int8 && `models/${entry.int8.path}`,
          ] as const,
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
        failures.push(
          `${job.entry.id} on ${job.backend}: ${(err as Error).message.split('\n')[0]}`,
        );
      } finally {
        await page.close();
      }
    }
    for (const [port, isolated] of [
      [4180, true],
      [4181, false],
    ] as const) {
      if (!isolated && !flags.isolation) continue;
      const page = await harnessPage(browser, port);
      try {
        type M = {
          matmulPeak: (n: number, reps: number) => Promise<{ gflops: number; threads: boolean }>;
        };
        cpuLimits.push(await page.evaluate(() => (window as unknown as M).matmulPeak(1024, 5)));
      } catch (err) {
        failures.push(`matmul calibration: ${(err as Error).message.split('\n')[0]}`);
      } finally {
        await page.close();
      }
    }
    for (const [i, p] of peers.entries()) {
      process.stderr.write(`[peer ${i + 1}/${peers.length}] ${p.name}: Roadgate vs MediaPipe\n`);
      const entry = catalog.variants.find((v) => v.id === p.variant);
      const page = await harnessPage(browser, 4180);
      try {
        type W = { mediapipeBench: (...a: unknown[]) => Promise<PeerRun> };
        // Each engine of Roadgate in alternating rounds with the peer (same page, same run).
        const against = async (backend: 'int8' | 'wasm') =>
          page.evaluate(
            ([url, size, n, embedder, m]) =>
              (window as unknown as W).mediapipeBench(url, size, n, embedder, m),
            [
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
            ] as const,
          );
        const missing = entry ? null : `no ${p.variant} in models/`;
        peerResults.push({
          model: p,
          int8: pairing(await against('int8'), missing),
          wasm: pairing(await against('wasm'), missing),
        });
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
    await Promise.all(Object.values(servers).map((s) => s.close()));
  }

  let app: AppTimings | null = null;
  if (flags.app) app = await measureApp(catalog.default);

  const flops = (id: string) => {
    const e = catalog.variants.find((v) => v.id === id) as CatalogEntry;
    return flopsPerInference(e.width, e.inputSize);
  };
  const rows: BenchRow[] = orderRows(raw.map(summarize), flops);
  const machine = machineName();
  console.log(`\nRoadgate benchmark, ${runs} runs per row after one warm-up, ${machine}\n`);
  console.log(markdownTable(rows));
  for (const line of inversions(rows)) console.log(`\nnote: ${line}`);
  for (const f of failures) console.log(`\nfailed: ${f}`);
  for (const l of cpuLimits) {
    console.log(
      `\nCPU limit (1024×1024 float32 matMul, WASM/XNNPACK, ${l.threads ? 'threads' : 'one thread'}): ${l.gflops.toFixed(2)} GFLOP/s`,
    );
  }
  if (peerResults.length) console.log(`\n${peerTable(peerResults)}`);
  if (app) {
    printApp(app, catalog.default);
    skipped.push(...app.skipped);
  }
  for (const s of skipped) console.log(`\nskipped: ${s}`);
  if (typeof flags.json === 'string') {
    writeJson(flags.json, {
      machine,
      runs,
      rows,
      raw,
      failures,
      skipped,
      inversions: inversions(rows),
      peers: peerResults,
      cpuLimits,
      app,
    });
  }
}

const machineName = () =>
  `${process.platform} ${process.arch}, headless ${
    execFileSync(chromiumLaunch([]).executablePath ?? 'true', ['--version'])
      .toString()
      .trim() || 'Chromium'
  }`;

/** The app's figures as one JSON line (as before) and as a readable summary. */
function printApp(app: AppTimings, variant: string): void {
  console.log(`\napp (${variant}): ${JSON.stringify(app)}`);
  console.log(`\n${appSummary(app)}`);
}

/** `--json FILE`: the results with the date, written where the user asked. */
function writeJson(file: string, results: Record<string, unknown>): void {
  const out = userPath(file);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ date: new Date().toISOString(), ...results }, null, 2)}\n`,
  );
  console.log(`\nwrote ${out}`);
}

/** `--app-only`: the app's own measurements, no harness, matrix or peers. */
async function appOnly(variant: string, json: unknown): Promise<void> {
  const app = await measureApp(variant);
  const machine = machineName();
  console.log(`\nRoadgate app measurements, ${machine}`);
  printApp(app, variant);
  for (const s of app.skipped) console.log(`\nskipped: ${s}`);
  if (typeof json === 'string') writeJson(json, { machine, app });
}

runMain(main);
