/**
 * `npm run bench`: for every catalog variant and each backend that works here, in Roadgate's own
 * worker in headless Chromium: load time, first inference, median and p90 latency over N runs
 * (probabilities read back), fps, GFLOP/s, bytes and test accuracy. WASM is measured with and
 * without cross-origin isolation (threads / one thread). `--app` adds the app's own timings
 * with a fake camera: navigation to first verdict, first not-road verdict to camera off, fps,
 * memory, a first visit's bytes, the offline install's bytes and cached cold starts, the road
 * leaving the view (a road clip, then a not-road one), and the engine and ms per frame in Firefox
 * beside Chromium's; `--app-only` measures only those. Prints a markdown table; `--json FILE`
 * writes everything.
 */
import { chromium } from '@playwright/test';
import { readCatalog } from '../catalog/catalog-io.ts';
import { helpText, parseFlags, runMain, UsageError, type FlagSpec } from '../common/args.ts';
import { userPath } from '../common/paths.ts';
import { chromiumLaunch } from '../harness/chromium.ts';
import { buildHarness, HARNESS_DIR, serveHarness } from '../harness/driver.ts';
import { measureApp } from '../bench/app/timings.ts';
import { cpuLimits, runJobs, runPeers } from '../bench/matrix.ts';
import { machineName, printApp, printMatrix, printSkipped, writeJson } from '../bench/output.ts';
import { preparePeers, type PeerModel } from '../bench/peers.ts';
import { BACKEND_NAMES, checkSelection, planJobs } from '../bench/plan.ts';
import { flopsPerInference, inversions, orderRows, summarize } from '../bench/summary.ts';
import { storeOptions } from '../weights/store.ts';
import type { Backend } from '../../src/inference/protocol.ts';

const FLAGS: Record<string, FlagSpec> = {
  variants: { type: 'list', help: 'catalog ids to measure (default: all)' },
  backends: {
    type: 'list',
    default: [...BACKEND_NAMES],
    help: 'backends: int8 (the .tflite on LiteRT.js), wasm, webgl, cpu (cpu: smallest variant only)',
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
    help: 'also time the app itself with a fake camera (default variant), in Chromium and Firefox',
  },
  app_only: {
    type: 'boolean',
    default: false,
    help: 'only the app timings (--app), without the per-variant matrix and the peers',
  },
  json: { type: 'string', help: 'write all results to this JSON file' },
  help: { type: 'boolean', default: false, help: 'show this help' },
};

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
  const catalog = readCatalog();
  const wanted = (flags.variants as string[] | undefined) ?? catalog.variants.map((v) => v.id);
  checkSelection(catalog, wanted, flags.backends as string[]);
  if (flags.app_only) return appOnly(catalog.default, flags.json);
  const backends = flags.backends as Backend[];
  const { jobs, failures } = planJobs(catalog, wanted, backends, Boolean(flags.isolation));

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
  const servers = [await serveHarness(true), await serveHarness(false)] as const;
  const ports = { isolated: servers[0].port, notIsolated: servers[1].port };
  const browser = await chromium.launch(chromiumLaunch([]));
  let raw, limits, peerResults;
  try {
    raw = await runJobs(browser, ports, jobs, runs, failures);
    limits = await cpuLimits(browser, ports, Boolean(flags.isolation), failures);
    peerResults = await runPeers(browser, ports.isolated, peers, catalog, runs);
  } finally {
    await browser.close();
    await Promise.all(servers.map((s) => s.server.close()));
  }

  const app = flags.app ? await measureApp(catalog.default) : null;
  const flops = (id: string) => {
    const e = catalog.variants.find((v) => v.id === id);
    return e ? flopsPerInference(e.width, e.inputSize) : 0;
  };
  const rows = orderRows(raw.map(summarize), flops);
  const machine = machineName();
  printMatrix({ machine, runs, rows, failures, cpuLimits: limits, peers: peerResults });
  if (app) {
    printApp(app, catalog.default);
    skipped.push(...app.skipped);
  }
  printSkipped(skipped);
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
      cpuLimits: limits,
      app,
    });
  }
}

/** `--app-only`: the app's own measurements, no harness, matrix or peers. */
async function appOnly(variant: string, json: unknown): Promise<void> {
  const app = await measureApp(variant);
  const machine = machineName();
  console.log(`\nRoadgate app measurements, ${machine}`);
  printApp(app, variant);
  printSkipped(app.skipped);
  if (typeof json === 'string') writeJson(json, { machine, app });
}

runMain(main);
