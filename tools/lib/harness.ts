/**
 * The benchmark harness page (bench/) built into dist-bench/ and served by `vite preview`, with
 * Roadgate's own worker in headless Chromium: used by the benchmark to time models and by the
 * int8 export to measure accuracy on the engine that ships.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { preview, type PreviewServer } from 'vite';
import type { Backend } from '../../src/inference/protocol.ts';
import { ISOLATION_HEADERS } from '../../src/sw/headers.ts';
import { chromiumLaunch } from './chromium.ts';
import type { Example } from './dataset.ts';
import { decodeImage, toInputPixels } from './images.ts';
import { REPO_ROOT } from './paths.ts';

export const HARNESS_DIR = join(REPO_ROOT, 'dist-bench');

/** Builds the harness into `outDir` (dist-bench/ by default). */
export function buildHarness(outDir = HARNESS_DIR): void {
  execFileSync(
    'npx',
    ['vite', 'build', '--config', 'vite.bench.config.ts', '--logLevel', 'warn', '--outDir', outDir],
    { cwd: REPO_ROOT, stdio: 'inherit' },
  );
}

/** Serves a built harness on 127.0.0.1:`port`, cross-origin isolated (WASM threads) or not. */
export function serveHarness(
  port: number,
  isolated: boolean,
  outDir = HARNESS_DIR,
): Promise<PreviewServer> {
  return preview({
    configFile: join(REPO_ROOT, 'vite.bench.config.ts'),
    build: { outDir },
    preview: { port, headers: isolated ? ISOLATION_HEADERS : {} },
    logLevel: 'silent',
  });
}

/** A port that was free a moment ago (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A harness of this process's own: its build folder and port, so tools can run side by side. */
export interface Harness {
  browser: Browser;
  port: number;
  /** The folder the preview serves. */
  root: string;
}

/** A fresh page on the harness, ready for its `window` functions. */
export async function harnessPage(browser: Browser, port: number): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
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

type HarnessWindow = {
  roadgateOpen: (...a: unknown[]) => Promise<{ backend: Backend; fallbacks: string[] }>;
  roadgateClassify: (images: string[]) => Promise<[number, number][]>;
};

/**
 * Classifies `examples` in Roadgate's worker on `backend` (which must be the one that loads:
 * no fallback) and returns [road, not-road] per example; undecodable images go to `onSkip`.
 */
export async function classifyInBrowser(
  page: Page,
  model: BrowserModel,
  backend: Backend,
  examples: Example[],
  opts: { onSkip?: (path: string, reason: string) => void; onProgress?: (done: number) => void },
): Promise<Map<string, [number, number]>> {
  const opened = await page.evaluate(
    ([m, b]) =>
      (window as unknown as HarnessWindow).roadgateOpen(
        m.variant,
        m.modelUrl,
        m.inputSize,
        b,
        m.tfliteUrl,
      ),
    [model, backend] as const,
  );
  if (opened.backend !== backend) {
    throw new Error(`${model.variant} did not load on ${backend}: ${opened.fallbacks.join('; ')}`);
  }
  const out = new Map<string, [number, number]>();
  const BATCH = 16;
  for (let i = 0; i < examples.length; i += BATCH) {
    const batch: { path: string; b64: string }[] = [];
    for (const e of examples.slice(i, i + BATCH)) {
      try {
        const pixels = await toInputPixels(await decodeImage(e.path), model.inputSize);
        batch.push({ path: e.path, b64: Buffer.from(pixels).toString('base64') });
      } catch (err) {
        opts.onSkip?.(e.path, (err as Error).message.split('\n')[0] ?? '');
      }
    }
    const probs = await page.evaluate(
      (images) => (window as unknown as HarnessWindow).roadgateClassify(images),
      batch.map((b) => b.b64),
    );
    batch.forEach((b, j) => out.set(b.path, probs[j] as [number, number]));
    opts.onProgress?.(Math.min(examples.length, i + BATCH));
  }
  return out;
}

/** Builds a private harness, serves it cross-origin isolated, and hands it to `work`. */
export async function withHarness<T>(work: (harness: Harness) => Promise<T>): Promise<T> {
  const root = await mkdtemp(join(tmpdir(), 'roadgate-harness-'));
  try {
    buildHarness(root);
    const port = await freePort();
    const server = await serveHarness(port, true, root);
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
