/**
 * The harness page (page.ts, index.html) from Node: built into dist-bench/ by
 * vite.bench.config.ts, served by `vite preview` on a free port, opened in headless Chromium
 * with Roadgate's own worker. The benchmark times models on it; the int8 export measures
 * accuracy on the engine that ships.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { preview, type PreviewServer } from 'vite';
import type { Backend } from '../../src/inference/protocol.ts';
import { ISOLATION_HEADERS } from '../../src/sw/headers.ts';
import { REPO_ROOT } from '../common/paths.ts';
import { inBatches, photoInput } from '../data/batches.ts';
import type { Example } from '../data/dataset.ts';
import type { HarnessApi } from './api.ts';
import { chromiumLaunch, missingChromium } from './chromium.ts';

export const HARNESS_DIR = join(REPO_ROOT, 'dist-bench');

/** Builds the harness into `outDir` (dist-bench/ by default). */
export function buildHarness(outDir = HARNESS_DIR): void {
  execFileSync(
    'npx',
    ['vite', 'build', '--config', 'vite.bench.config.ts', '--logLevel', 'warn', '--outDir', outDir],
    { cwd: REPO_ROOT, stdio: 'inherit' },
  );
}

/** A running preview of a built harness, on the port the OS gave it. */
export interface HarnessServer {
  server: PreviewServer;
  port: number;
}

/** Serves a built harness on 127.0.0.1 (a free port), cross-origin isolated (threads) or not. */
export async function serveHarness(
  isolated: boolean,
  outDir = HARNESS_DIR,
): Promise<HarnessServer> {
  const server = await preview({
    configFile: join(REPO_ROOT, 'vite.bench.config.ts'),
    build: { outDir },
    preview: { port: 0, headers: isolated ? ISOLATION_HEADERS : {} },
    logLevel: 'silent',
  });
  const { port } = server.httpServer.address() as AddressInfo;
  return { server, port };
}

/** A harness of this process's own: its build folder and port, so tools can run side by side. */
export interface Harness {
  browser: Browser;
  port: number;
  /** The folder the preview serves. */
  root: string;
}

/** A fresh page on the harness, ready for its `window` API. */
export async function harnessPage(browser: Browser, port: number): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

/** Calls `name` of the page's `HarnessApi` with `args` (structured-cloned into the page). */
export function callHarness<K extends keyof HarnessApi>(
  page: Page,
  name: K,
  ...args: Parameters<HarnessApi[K]>
): Promise<Awaited<ReturnType<HarnessApi[K]>>> {
  return page.evaluate(
    ([n, a]) => {
      const api = window as unknown as Record<string, (...x: unknown[]) => unknown>;
      return api[n]?.(...a);
    },
    [name, args] as [string, unknown[]],
  ) as Promise<Awaited<ReturnType<HarnessApi[K]>>>;
}

/** Copies a model folder into the harness (the preview serves only that) and gives its URL. */
export async function stageModel(harness: Harness, dir: string, name: string): Promise<string> {
  const dest = join(harness.root, 'staged', name);
  await rm(dest, { recursive: true, force: true });
  await cp(dir, dest, { recursive: true });
  return `staged/${name}`;
}

export interface BrowserModel {
  variant: string;
  /** URLs relative to the harness page. */
  modelUrl: string;
  tfliteUrl?: string;
  inputSize: number;
}

/**
 * Classifies `examples` in Roadgate's worker on `backend` (which must be the one that loads:
 * no fallback) and returns [road, not-road] per example; undecodable images go to `onSkip`.
 */
export async function classifyInBrowser(
  page: Page,
  model: BrowserModel,
  backend: Backend,
  examples: Example[],
  onSkip?: (path: string, reason: string) => void,
): Promise<Map<string, [number, number]>> {
  const { variant, modelUrl, inputSize, tfliteUrl } = model;
  const opened = await callHarness(
    page,
    'roadgateOpen',
    variant,
    modelUrl,
    inputSize,
    backend,
    tfliteUrl,
  );
  if (opened.backend !== backend) {
    throw new Error(`${variant} did not load on ${backend}: ${opened.fallbacks.join('; ')}`);
  }
  const out = new Map<string, [number, number]>();
  await inBatches(examples, {
    pathOf: (e) => e.path,
    inputsOf: (e) => photoInput(e.path, e.path, inputSize),
    onSkip,
    run: async (batch) => {
      const images = batch.map((b) => Buffer.from(b.pixels).toString('base64'));
      const probs = await callHarness(page, 'roadgateClassify', images);
      batch.forEach((b, j) => out.set(b.key, probs[j] as [number, number]));
    },
  });
  return out;
}

/** Builds a private harness, serves it cross-origin isolated, and hands it to `work`. */
export async function withHarness<T>(work: (harness: Harness) => Promise<T>): Promise<T> {
  const missing = missingChromium();
  if (missing) throw new Error(missing);
  const root = await mkdtemp(join(tmpdir(), 'roadgate-harness-'));
  try {
    buildHarness(root);
    const { server, port } = await serveHarness(true, root);
    const browser = await chromium.launch(chromiumLaunch([]));
    try {
      return await work({ browser, port, root });
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
