/**
 * Backend choice in the worker: WebGL (on OffscreenCanvas) → WASM (SIMD, one thread: see
 * `probeBackend`) → CPU, each tried in turn, with the reason for every fallback kept. A backend
 * this browser lacks a feature for is passed over untried (`tfBackendPlan`).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// The WASM binaries are served by the app itself (no CDN): Vite emits them and gives their URLs.
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
// setWasmPaths needs all three; the threaded build is never loaded (nor precached).
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { tfBackendPlan } from '../../platform/fallbacks.ts';
import { probeFeaturesWithWebGl } from '../../platform/features.ts';
import { errorMessage } from '../../util/errors.ts';
import { TF_BACKENDS, type BackendInfo, type TfBackend } from '../protocol.ts';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

/** A backend that has not initialised by then is passed over (a WASM thread pool can hang). */
const BACKEND_INIT_TIMEOUT_MS = 20_000;

function timeout(ms: number, what: string): Promise<string> {
  return new Promise((resolve) =>
    setTimeout(() => resolve(`${what} did not start within ${ms / 1000} s`), ms),
  );
}

/** Tries one backend: it must initialise and compute a small op correctly. */
function tryBackend(name: TfBackend): Promise<string | null> {
  return Promise.race([probeBackend(name), timeout(BACKEND_INIT_TIMEOUT_MS, name)]);
}

async function probeBackend(name: TfBackend): Promise<string | null> {
  try {
    if (name === 'wasm') {
      // Single-threaded, even where the page is isolated: TF.js's threaded build always starts
      // 8 worker threads (its glue's pthreadPoolSize), each holding ~17 MB (measured with
      // measureUserAgentSpecificMemory: 167 MB for the page and workers, against 44 MB on the
      // integer engine), for 2–7% less latency on this 2-core machine (npm run bench). TF.js is
      // the fallback engine now; the integer engine has its own threads.
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    }
    if (name === 'webgpu') {
      // TF.js would only say it did not initialise: find out why first.
      const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      if (!(await gpu?.requestAdapter())) return 'webgpu: the browser gives no GPU adapter here';
      // Loaded only when asked for: most devices never run it (protocol.ts, BACKENDS).
      await import('@tensorflow/tfjs-backend-webgpu');
    }
    if (!(await tf.setBackend(name))) return `${name} did not initialise`;
    await tf.ready();
    const probe = tf.tidy(() => tf.sum(tf.mul(tf.tensor1d([1, 2, 3]), 2)));
    const value = (await probe.data())[0];
    probe.dispose();
    return value === 12 ? null : `${name} computed ${value} for a probe that gives 12`;
  } catch (err) {
    return `${name}: ${errorMessage(err)}`;
  }
}

/** Picks the first TF.js backend that works, in `order`. Throws when none does. */
export async function chooseBackend(
  order: readonly TfBackend[] = TF_BACKENDS,
): Promise<BackendInfo> {
  const features = await probeFeaturesWithWebGl();
  const plan = tfBackendPlan(order, features);
  const fallbacks: BackendInfo['fallbacks'] = [...plan.skipped];
  for (const backend of plan.order) {
    const reason = await tryBackend(backend);
    if (reason === null) {
      // A software WebGL runs where WASM failed: the plan's note that it goes second no longer holds.
      const passed = fallbacks.filter((f) => f.backend !== backend);
      return { backend, fallbacks: passed, threads: await threadsInUse(backend), features };
    }
    fallbacks.push({ backend, reason });
  }
  throw new Error(fallbacks.map((f) => f.reason).join('; '));
}

/** Whether the WASM backend runs its thread pool (never, since it is turned off above). */
async function threadsInUse(backend: TfBackend): Promise<boolean> {
  if (backend !== 'wasm') return false;
  return Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
}

/**
 * Frees every TF.js backend and what it holds (WASM heap, WebGL textures, thread pool): the
 * worker moved to the integer engine. A later `chooseBackend` starts one afresh.
 */
export function releaseTf(): void {
  tf.engine().reset();
}

/**
 * Calls `onLost` once if the WebGL context of the current backend is lost (GPU reset, memory
 * pressure): the caller then moves to WASM.
 */
export function watchContextLoss(onLost: () => void): void {
  const backend = tf.backend() as unknown as {
    gpgpu?: { gl?: { canvas?: OffscreenCanvas | HTMLCanvasElement } };
  };
  const canvas = backend.gpgpu?.gl?.canvas;
  if (canvas && 'addEventListener' in canvas) {
    canvas.addEventListener('webglcontextlost', onLost, { once: true });
  }
}
