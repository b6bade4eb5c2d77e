/**
 * What Roadgate does where the browser lacks something: pure decisions from found features
 * (`features.ts`, or a page-side fact) to the path the code takes. The README's "Safari and iOS"
 * table names each one beside the feature it stands in for.
 */
import type { TfBackend } from '../inference/protocol.ts';
import type { Features } from './features.ts';

/** LiteRT.js's WASM builds that Roadgate serves (its JSPI build is for WebGPU / WebNN: unused). */
export type LiteRtBuild = 'threaded' | 'relaxed-simd' | 'compat';

export type LiteRtChoice = { build: LiteRtBuild } | { build: 'none'; reason: string };

/**
 * The fastest LiteRT.js build this browser runs. Every build needs WASM SIMD (the compat build
 * fails to compile without it); the relaxed-SIMD and threaded builds need relaxed SIMD; threads
 * need shared memory, which only a cross-origin isolated page has. No build: the integer engine
 * is passed over and TF.js runs the model.
 */
export function liteRtBuild(
  f: Pick<Features, 'simd' | 'relaxedSimd' | 'threads' | 'crossOriginIsolated' | 'offscreenCanvas'>,
): LiteRtChoice {
  if (!f.simd) return { build: 'none', reason: 'no WASM SIMD, which every LiteRT.js build needs' };
  if (!f.offscreenCanvas) return { build: 'none', reason: NO_OFFSCREEN_CANVAS };
  if (!f.relaxedSimd) return { build: 'compat' };
  return { build: f.threads && f.crossOriginIsolated ? 'threaded' : 'relaxed-simd' };
}

/** The builds, fastest first: each one runs wherever a faster one does. */
const BUILD_ORDER: readonly LiteRtBuild[] = ['threaded', 'relaxed-simd', 'compat'];

/** Every LiteRT.js build this browser runs, fastest first (none where `liteRtBuild` finds none). */
export function runnableBuilds(f: Parameters<typeof liteRtBuild>[0]): LiteRtBuild[] {
  const best = liteRtBuild(f);
  return best.build === 'none' ? [] : BUILD_ORDER.slice(BUILD_ORDER.indexOf(best.build));
}

/**
 * Which build to load, given the builds this device has saved: the fastest it runs when that one
 * is saved (or none is: it is fetched); else the fastest saved one it runs, so a launch offline
 * keeps the integer engine, with `better` to fetch for the next launch. A page that gained
 * isolation since its first visit (the service worker adds the headers) is such a case: it saved
 * the relaxed-SIMD build and now runs the threaded one. Null where no build runs here.
 */
export function buildToLoad(
  runnable: readonly LiteRtBuild[],
  saved: ReadonlySet<LiteRtBuild>,
): { build: LiteRtBuild; better: LiteRtBuild | null } | null {
  const best = runnable[0];
  if (best === undefined) return null;
  const local = runnable.find((b) => saved.has(b));
  return local === undefined || local === best
    ? { build: best, better: null }
    : { build: local, better: best };
}

/** The builds to keep in the cache once `loaded` runs: it, and the faster ones. */
export const buildsToKeep = (loaded: LiteRtBuild): LiteRtBuild[] =>
  BUILD_ORDER.slice(0, BUILD_ORDER.indexOf(loaded) + 1);

const NO_OFFSCREEN_CANVAS = 'no OffscreenCanvas 2D in the worker to read a frame through';

export interface TfPlan {
  /** The backends to try, in order. */
  order: TfBackend[];
  /** Those passed over without trying, or tried only after the rest, and why. */
  skipped: { backend: TfBackend; reason: string }[];
}

/**
 * Renderers that draw WebGL on the CPU: Chromium's SwiftShader (headless, blocklisted GPUs,
 * virtual machines), Mesa's llvmpipe / softpipe / lavapipe, Windows' Basic Render Driver.
 */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|lavapipe|software|basic render/i;

/** Whether WebGL here is drawn on the CPU, by the renderer's name (`Features.webglRenderer`). */
export const softwareWebGl = (renderer: string | null): boolean =>
  renderer !== null && SOFTWARE_RENDERER.test(renderer);

/**
 * Which TF.js backends to try. WebGPU is passed over without `navigator.gpu`; WebGL where no
 * OffscreenCanvas gives a WebGL context (`webgl: null`, not probed, keeps it: trying it finds
 * out), and it goes after WASM where a software renderer draws it: on the 2-core build machine
 * 0.5_224 took 7× its one-thread WASM time on SwiftShader (README, Benchmark), and the first
 * visit's seconds on TF.js ran at 1 fps. Every backend is passed over without an OffscreenCanvas
 * 2D, since TF.js reads a worker's ImageBitmap through one.
 */
export function tfBackendPlan(
  order: readonly TfBackend[],
  f: Pick<Features, 'offscreenCanvas' | 'webgl' | 'webglRenderer' | 'webgpu'>,
): TfPlan {
  const plan: TfPlan = { order: [], skipped: [] };
  for (const backend of order) {
    if (!f.offscreenCanvas) plan.skipped.push({ backend, reason: NO_OFFSCREEN_CANVAS });
    else if (backend === 'webgpu' && !f.webgpu) {
      plan.skipped.push({ backend, reason: 'no WebGPU in this browser' });
    } else if (backend === 'webgl' && f.webgl === 'none') {
      plan.skipped.push({ backend, reason: 'no WebGL on an OffscreenCanvas in the worker' });
    } else plan.order.push(backend);
  }
  const webgl = plan.order.indexOf('webgl');
  const wasm = plan.order.indexOf('wasm');
  if (softwareWebGl(f.webglRenderer) && webgl >= 0 && wasm > webgl) {
    // Still before CPU: TF.js's plain-JavaScript backend is slower again.
    plan.order.splice(webgl, 1);
    plan.order.splice(wasm, 0, 'webgl');
    const reason = `drawn on the CPU by ${f.webglRenderer}, slower than WASM`;
    plan.skipped.push({ backend: 'webgl', reason });
  }
  return plan;
}

/**
 * How the frame pump waits for a frame: `requestVideoFrameCallback` fires once per new camera
 * frame; without it, `requestAnimationFrame` fires once per display refresh, and the pump's own
 * one-in-flight rule keeps it from classifying faster than the engine answers.
 */
export function frameSource(hasVideoFrameCallback: boolean): 'video-frame' | 'animation-frame' {
  return hasVideoFrameCallback ? 'video-frame' : 'animation-frame';
}

export interface CameraFacts {
  secureContext: boolean;
  /** `navigator.mediaDevices.getUserMedia` is there. */
  getUserMedia: boolean;
  /** Opened as an installed app (display-mode standalone, or iOS's `navigator.standalone`). */
  standalone: boolean;
}

/**
 * Why the camera cannot be asked for, or null when it can. `standalone`: an installed app on a
 * browser that gives the camera only to its own tabs (iOS before 13.4): the user opens the page
 * in the browser instead. `unsupported`: no camera API at all.
 */
export function cameraBlocker(f: CameraFacts): 'insecure' | 'standalone' | 'unsupported' | null {
  if (!f.secureContext) return 'insecure';
  if (f.getUserMedia) return null;
  return f.standalone ? 'standalone' : 'unsupported';
}
