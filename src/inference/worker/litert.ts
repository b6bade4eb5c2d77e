/// <reference lib="webworker" />
/**
 * LiteRT.js, Google's `.tflite` runtime for the web (TFLite + XNNPACK compiled to WASM), loaded
 * once per worker from the app's own files. It takes typed arrays, so the worker's own pixels go
 * straight in: no WebGL, unlike MediaPipe Tasks, which uploads every image through WebGL 2.
 *
 * Three of its builds are served, and one is chosen by what this browser has, not by its name
 * (`liteRtBuild`, src/platform/fallbacks.ts): threaded, relaxed SIMD, or compat (no relaxed SIMD).
 * Each build's glue and WASM load only when chosen.
 */
import { loadLiteRt, unloadLiteRt } from '@litertjs/core';
// The threaded build's thread workers load its glue as a classic script: served as a file too.
import threadedGlue from '@litertjs/core/wasm/litert_wasm_threaded_internal.js?url';
import threadedWasm from '@litertjs/core/wasm/litert_wasm_threaded_internal.wasm?url';
import simdWasm from '@litertjs/core/wasm/litert_wasm_internal.wasm?url';
import compatWasm from '@litertjs/core/wasm/litert_wasm_compat_internal.wasm?url';
import {
  buildsToKeep,
  buildToLoad,
  liteRtBuild,
  runnableBuilds,
  type LiteRtBuild,
} from '../../platform/fallbacks.ts';
import { probeFeatures, type Features } from '../../platform/features.ts';
import { ENGINE_CACHE } from '../../sw/names.ts';
import { withTimeout } from '../../util/timeout.ts';

declare const self: DedicatedWorkerGlobalScope;

interface BuildFiles {
  /** The glue as a classic script, for thread workers; null for a build without threads. */
  glue: string | null;
  wasm: string;
  /** The glue as a module: Vite turns its UMD script into one whose default is the factory. */
  factory: () => Promise<{ default: unknown }>;
}

const BUILDS: Record<LiteRtBuild, BuildFiles> = {
  threaded: {
    glue: threadedGlue,
    wasm: threadedWasm,
    factory: () => import('@litertjs/core/wasm/litert_wasm_threaded_internal.js'),
  },
  'relaxed-simd': {
    glue: null,
    wasm: simdWasm,
    factory: () => import('@litertjs/core/wasm/litert_wasm_internal.js'),
  },
  compat: {
    glue: null,
    wasm: compatWasm,
    factory: () => import('@litertjs/core/wasm/litert_wasm_compat_internal.js'),
  },
};

/**
 * A build that has not started by then never will: the threaded build waits forever for
 * SharedArrayBuffer on a page that lost its isolation.
 */
const RUNTIME_LOAD_TIMEOUT_MS = 20_000;

/** The loaded runtime: which build, its threads (1 without), and the features it was chosen by. */
export interface Runtime {
  build: LiteRtBuild;
  threads: number;
  features: Features;
}

let loading: Promise<Runtime> | null = null;
/** An unload waits for a load in progress (LiteRT.js refuses to unload while loading). */
let unloading: Promise<void> = Promise.resolve();

/** Threads for the threaded build: the device's cores, at most 4 (more cost power, not time). */
const threadCount = (): number => Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));

/** The runtime, loaded on first use (one per worker: LiteRT.js keeps a single global). */
export function loadRuntime(): Promise<Runtime> {
  loading ??= unloading.then(start).catch((err: unknown) => {
    loading = null;
    throw err;
  });
  return loading;
}

/** Why no build runs here (`liteRtBuild` says). */
function noBuildReason(features: Features): string {
  const choice = liteRtBuild(features);
  return choice.build === 'none' ? choice.reason : 'no build is listed';
}

const wasmUrlOf = (build: LiteRtBuild): string =>
  new URL(BUILDS[build].wasm, self.location.href).href;

/** The builds whose WASM is in the engine cache. */
async function savedBuilds(): Promise<Set<LiteRtBuild>> {
  const cache = await caches.open(ENGINE_CACHE).catch(() => null);
  const urls = new Set(((await cache?.keys()) ?? []).map((r) => r.url));
  return new Set((Object.keys(BUILDS) as LiteRtBuild[]).filter((b) => urls.has(wasmUrlOf(b))));
}

/**
 * Whether loading the runtime needs no download: loaded already, or a build this browser runs in
 * the engine cache. False on a first visit, when the worker starts on TF.js meanwhile. True where
 * no build runs here: a load then fails at once, with the reason, and no upgrade is planned.
 */
export async function runtimeIsLocal(): Promise<boolean> {
  if (loading) return true;
  const runnable = runnableBuilds(await probeFeatures());
  if (runnable.length === 0) return true;
  const saved = await savedBuilds();
  return runnable.some((b) => saved.has(b));
}

