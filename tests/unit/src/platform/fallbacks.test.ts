import { describe, expect, it } from 'vitest';
import { TF_BACKENDS } from '../../../../src/inference/protocol.ts';
import {
  buildsToKeep,
  buildToLoad,
  cameraBlocker,
  runnableBuilds,
  frameSource,
  liteRtBuild,
  tfBackendPlan,
  type CameraFacts,
} from '../../../../src/platform/fallbacks.ts';
import type { Features } from '../../../../src/platform/features.ts';

/** Chromium on a cross-origin isolated page: everything the engines can use. */
const chromium: Features = {
  simd: true,
  relaxedSimd: true,
  threads: true,
  crossOriginIsolated: true,
  jspi: true,
  webgpu: true,
  offscreenCanvas: true,
  webgl: 'webgl2',
  webglRenderer: 'ANGLE (Apple, ANGLE Metal Renderer: Apple M2, Unspecified Version)',
};
/** What MDN's compat data gives Safari 18 (no relaxed SIMD; isolation where COOP/COEP are sent). */
const safari18: Features = { ...chromium, relaxedSimd: false, jspi: false, webgpu: false };

describe('runnableBuilds and buildToLoad', () => {
  it('lists every build this browser runs, fastest first', () => {
    expect(runnableBuilds(chromium)).toEqual(['threaded', 'relaxed-simd', 'compat']);
    expect(runnableBuilds({ ...chromium, crossOriginIsolated: false })).toEqual([
      'relaxed-simd',
      'compat',
    ]);
    expect(runnableBuilds(safari18)).toEqual(['compat']);
    expect(runnableBuilds({ ...chromium, simd: false })).toEqual([]);
  });

  it('loads the fastest build when it is saved, or when none is (it is fetched)', () => {
    const all = runnableBuilds(chromium);
    expect(buildToLoad(all, new Set(['threaded', 'compat']))).toEqual({
      build: 'threaded',
      better: null,
    });
    expect(buildToLoad(all, new Set())).toEqual({ build: 'threaded', better: null });
    expect(buildToLoad([], new Set(['compat']))).toBeNull();
  });

  it('keeps a page that gained isolation on its saved build (offline too), fetching the faster one', () => {
    // First visit from a host with no headers: relaxed SIMD saved; the service worker isolates.
    expect(buildToLoad(runnableBuilds(chromium), new Set(['relaxed-simd']))).toEqual({
      build: 'relaxed-simd',
      better: 'threaded',
    });
    // A saved build this browser cannot run is not loaded.
    expect(buildToLoad(runnableBuilds(safari18), new Set(['threaded']))).toEqual({
      build: 'compat',
      better: null,
    });
  });
});

describe('buildsToKeep', () => {
  it('keeps the build loaded and the faster ones, never a faster build for a later launch', () => {
    expect(buildsToKeep('threaded')).toEqual(['threaded']);
    expect(buildsToKeep('relaxed-simd')).toEqual(['threaded', 'relaxed-simd']);
    expect(buildsToKeep('compat')).toEqual(['threaded', 'relaxed-simd', 'compat']);
  });
});

describe('liteRtBuild', () => {
  it.each([
    ['everything', {}, 'threaded'],
    ['threads but no isolation', { crossOriginIsolated: false }, 'relaxed-simd'],
    ['isolation but no shared memory', { threads: false }, 'relaxed-simd'],
    // The threaded build needs relaxed SIMD too: no threads without it.
    ['no relaxed SIMD, threads and isolation', { relaxedSimd: false }, 'compat'],
    ['Safari 18', safari18, 'compat'],
  ] as const)('%s -> %s', (_, facts, build) => {
    expect(liteRtBuild({ ...chromium, ...facts })).toEqual({ build });
  });

  it('runs no build without WASM SIMD or an OffscreenCanvas to read frames through', () => {
    const noSimd = liteRtBuild({ ...safari18, simd: false });
    expect(noSimd).toMatchObject({ build: 'none', reason: expect.stringMatching(/WASM SIMD/) });
    const noCanvas = liteRtBuild({ ...chromium, offscreenCanvas: false });
    expect(noCanvas).toMatchObject({ build: 'none', reason: expect.stringMatching(/Offscreen/) });
  });
});

describe('tfBackendPlan', () => {
  it('tries every backend where WebGL works, or was not probed yet', () => {
    expect(tfBackendPlan(TF_BACKENDS, chromium)).toEqual({ order: TF_BACKENDS, skipped: [] });
    const unprobed = tfBackendPlan(TF_BACKENDS, { ...chromium, webgl: null });
    expect(unprobed.order).toEqual(['webgl', 'wasm', 'cpu']);
    expect(tfBackendPlan(TF_BACKENDS, { ...chromium, webgl: 'webgl' }).order).toHaveLength(3);
  });

  it('passes over WebGL, with a reason, where no OffscreenCanvas gives a WebGL context', () => {
    const plan = tfBackendPlan(TF_BACKENDS, { ...chromium, webgl: 'none' });
    expect(plan.order).toEqual(['wasm', 'cpu']);
    expect(plan.skipped).toEqual([{ backend: 'webgl', reason: expect.stringMatching(/WebGL/) }]);
  });

  it('tries a software-rendered WebGL after WASM (but before CPU), and says why', () => {
    const swiftShader =
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)';
    for (const renderer of [swiftShader, 'llvmpipe, or similar', 'Microsoft Basic Render Driver']) {
      const plan = tfBackendPlan(TF_BACKENDS, { ...chromium, webglRenderer: renderer });
      expect(plan.order, renderer).toEqual(['wasm', 'webgl', 'cpu']);
      expect(plan.skipped).toEqual([
        { backend: 'webgl', reason: `drawn on the CPU by ${renderer}, slower than WASM` },
      ]);
    }
    const software = { ...chromium, webglRenderer: swiftShader };
    // Asked for alone (?backend=webgl, the per-device timing): tried, whatever draws it.
    expect(tfBackendPlan(['webgl'], software)).toEqual({ order: ['webgl'], skipped: [] });
    expect(tfBackendPlan(['webgl', 'cpu'], software).order).toEqual(['webgl', 'cpu']);
    // A GPU, or a renderer the browser does not name, keeps WebGL first.
    expect(tfBackendPlan(TF_BACKENDS, chromium).order).toEqual(['webgl', 'wasm', 'cpu']);
    expect(tfBackendPlan(TF_BACKENDS, { ...chromium, webglRenderer: null }).order[0]).toBe('webgl');
  });

  it('passes over WebGPU, with a reason, where the browser has no WebGPU', () => {
    expect(tfBackendPlan(['webgpu'], chromium).order).toEqual(['webgpu']);
    expect(tfBackendPlan(['webgpu', 'wasm'], { ...chromium, webgpu: false })).toEqual({
      order: ['wasm'],
      skipped: [{ backend: 'webgpu', reason: 'no WebGPU in this browser' }],
    });
  });

  it('keeps the order it is given (a URL backend alone, or the recovery after a lost context)', () => {
    expect(tfBackendPlan(['wasm', 'cpu'], { ...chromium, webgl: 'none' }).order).toEqual([
      'wasm',
      'cpu',
    ]);
    expect(tfBackendPlan(['webgl'], { ...chromium, webgl: 'none' }).order).toEqual([]);
  });

  it('passes over every backend without an OffscreenCanvas 2D to read a frame through', () => {
    const plan = tfBackendPlan(TF_BACKENDS, { ...chromium, offscreenCanvas: false, webgl: 'none' });
    expect(plan.order).toEqual([]);
    expect(plan.skipped.map((s) => s.backend)).toEqual(['webgl', 'wasm', 'cpu']);
  });
});

describe('frameSource', () => {
  it('waits for camera frames where it can, else for display refreshes', () => {
    expect(frameSource(true)).toBe('video-frame');
    expect(frameSource(false)).toBe('animation-frame');
  });
});

describe('cameraBlocker', () => {
  const browser: CameraFacts = { secureContext: true, getUserMedia: true, standalone: false };
  it.each([
    ['a secure tab', {}, null],
    ['an installed app that has the camera', { standalone: true }, null],
    ['an insecure page', { secureContext: false, getUserMedia: false }, 'insecure'],
    // iOS before 13.4 gave no camera API to Home Screen apps.
    [
      'an installed app without the camera API',
      { getUserMedia: false, standalone: true },
      'standalone',
    ],
    ['a tab without the camera API', { getUserMedia: false }, 'unsupported'],
  ] as const)('%s -> %s', (_, facts, blocker) => {
    expect(cameraBlocker({ ...browser, ...facts })).toBe(blocker);
  });
});