/** Frees the runtime (the worker moved to another engine); the next use loads it again. */
export function releaseRuntime(): void {
  const pending = loading;
  if (!pending) return;
  loading = null;
  unloading = pending.then(
    () => unloadLiteRt(),
    () => undefined, // Never loaded: nothing to free.
  );
}

async function start(): Promise<Runtime> {
  const features = await probeFeatures();
  const load = buildToLoad(runnableBuilds(features), await savedBuilds());
  if (!load) throw new Error(`no LiteRT.js build runs here: ${noBuildReason(features)}`);
  const { build, better } = load;
  const files = BUILDS[build];
  const absolute = (url: string) => new URL(url, self.location.href).href;
  const wasmUrl = absolute(files.wasm);
  const { default: factory } = await files.factory();
  let wasmFailed: (err: unknown) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => (wasmFailed = reject));
  const scope = self as unknown as Record<string, unknown>;
  // LiteRT.js loads its glue with importScripts, which a module worker lacks; the glue is already
  // imported above, so the call only has to hand over the factory it would have set.
  scope.ModuleFactory = factory;
  scope.Module = {
    locateFile: (file: string) => (file.endsWith('.wasm') ? wasmUrl : absolute(file)),
    // Emscripten's hook: the WASM comes from the engine cache, or the network and then the cache.
    instantiateWasm: (
      imports: WebAssembly.Imports,
      receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
    ) => {
      wasmBytes(wasmUrl)
        .then((bytes) => WebAssembly.instantiate(bytes, imports))
        .then((r) => receive(r.instance, r.module), wasmFailed);
      return {};
    },
    ...(files.glue ? { mainScriptUrlOrBlob: absolute(files.glue) } : {}),
    // TFLite's INFO / WARNING lines would reach console.error: keep them out of the error log.
    print: (line: string) => console.debug(line),
    printErr: (line: string) => console.debug(line),
  };
  const importScripts = scope.importScripts;
  scope.importScripts = () => undefined;
  const restoreGpu = hideWebGpu();
  try {
    // The path only names the glue (its script is stubbed out above); it must end in .js.
    const glue = absolute(files.glue ?? `litert-${build}.js`);
    // No `threads` option: the glue chosen above decides, and LiteRT.js warns when both are given.
    await withTimeout(
      Promise.race([loadLiteRt(glue), failure]),
      RUNTIME_LOAD_TIMEOUT_MS,
      () =>
        new Error(`LiteRT.js (${build}) did not start within ${RUNTIME_LOAD_TIMEOUT_MS / 1000} s`),
    );
  } finally {
    scope.importScripts = importScripts;
    restoreGpu();
  }
  // The faster build is fetched for the next launch; slower ones and older versions' go.
  if (better) void wasmBytes(wasmUrlOf(better)).catch(() => undefined);
  void forgetBuildsBelow(build);
  return { build, threads: build === 'threaded' ? threadCount() : 1, features };
}

/**
 * The runtime's WASM (2.8 MB gzipped): kept in the engine cache once fetched, so a device keeps
 * the one build it runs for offline launches, and the install precaches none of them.
 */
async function wasmBytes(url: string): Promise<ArrayBuffer> {
  const cache = await caches.open(ENGINE_CACHE).catch(() => null);
  const hit = await cache?.match(url);
  if (hit) return hit.arrayBuffer();
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} could not be fetched (HTTP ${res.status})`);
  await cache?.put(url, res.clone()).catch(() => undefined);
  return res.arrayBuffer();
}

/**
 * Drops from the engine cache the builds slower than `loaded` and every older app version's file.
 * A faster build of this version stays: a page loaded once without isolation (a hard reload that
 * bypassed the service worker) must not cost the threaded build it will run next time.
 */
async function forgetBuildsBelow(loaded: LiteRtBuild): Promise<void> {
  const cache = await caches.open(ENGINE_CACHE).catch(() => null);
  const keep = new Set(buildsToKeep(loaded).map(wasmUrlOf));
  const stale = (await cache?.keys())?.filter((r) => !keep.has(r.url)) ?? [];
  await Promise.all(stale.map((r) => cache?.delete(r)));
}

/**
 * LiteRT.js asks every load for a high-performance WebGPU device with the adapter's largest
 * limits, which this engine never uses (it runs on XNNPACK's CPU kernels): on a phone that wakes
 * the GPU for nothing. Answer "no adapter" while it loads.
 */
function hideWebGpu(): () => void {
  if (!('gpu' in navigator)) return () => undefined;
  Object.defineProperty(navigator, 'gpu', {
    value: { requestAdapter: () => Promise.resolve(null) },
    configurable: true,
  });
  return () => {
    delete (navigator as unknown as { gpu?: unknown }).gpu;
  };
}
